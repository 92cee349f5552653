import PropCheckEngine
import PropCheckSimulator

/// The simplest protocol worth simulating: every node pings every other node each
/// heartbeat, and answers pings with pongs. It has no bugs to find; it is the
/// framework's own floor in benchmarks and the subject of the simulator's tests.
///
/// Its one variant is a value (``Variant``), as every protocol's should be: a planted
/// trap that the `pingpong/trap` target runs. The heartbeat round is durable, so a
/// restarted node resumes counting where it stopped; which peers it has heard from
/// is volatile, so a crash forgets it.
public struct PingPong: SimulatedNode {
    /// Which PingPong a node runs.
    public enum Variant: String, Hashable, Sendable, CaseIterable {
        /// No trap.
        case plain
        /// A node that receives the same pong twice fails a `precondition`, which only
        /// message duplication brings about. It stands for protocol code that kills the
        /// process under faults, and exercises propcheck's crash isolation (`--isolate`):
        /// run in-process, it would end the campaign.
        case trapping
    }

    /// Every node of a run is built with the variant its configuration names.
    public typealias Parameters = Variant

    /// Pings and pongs, numbered by the sender's heartbeat round.
    public enum Message: SimulatedMessage, Hashable {
        case ping(round: Int)
        case pong(round: Int)

        public var description: String {
            switch self {
            case .ping(let round): "ping(\(round))"
            case .pong(let round): "pong(\(round))"
            }
        }
    }

    /// The one timer.
    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case heartbeat
        public var description: String { rawValue }
    }

    /// What survives a crash: the heartbeat round.
    public struct Durable: Hashable, Sendable { public var round: Int }

    /// Reported when a pong arrives.
    public enum Observation: Hashable, Sendable, CustomStringConvertible {
        case heard(from: NodeID, round: Int)
        public var description: String {
            switch self { case .heard(let from, let round): "heard \(from) in round \(round)" }
        }
    }

    /// Ticks between heartbeats.
    public static var heartbeatTicks: Int { 10 }

    /// This node.
    public let id: NodeID
    /// Plain, or trapping on a repeated pong.
    public let variant: Variant
    /// The nodes this one pings.
    public private(set) var peers: [NodeID]
    /// Heartbeats sent so far (durable).
    public private(set) var round: Int
    /// The latest round each node has answered, indexed by node (volatile).
    public private(set) var heardRound: [Int]

    public init(id: NodeID, cluster: ClusterInfo, durable: Durable?, parameters variant: Variant) {
        self.id = id
        self.variant = variant
        // Node numbers are dense: a node that joins as n5 knows n1 to n4 exist. (The
        // first campaign run caught the version that only knew its contact: two
        // joiners never heard of each other.) Older members learn of it from its pings.
        let known = cluster.initialMembers + (1..<id.rawValue).map { NodeID($0) }
        peers = known.reduce(into: []) { list, node in if node != id && !list.contains(node) { list.append(node) } }
        round = durable?.round ?? 0
        heardRound = Array(repeating: 0, count: max(cluster.initialMembers.count, id.rawValue))
    }

    public mutating func start(_ context: inout NodeContext<PingPong>) {
        context.setTimer(.heartbeat, after: PingPong.heartbeatTicks)
    }

    public mutating func timerFired(_ timer: Timer, _ context: inout NodeContext<PingPong>) {
        round += 1
        context.persist(Durable(round: round))
        for peer in peers { context.send(.ping(round: round), to: peer) }
        context.setTimer(.heartbeat, after: PingPong.heartbeatTicks)
    }

    public mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<PingPong>) {
        switch message {
        case .ping(let round):
            if !peers.contains(sender) { peers.append(sender) }
            context.send(.pong(round: round), to: sender)
        case .pong(let round):
            if variant == .trapping, sender.index < heardRound.count {
                precondition(heardRound[sender.index] != round, "pong \(round) from \(sender) received twice")
            }
            if sender.index >= heardRound.count {
                heardRound += Array(repeating: 0, count: sender.index + 1 - heardRound.count)
            }
            heardRound[sender.index] = max(heardRound[sender.index], round)
            context.observe(.heard(from: sender, round: round))
        }
    }

    /// A liveness goal: every up node has heard from every other up node since
    /// `round` (used to check that healing restores full connectivity).
    public static func everyoneHearsEveryone() -> LivenessGoal<PingPong> {
        LivenessGoal(property: "all-connected", "every up node hears a pong from every other up node") { cluster in
            let up = cluster.upNodes
            return up.allSatisfy { node in
                guard let state = cluster.state(of: node) else { return false }
                return up.allSatisfy { $0 == node || ($0.index < state.heardRound.count && state.heardRound[$0.index] > 0) }
            }
        }
    }
}
