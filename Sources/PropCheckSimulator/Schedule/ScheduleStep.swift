/// One external event of a schedule: a fault, a repair, a client request, or time
/// passing. Steps are plain data: they encode to small JSON objects
/// (`{"op": "crash", "node": 2}`) and print as one-liners (`crash n2`).
public enum ScheduleStep<Request: Codable & Hashable & Sendable & CustomStringConvertible>:
    Hashable, Sendable, CustomStringConvertible
{
    /// Let the cluster run for `ticks` of virtual time.
    case wait(ticks: Int)
    /// Deliver a client request to a node.
    case request(NodeID, Request)
    /// Crash a node: volatile state and messages in flight to it are lost.
    case crash(NodeID)
    /// Restart a crashed node from its durable state.
    case restart(NodeID)
    /// Cut every link between different groups, both ways. The groups must partition
    /// the members; the new partition replaces any earlier one.
    case partition([[NodeID]])
    /// Like `partition`, but `bridge` can still talk to every group (a non-transitive network).
    case bridge(NodeID, [[NodeID]])
    /// Cut the link from one node to another, in that direction only.
    case cut(from: NodeID, to: NodeID)
    /// Restore every link.
    case heal
    /// Start a new node that contacts `contact` to join the cluster.
    case join(contact: NodeID)
    /// Drop this percentage of messages from now on.
    case setLoss(percent: Int)
    /// Duplicate this percentage of messages from now on.
    case setDuplication(percent: Int)
    /// Freeze a node for `ticks` (a GC pause, a VM migration, SIGSTOP): it handles
    /// nothing, its timers do not fire, messages and requests to it wait; then it
    /// resumes with its state as it was, its timers overdue. Not a crash: nothing is lost.
    case pause(NodeID, ticks: Int)
    /// Like `partition`, but messages crossing it are held, not dropped, and released
    /// (reordered) when the network heals.
    case hold([[NodeID]])

    /// The step as people read it: `partition {n1 n2} {n3 n4 n5}`.
    public var description: String {
        switch self {
        case .wait(let ticks): "wait \(ticks)"
        case .request(let node, let request): "request \(node) \(request)"
        case .crash(let node): "crash \(node)"
        case .restart(let node): "restart \(node)"
        case .partition(let groups): "partition " + ScheduleStep.render(groups)
        case .bridge(let node, let groups): "bridge \(node) between " + ScheduleStep.render(groups)
        case .cut(let from, let to): "cut \(from) -> \(to)"
        case .heal: "heal"
        case .join(let contact): "join via \(contact)"
        case .setLoss(let percent): "loss \(percent)%"
        case .setDuplication(let percent): "duplicate \(percent)%"
        case .pause(let node, let ticks): "pause \(node) for \(ticks)"
        case .hold(let groups): "hold " + ScheduleStep.render(groups)
        }
    }

    /// The fault kind this step exercises; nil for waits, requests and heals (a heal
    /// repairs whichever partition, dropping or holding, is in force).
    public var faultKind: FaultKind? {
        switch self {
        case .wait, .request, .heal: nil
        case .crash, .restart: .crash
        case .partition, .bridge, .cut: .partition
        case .join: .join
        case .setLoss: .loss
        case .setDuplication: .duplication
        case .pause: .pause
        case .hold: .hold
        }
    }

    private static func render(_ groups: [[NodeID]]) -> String {
        groups.map { "{" + $0.map(\.description).joined(separator: " ") + "}" }.joined(separator: " ")
    }
}

