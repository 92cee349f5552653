import PropCheckSimulator
import Raft

/// The Raft liveness goal after healing: a leader that every member of its
/// configuration follows in its term, with an entry of that term committed, and
/// every client request answered; then every up server's client reads, and those
/// reads must be answered too.
public func raftLiveness() -> LivenessGoal<RaftServer> {
    LivenessGoal(property: "raft-liveness",
                 "a leader followed by every member, an entry of its term committed, every client request answered",
                 unmet: { cluster in raftShortfalls(cluster).map(\.description).joined(separator: "; ") },
                 probe: { cluster in cluster.upNodes.map { ($0, KVRequest.kv(.get(key: 0))) } },
                 isMet: { cluster in raftShortfalls(cluster, stopAtFirst: true).isEmpty })
}

/// One thing keeping the Raft liveness goal from holding. Kept as data and put into
/// words only for a report: the goal is judged at every instant of the heal phase.
enum RaftShortfall: CustomStringConvertible {
    case clientWaiting(ClientSession)
    case noLeader
    case nothingCommitted(leader: NodeID, term: Int)
    case notFollowing(NodeID, role: RaftRole, term: Int, leader: NodeID)

    var description: String {
        switch self {
        case .clientWaiting(let client):
            "\(client.id) waits for \(client.outstanding.map { "#\($0.seq) \($0.request)" } ?? "a queued request")"
        case .noLeader: "no leader"
        case .nothingCommitted(let leader, let term): "leader \(leader) has committed nothing of term \(term)"
        case .notFollowing(let member, let role, let term, let leader):
            "\(member) is \(role) in term \(term), not following \(leader)"
        }
    }
}

/// What keeps the goal from holding (only the first thing found, with `stopAtFirst`).
func raftShortfalls(_ cluster: ClusterView<RaftServer>, stopAtFirst: Bool = false) -> [RaftShortfall] {
    var problems: [RaftShortfall] = []
    var leader: RaftServer?
    for node in cluster.upNodes {
        guard let server = cluster.state(of: node) else { continue }
        if !server.client.isIdle {
            problems.append(.clientWaiting(server.client))
            if stopAtFirst { return problems }
        }
        if server.role == .leader, server.currentTerm > leader?.currentTerm ?? -1 { leader = server }
    }
    guard let leader else { return [.noLeader] + problems }
    // A broken variant may hold a commit index past its log: that is no commit of this
    // term (and committed-prefix reports it), never a reason to trap.
    if leader.commitIndex == 0 || leader.commitIndex > leader.log.count
        || leader.log.term(at: leader.commitIndex) != leader.currentTerm {
        problems.append(.nothingCommitted(leader: leader.id, term: leader.currentTerm))
        if stopAtFirst { return problems }
    }
    for member in leader.configuration where member != leader.id {
        guard let server = cluster.state(of: member) else { continue }
        if server.currentTerm != leader.currentTerm || server.leader != leader.id {
            problems.append(.notFollowing(member, role: server.role, term: server.currentTerm, leader: leader.id))
            if stopAtFirst { return problems }
        }
    }
    return problems
}
