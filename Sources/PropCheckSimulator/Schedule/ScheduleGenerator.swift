import PropCheckEngine

/// Draws schedules that are valid by construction, step by step, tracking which
/// nodes are up, down and members so that every step makes sense where it stands.
///
/// Each step is one span whose first choice is its kind, numbered so that 0 (wait)
/// is simplest; fresh draws pick only kinds the swarm options enable. A replayed
/// choice that no longer makes sense (crash a node that is down) drops the step, so
/// shrinking can only ever remove or simplify faults.
@usableFromInline
struct ScheduleGenerator<Node: SimulatedNode> {
    var initialNodes: Int
    var options: SwarmOptions
    var maxSteps: Int
    var maxWaitTicks: Int
    var maxPauseTicks: Int

    @usableFromInline
    init(initialNodes: Int, options: SwarmOptions, maxSteps: Int, maxWaitTicks: Int, maxPauseTicks: Int = 300) {
        self.initialNodes = initialNodes
        self.options = options
        self.maxSteps = maxSteps
        self.maxWaitTicks = maxWaitTicks
        self.maxPauseTicks = maxPauseTicks
    }

    // New kinds go at the end: a step's first choice is its kind's number.
    private enum Kind: UInt64, CaseIterable {
        case wait, request, crash, restart, partition, heal, join, loss, duplication, pause, hold
    }

    @usableFromInline
    func draw(from source: ChoiceSource) throws -> Schedule<Node.Request> {
        var members = (1...initialNodes).map { NodeID($0) }
        var down: [NodeID] = []
        var steps: [ScheduleStep<Node.Request>] = []
        let enabled = Kind.allCases.filter(isEnabled)
        // Fresh schedules stop after each step with probability 1 / (0.4 * maxSteps): a
        // mean of 40% of the most steps (8 of 20), so long budgets give long schedules.
        let stopOdds = UInt64(max(2, maxSteps * 2 / 5))
        source.startSpan("schedule")
        defer { source.endSpan() }
        while steps.count < maxSteps {
            source.startSpan(SimulationSpans.step)
            defer { source.endSpan() }
            guard source.drawBit(chance: stopOdds - 1, in: stopOdds), !source.overran else { break }
            let raw = source.draw(upTo: UInt64(Kind.allCases.count - 1)) { rng in
                enabled[Int(rng.next(upTo: UInt64(enabled.count - 1)))].rawValue
            }
            guard let kind = Kind(rawValue: raw), isEnabled(kind) else { continue }
            let up = members.filter { !down.contains($0) }
            func pick(_ from: [NodeID]) -> NodeID? {
                let choice = Int(source.draw(upTo: UInt64(max(members.count, 1) - 1)) { rng in
                    from.isEmpty ? 0 : UInt64(from[Int(rng.next(upTo: UInt64(from.count - 1)))].index)
                })
                return choice < members.count && from.contains(members[choice]) ? members[choice] : nil
            }
            switch kind {
            case .wait:
                steps.append(.wait(ticks: 1 + Int(source.draw(upTo: UInt64(maxWaitTicks - 1)))))
            case .request:
                guard let node = pick(up) else { continue }
                steps.append(.request(node, try Node.requestGenerator.generate(from: source)))
            case .crash:
                guard let node = pick(up) else { continue }
                down.append(node)
                steps.append(.crash(node))
            case .restart:
                guard let node = pick(down) else { continue }
                down.removeAll { $0 == node }
                steps.append(.restart(node))
            case .partition:
                if let step = drawPartition(source, members: members, pick: pick) { steps.append(step) }
            case .heal:
                steps.append(.heal)
            case .join:
                guard let contact = pick(up) else { continue }
                members.append(NodeID(members.count + 1))
                steps.append(.join(contact: contact))
            case .loss:
                steps.append(.setLoss(percent: Int(source.draw(upTo: 50))))
            case .duplication:
                steps.append(.setDuplication(percent: Int(source.draw(upTo: 30))))
            case .pause:
                guard let node = pick(up) else { continue }
                steps.append(.pause(node, ticks: 1 + Int(source.draw(upTo: UInt64(maxPauseTicks - 1)))))
            case .hold:
                // The shapes of a partition whose groups cover the members: isolate one, split in two.
                guard members.count >= 2 else { continue }
                if source.draw(upTo: 1) == 0 {
                    guard let node = pick(members) else { continue }
                    steps.append(.hold([[node], members.filter { $0 != node }]))
                } else {
                    let sides = members.map { _ in source.draw(upTo: 1) }
                    let groups = [zip(members, sides).filter { $0.1 == 0 }.map(\.0), zip(members, sides).filter { $0.1 == 1 }.map(\.0)]
                    guard groups.allSatisfy({ !$0.isEmpty }) else { continue }
                    steps.append(.hold(groups))
                }
            }
        }
        // Steps are what a reader counts: the shrinker prefers fewer of them, even at the
        // price of a longer run after them.
        source.reportSize(steps.count)
        return Schedule(initialNodes: initialNodes, steps: steps)
    }

    private func isEnabled(_ kind: Kind) -> Bool {
        switch kind {
        case .wait: true
        case .request: options.requests
        case .crash, .restart: options.crashes
        case .partition: options.partitions
        case .heal: options.partitions || options.holds
        case .join: options.joins
        case .loss: options.lossPercent > 0
        case .duplication: options.duplicationPercent > 0
        case .pause: options.pauses
        case .hold: options.holds
        }
    }

    /// Shape first (0 isolate one node, 1 split in two, possibly with a bridge, 2 cut one
    /// link one way), then its nodes.
    private func drawPartition(_ source: ChoiceSource, members: [NodeID],
                               pick: ([NodeID]) -> NodeID?) -> ScheduleStep<Node.Request>? {
        guard members.count >= 2 else { return nil }
        switch source.draw(upTo: 2) {
        case 0:
            guard let node = pick(members) else { return nil }
            return .partition([[node], members.filter { $0 != node }])
        case 1:
            let bridge = source.draw(upTo: 1) == 1 ? pick(members) : nil
            let rest = members.filter { $0 != bridge }
            let sides = rest.map { _ in source.draw(upTo: 1) }
            let groups = [zip(rest, sides).filter { $0.1 == 0 }.map(\.0), zip(rest, sides).filter { $0.1 == 1 }.map(\.0)]
            guard groups.allSatisfy({ !$0.isEmpty }) else { return nil }
            return bridge.map { .bridge($0, groups) } ?? .partition(groups)
        default:
            guard let from = pick(members), let to = pick(members.filter { $0 != from }) else { return nil }
            return .cut(from: from, to: to)
        }
    }
}

/// The labels of the spans a simulation's choices are marked with, for tools that work
/// on its structure (the guided search's mutations).
public enum SimulationSpans {
    /// One schedule step.
    public static let step = "step"
}