extension ScheduleStep: Codable {
    private enum CodingKeys: String, CodingKey { case op, ticks, node, request, groups, from, to, contact, percent }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let op = try c.decode(String.self, forKey: .op)
        switch op {
        case "wait": self = .wait(ticks: try c.decode(Int.self, forKey: .ticks))
        case "request": self = .request(try c.decode(NodeID.self, forKey: .node), try c.decode(Request.self, forKey: .request))
        case "crash": self = .crash(try c.decode(NodeID.self, forKey: .node))
        case "restart": self = .restart(try c.decode(NodeID.self, forKey: .node))
        case "partition": self = .partition(try c.decode([[NodeID]].self, forKey: .groups))
        case "bridge": self = .bridge(try c.decode(NodeID.self, forKey: .node), try c.decode([[NodeID]].self, forKey: .groups))
        case "cut": self = .cut(from: try c.decode(NodeID.self, forKey: .from), to: try c.decode(NodeID.self, forKey: .to))
        case "heal": self = .heal
        case "join": self = .join(contact: try c.decode(NodeID.self, forKey: .contact))
        case "loss": self = .setLoss(percent: try c.decode(Int.self, forKey: .percent))
        case "duplicate": self = .setDuplication(percent: try c.decode(Int.self, forKey: .percent))
        case "pause": self = .pause(try c.decode(NodeID.self, forKey: .node), ticks: try c.decode(Int.self, forKey: .ticks))
        case "hold": self = .hold(try c.decode([[NodeID]].self, forKey: .groups))
        default:
            throw DecodingError.dataCorruptedError(forKey: .op, in: c, debugDescription:
                "unknown schedule step '\(op)'; expected one of wait, request, crash, restart, partition, bridge, cut, heal, "
                    + "join, loss, duplicate, pause, hold")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .wait(let ticks): try c.encode("wait", forKey: .op); try c.encode(ticks, forKey: .ticks)
        case .request(let node, let request):
            try c.encode("request", forKey: .op); try c.encode(node, forKey: .node); try c.encode(request, forKey: .request)
        case .crash(let node): try c.encode("crash", forKey: .op); try c.encode(node, forKey: .node)
        case .restart(let node): try c.encode("restart", forKey: .op); try c.encode(node, forKey: .node)
        case .partition(let groups): try c.encode("partition", forKey: .op); try c.encode(groups, forKey: .groups)
        case .bridge(let node, let groups):
            try c.encode("bridge", forKey: .op); try c.encode(node, forKey: .node); try c.encode(groups, forKey: .groups)
        case .cut(let from, let to): try c.encode("cut", forKey: .op); try c.encode(from, forKey: .from); try c.encode(to, forKey: .to)
        case .heal: try c.encode("heal", forKey: .op)
        case .join(let contact): try c.encode("join", forKey: .op); try c.encode(contact, forKey: .contact)
        case .setLoss(let percent): try c.encode("loss", forKey: .op); try c.encode(percent, forKey: .percent)
        case .setDuplication(let percent): try c.encode("duplicate", forKey: .op); try c.encode(percent, forKey: .percent)
        case .pause(let node, let ticks):
            try c.encode("pause", forKey: .op); try c.encode(node, forKey: .node); try c.encode(ticks, forKey: .ticks)
        case .hold(let groups): try c.encode("hold", forKey: .op); try c.encode(groups, forKey: .groups)
        }
    }
}

/// The kinds of fault a campaign can inject; swarm testing turns each on or off per run.
/// (New kinds go at the end: a corpus entry lists its kinds, and each kind's swarm
/// choice is drawn only when it is allowed, so older entries read as they were drawn.)
public enum FaultKind: String, CaseIterable, Codable, Sendable, Comparable {
    case crash, partition, loss, duplication, delay, clockSkew = "clock-skew", join
    /// Nodes freeze for a while and resume on stale state (`pause` steps).
    case pause
    /// A few messages are delayed far longer than the usual extra delay: past several
    /// timeouts, so stale replies and late retries arrive.
    case longDelay = "long-delay"
    /// Partitions that hold the messages crossing them and release them at the heal.
    case hold
    /// Storage loses what a node wrote but did not sync when it crashes (opt-in: a
    /// protocol that only ever `persist`s is unaffected).
    case storage

    public static func < (lhs: FaultKind, rhs: FaultKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
