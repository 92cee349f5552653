/// A sequence of external events, run against a cluster of `initialNodes` nodes.
public struct Schedule<Request: Codable & Hashable & Sendable & CustomStringConvertible>:
    Hashable, Sendable, Codable, CustomStringConvertible
{
    /// Nodes started before the first step (n1 … nK).
    public var initialNodes: Int
    /// The steps, in order.
    public var steps: [ScheduleStep<Request>]

    /// A schedule.
    public init(initialNodes: Int, steps: [ScheduleStep<Request>]) {
        self.initialNodes = initialNodes
        self.steps = steps
    }

    /// Numbered one-liners.
    public var description: String {
        if steps.isEmpty { return "(no steps)" }
        return steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }

    /// How many nodes the schedule can have at most (initial ones plus joins).
    public var nodeCapacity: Int {
        initialNodes + steps.reduce(0) { count, step in if case .join = step { count + 1 } else { count } }
    }

    /// Checks that every step makes sense where it stands: nodes exist and are in the
    /// right state, partitions partition the members, numbers are in range.
    public func validate() throws(ScheduleError) {
        guard initialNodes >= 1 else { throw ScheduleError(step: nil, message: "a cluster needs at least 1 node, got \(initialNodes)") }
        var members = (1...initialNodes).map { NodeID($0) }
        var down: Set<NodeID> = []
        for (index, step) in steps.enumerated() {
            func fail(_ message: String) -> ScheduleError { ScheduleError(step: index + 1, message: "'\(step)': \(message)") }
            func member(_ node: NodeID) throws(ScheduleError) {
                guard members.contains(node) else {
                    throw fail("there is no node \(node) (members: \(members.map(\.description).joined(separator: " ")))")
                }
            }
            func partition(_ groups: [[NodeID]], plus extra: NodeID? = nil) throws(ScheduleError) {
                let listed = groups.flatMap { $0 } + (extra.map { [$0] } ?? [])
                for node in listed { try member(node) }
                guard groups.count >= 2, groups.allSatisfy({ !$0.isEmpty }) else { throw fail("needs at least two non-empty groups") }
                guard Set(listed).count == listed.count else { throw fail("a node appears in more than one group") }
                guard Set(listed) == Set(members) else {
                    let missing = members.filter { !listed.contains($0) }.map(\.description).joined(separator: " ")
                    throw fail("not a partition of the members: \(missing) not in any group")
                }
            }
            switch step {
            case .wait(let ticks):
                guard ticks >= 0 else { throw fail("a wait cannot be negative") }
                // Virtual time must not overflow, whatever a recorded plan says.
                guard ticks <= 1_000_000_000 else { throw fail("a wait of more than 1,000,000,000 ticks") }
            case .request(let node, _): try member(node)
            case .crash(let node):
                try member(node)
                guard !down.contains(node) else { throw fail("\(node) is already down") }
                down.insert(node)
            case .restart(let node):
                try member(node)
                guard down.contains(node) else { throw fail("\(node) is not down") }
                down.remove(node)
            case .partition(let groups): try partition(groups)
            case .bridge(let node, let groups): try partition(groups, plus: node)
            case .cut(let from, let to):
                try member(from); try member(to)
                guard from != to else { throw fail("a node cannot be cut from itself") }
            case .heal: break
            case .join(let contact):
                try member(contact)
                members.append(NodeID(members.count + 1))
            case .pause(let node, let ticks):
                try member(node)
                guard (1...1_000_000_000).contains(ticks) else { throw fail("a pause must last 1 to 1,000,000,000 ticks") }
            case .hold(let groups):
                try partition(groups)
            case .setLoss(let percent), .setDuplication(let percent):
                guard (0...100).contains(percent) else { throw fail("a percentage must be between 0 and 100, got \(percent)") }
            }
        }
    }
}

/// A schedule that cannot run: which step, and what is wrong with it.
public struct ScheduleError: Error, Hashable, CustomStringConvertible {
    /// The 1-based step number, or nil for the schedule as a whole.
    public var step: Int?
    /// What is wrong.
    public var message: String

    /// An error about step `step` (1-based), or about the whole schedule when nil.
    public init(step: Int?, message: String) {
        self.step = step
        self.message = message
    }

    public var description: String {
        step.map { "invalid schedule: step \($0) \(message)" } ?? "invalid schedule: \(message)"
    }
}
