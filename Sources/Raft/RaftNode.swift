import PropCheckEngine
import PropCheckSimulator

/// A ``RaftServer`` as the simulator runs it, its variant named as a type so that
/// each bug of the zoo is its own node type. It only forwards: every handler runs
/// the server's non-generic code and hands the effects on, and the server's public
/// state reads through it (`node.currentTerm`, `node.log`).
public struct RaftNode<V: RaftVariant>: SimulatedNode {
    public typealias Message = RaftMessage
    public typealias Observation = RaftObservation
    public typealias Request = KVRequest
    public typealias Timer = RaftTimer
    public typealias Durable = RaftDurable

    /// The server.
    public var server: RaftServer { storage }
    @usableFromInline var storage: RaftServer
    /// The effect buffer lent to each handler, kept to reuse its storage.
    @usableFromInline var buffer: [RaftContext.Effect] = []

    public init(id: NodeID, cluster: ClusterInfo, durable: Durable?) {
        storage = RaftServer(id: id, cluster: cluster, durable: durable, bug: V.bug, timing: V.timing)
    }

    // The server's state, read through the node (a projection of one field: no copy
    // of the server, even from unspecialised generic code such as the checkers).
    /// This server's name.
    @inlinable public var id: NodeID { storage.id }
    /// The configuration before any configuration entry.
    @inlinable public var initialMembers: [NodeID] { storage.initialMembers }
    /// Which life of the server this is.
    @inlinable public var life: Int { storage.life }
    /// The latest term the server has seen.
    @inlinable public var currentTerm: Int { storage.currentTerm }
    /// Whom it voted for in `currentTerm`.
    @inlinable public var votedFor: NodeID? { storage.votedFor }
    /// Its log; index 1 is `log[0]`.
    @inlinable public var log: RaftLog { storage.log }
    /// Follower, candidate or leader.
    @inlinable public var role: RaftRole { storage.role }
    /// The leader of `currentTerm`, when known.
    @inlinable public var leader: NodeID? { storage.leader }
    /// The highest index known committed.
    @inlinable public var commitIndex: Int { storage.commitIndex }
    /// The highest index applied to `store`.
    @inlinable public var lastApplied: Int { storage.lastApplied }
    /// The replicated key-value store.
    @inlinable public var store: KVStore { storage.store }
    /// The hosted client.
    @inlinable public var client: ClientSession { storage.client }
    /// The voting members: the last configuration in the log, committed or not.
    @inlinable public var configuration: [NodeID] { storage.configuration }
    /// True when this server is a voting member.
    @inlinable public var isMember: Bool { storage.isMember }

    @inlinable
    public mutating func start(_ context: inout NodeContext<RaftNode>) {
        run(&context) { $0.start(&$1) }
    }

    @inlinable
    public mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<RaftNode>) {
        run(&context) { $0.receive(message, from: sender, &$1) }
    }

    @inlinable
    public mutating func timerFired(_ timer: Timer, _ context: inout NodeContext<RaftNode>) {
        run(&context) { $0.timerFired(timer, &$1) }
    }

    @inlinable
    public mutating func request(_ request: KVRequest, _ context: inout NodeContext<RaftNode>) {
        run(&context) { $0.request(request, &$1) }
    }

    public static var requestGenerator: Gen<KVRequest> { KVRequest.generator }

    @inlinable @inline(__always)
    mutating func run(_ context: inout NodeContext<RaftNode>, _ handler: (inout RaftServer, inout RaftContext) -> Void) {
        var raft = RaftContext(randomness: context.randomness, buffer: buffer)
        buffer = []
        handler(&storage, &raft)
        // Handed on here, where the node type is concrete once specialised: a generic
        // helper taking any node type stayed unspecialised and looked up metadata.
        for effect in raft.recorded {
            switch effect {
            case .send(let message, let node): context.send(message, to: node)
            case .setTimer(let timer, let ticks): context.setTimer(timer, after: ticks)
            case .cancelTimer(let timer): context.cancelTimer(timer)
            case .persist(let durable): context.persist(durable)
            case .observe(let observation): context.observe(observation)
            }
        }
        buffer = raft.recorded
    }
}

extension RaftNode: StateSummary {
    public var stateSummary: String { server.stateSummary }
}
