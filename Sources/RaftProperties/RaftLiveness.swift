import PropCheckSimulator
import Raft

/// The Raft liveness goal after healing: a leader that every member of its
/// configuration follows in its term, with an entry of that term committed, and
/// every client request answered; then every up server's client reads, and those
/// reads must be answered too.
public func raftLiveness<V: RaftVariant>(_ variant: V.Type = V.self) -> LivenessGoal<RaftNode<V>> {
    LivenessGoal(property: "raft-liveness",
                 "a leader followed by every member, an entry of its term committed, every client request answered",
                 unmet: { cluster in raftShortfalls(cluster).joined(separator: "; ") },
                 probe: { cluster in cluster.upNodes.map { ($0, KVRequest.kv(.get(key: 0))) } },
                 isMet: { cluster in raftShortfalls(cluster).isEmpty })
}

/// What keeps the goal from holding.
func raftShortfalls<V: RaftVariant>(_ cluster: ClusterView<RaftNode<V>>) -> [String] {
    let servers = cluster.upNodes.compactMap(cluster.state(of:))
    var problems: [String] = []
    for server in servers where !server.client.isIdle {
        problems.append("\(server.client.id) waits for \(server.client.outstanding.map { "#\($0.seq) \($0.request)" } ?? "a queued request")")
    }
    guard let leader = servers.filter({ $0.role == .leader }).max(by: { $0.currentTerm < $1.currentTerm }) else {
        return ["no leader"] + problems
    }
    if leader.commitIndex == 0 || leader.log.term(at: leader.commitIndex) != leader.currentTerm {
        problems.append("leader \(leader.id) has committed nothing of term \(leader.currentTerm)")
    }
    for member in leader.configuration where member != leader.id {
        guard let server = cluster.state(of: member) else { continue }
        if server.currentTerm != leader.currentTerm || server.leader != leader.id {
            problems.append("\(member) is \(server.role) in term \(server.currentTerm), not following \(leader.id)")
        }
    }
    return problems
}
