import Groupy
import PropCheckSimulator

/// The GMS liveness goal after healing: every up node has joined, all are in the
/// same view that contains all of them and at the same stream position; then each
/// multicasts a probe, and every probe must reach every up node. (gms4 must also
/// deliver every multicast made during the faults and give every joiner's worker the
/// group's state; gms1 to gms3 do not retry one forwarded to a leader that dies, and
/// their fault model says so.)
///
/// Groupy assumes the group outlives its members: if every member crashed, the group
/// is gone and the restarted nodes wait to join it for ever. Such runs (no member up
/// at all) are outside the fault model, and the goal holds vacuously for them; so does
/// its demand for the group's state once every worker that held it has crashed.
public func gmsLiveness() -> LivenessGoal<GroupMember> {
    LivenessGoal(property: "gms-liveness",
                 "every up node joined, in one view holding all of them, at one stream position, every probe delivered everywhere (gms4: every worker holding the group's state too)",
                 unmet: { cluster in
                     var problems: [String] = []
                     forEachShortfall(cluster) { problems.append($0.description); return true }
                     return problems.joined(separator: "; ")
                 },
                 probe: { cluster in cluster.upNodes.map { ($0, GroupMember.probeRequest) } },
                 // Judged at every virtual instant of the heal phase: stop at the first
                 // shortfall and build no text.
                 isMet: { cluster in
                     var met = true
                     forEachShortfall(cluster) { _ in met = false; return false }
                     return met
                 })
}

/// One condition of the goal that a node does not meet yet.
enum Shortfall: CustomStringConvertible {
    case role(NodeID, GroupMember.Role)
    case view(NodeID, Int, reference: NodeID, Int)
    case position(NodeID, Int, reference: NodeID, Int)
    case lacksPeers(NodeID, [NodeID])
    case lacksProbe(NodeID, of: NodeID)
    case waitsForOwnMulticasts(NodeID, Int)
    case awaitsState(NodeID)

    var description: String {
        switch self {
        case .role(let node, let role): "\(node) is \(role)"
        case .view(let node, let view, let reference, let referenceView): "\(node) in view \(view), \(reference) in \(referenceView)"
        case .position(let node, let next, let reference, let referenceNext):
            "\(node) at stream position \(next), \(reference) at \(referenceNext)"
        case .lacksPeers(let node, let missing): "\(node)'s view lacks \(missing.map(\.description).joined(separator: " "))"
        case .lacksProbe(let node, let other): "\(node) lacks \(other)'s probe"
        case .waitsForOwnMulticasts(let node, let count): "\(node) waits for \(count) own multicasts"
        case .awaitsState(let node): "\(node)'s worker waits for the group's state"
        }
    }
}

/// What the goal reads of one member, read once.
private struct MemberSnapshot {
    var node: NodeID, role: GroupMember.Role, viewID: Int, next: Int, peers: [NodeID]
    var probesSent: [MulticastID], probesDelivered: Set<MulticastID>, undelivered: Int
    var workerReady: Bool, recoversLostMessages: Bool
}

/// Calls `body` with each shortfall, one per node and condition, until it returns
/// false. Reads each node's state once: generic code copies a state it reads.
func forEachShortfall(_ cluster: ClusterView<GroupMember>, _ body: (Shortfall) -> Bool) {
    let up = cluster.upNodes
    let members: [MemberSnapshot] = up.compactMap { node in
        cluster[node].map { MemberSnapshot(node: node, role: $0.role, viewID: $0.viewID, next: $0.next, peers: $0.peers,
                                   probesSent: $0.probesSent, probesDelivered: $0.probesDelivered,
                                   undelivered: $0.undeliveredOwnMulticasts, workerReady: $0.worker.isReady,
                                   recoversLostMessages: $0.version.recoversLostMessages) }
    }
    if members.allSatisfy({ $0.role == .joining }) { return }
    // An up node always has a state, so `members` lists every up node.
    guard let reference = members.first(where: { $0.role == .leader }) ?? members.first else { return }
    let stateSurvives = members.contains { $0.workerReady && $0.role != .joining }
    for member in members {
        let node = member.node
        if member.role != .leader && member.role != .slave, !body(.role(node, member.role)) { return }
        if member.viewID != reference.viewID, !body(.view(node, member.viewID, reference: reference.node, reference.viewID)) { return }
        if member.next != reference.next, !body(.position(node, member.next, reference: reference.node, reference.next)) { return }
        if up.contains(where: { !member.peers.contains($0) }),
           !body(.lacksPeers(node, up.filter { !member.peers.contains($0) })) { return }
        for other in members where other.node != node {
            if other.probesSent.contains(where: { !member.probesDelivered.contains($0) }), !body(.lacksProbe(node, of: other.node)) { return }
        }
        if member.recoversLostMessages, member.undelivered > 0,
           !body(.waitsForOwnMulticasts(node, member.undelivered)) { return }
        // A joiner's worker holds nothing until the state arrives: without this, a run
        // could end before any joiner had a colour, and workers-agree would compare none.
        // Once no ready worker is up, the group's state died with its last holder (as the
        // group itself does when every member crashes): outside Groupy's model.
        if member.recoversLostMessages, !member.workerReady, stateSurvives, !body(.awaitsState(node)) { return }
    }
}
