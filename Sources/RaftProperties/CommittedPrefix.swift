import PropCheckSimulator
import Raft

/// Commit indices, checked on state rather than on events: after every handler, a
/// server's committed prefix (its log up to its commit index) must be a prefix of the
/// cluster's committed log, which only leaders extend (a leader's log up to its commit
/// index); its applied index must not pass its commit index. This catches a commit
/// index a server sets any way it likes (at a restart, on a message it misreads),
/// whether or not it reports it, the moment it does.
///
/// It reads incrementally: per server, only the entries committed since its last check.
public struct CommittedPrefix: Checker {
    public typealias Node = RaftServer
    public var property: String { "committed-prefix" }
    public var reads: EventCategories { .states }
    /// The cluster's committed log, as far as any leader has committed it.
    var committed: [LogEntry] = []
    /// Per server (by `NodeID.index`): the life checked, its commit index then, and
    /// whether it led then (a leader that commits its own removal steps down at once).
    var checked: [(life: Int, commit: Int, led: Bool)] = []

    public init() {}

    public mutating func observe(_ event: RaftEvent, in cluster: ClusterView<Node>) -> Violation? { nil }

    public mutating func stateChanged(_ node: NodeID, in cluster: ClusterView<Node>) -> Violation? {
        guard let life = cluster.life(of: node) else { return nil }
        guard let commit = cluster[node]?.commitIndex, let applied = cluster[node]?.lastApplied else { return nil }
        if applied > commit {
            return violation("\(node) applied up to \(applied), past its commit index \(commit)", node)
        }
        // Checked whether or not the commit index moved: a log cut below it is as wrong.
        if let length = cluster[node]?.log.count, commit > length {
            return violation("\(node) has commit index \(commit) but only \(length) entries", node)
        }
        while checked.count <= node.index { checked.append((-1, 0, false)) }
        let leads = cluster[node]?.role == .leader
        // A restart forgets the commit index (it is volatile): check the new life from 0.
        let sameLife = checked[node.index].life == life
        var from = sameLife ? checked[node.index].commit : 0
        let led = leads || (sameLife && checked[node.index].led)
        if commit < from { from = commit }
        guard commit > from, let log = cluster[node]?.log else {
            checked[node.index] = (life, commit, leads)
            return nil
        }
        if led {
            // A leader's commit (this handler's, even if it stepped down in it) extends the
            // cluster's committed log; the entries below must agree with it, as for anyone.
            if committed.count < commit {
                for index in committed.count..<commit { committed.append(log.entry(at: index + 1)) }
            }
        }
        for index in from..<commit {
            guard index < committed.count else {
                return violation("\(node) committed up to index \(commit), beyond the \(committed.count) entries any "
                                 + "leader has committed", node)
            }
            let entry = log.entry(at: index + 1)
            if entry != committed[index] {
                return violation("\(node) committed \(entry) at index \(index + 1), where the committed log has "
                                 + "\(committed[index])", node)
            }
        }
        checked[node.index] = (life, commit, leads)
        return nil
    }

    func violation(_ message: String, _ node: NodeID) -> Violation {
        Violation(property: property, message: message, nodes: [node])
    }
}
