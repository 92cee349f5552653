import PropCheckSimulator
import Raft

/// Raft's storage rule (Figure 2: "updated on stable storage before responding to
/// RPCs"), checked on state: a server that sent anything in a handler ends that
/// handler with its current term, vote and log synced, so that a crash right after
/// cannot make it take back a vote or an entry it acknowledged.
///
/// It reads the synced state (``ClusterView/durable(of:)``), which the simulator keeps
/// apart from unsynced writes with storage faults off too: the rule is broken the
/// moment it is, not only in a run whose crash happens to land in the window.
/// Applied to the variant's own view of what is durable, a variant that keeps part
/// of that state in memory (the term, the log) breaks it at its first vote or append.
public struct PersistedBeforeSend: Checker {
    public typealias Node = RaftServer
    public var property: String { "persisted-before-send" }
    public var reads: EventCategories { [.lifecycle, .sends, .states] }
    /// Per server (by `NodeID.index`): whether the running handler sent a message.
    var sent: [Bool] = []

    public init() {}

    public mutating func observe(_ event: RaftEvent, in cluster: ClusterView<Node>) -> Violation? {
        switch event.kind {
        case .send(let from, _, _, _):
            while sent.count <= from.index { sent.append(false) }
            sent[from.index] = true
        case .crash(let node) where node.index < sent.count:
            // A handler that halted mid-way is not checked: a crash loses nothing acknowledged
            // that the rule protects, and the next life starts from what was synced.
            sent[node.index] = false
        default:
            break
        }
        return nil
    }

    public mutating func stateChanged(_ node: NodeID, in cluster: ClusterView<Node>) -> Violation? {
        guard node.index < sent.count, sent[node.index] else { return nil }
        sent[node.index] = false
        // Field by field through the lent state: binding the whole server would copy it.
        guard let currentTerm = cluster[node]?.currentTerm else { return nil }
        let votedFor = cluster[node]?.votedFor
        let durable = cluster.durable(of: node)
        let term = durable?.term ?? 0, vote = durable?.votedFor
        let logMatches = cluster[node]?.log == durable?.log ?? RaftLog()
        if term == currentTerm, vote == votedFor, logMatches { return nil }
        guard let server = cluster.state(of: node) else { return nil }
        let log = durable?.log ?? RaftLog()
        var missing: [String] = []
        if term != server.currentTerm { missing.append("term \(server.currentTerm) (synced: \(term))") }
        if vote != server.votedFor {
            missing.append("vote \(server.votedFor?.description ?? "none") (synced: \(vote?.description ?? "none"))")
        }
        if log != server.log { missing.append("log of \(server.log.count) entries (synced: \(log.count))") }
        return Violation(property: property,
                         message: "\(node) sent a message with its \(missing.joined(separator: ", ")) not on stable storage",
                         nodes: [node])
    }
}
