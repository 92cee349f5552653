import Groupy
import PropCheckSimulator

/// The GMS liveness goal after healing: every up node has joined, all are in the
/// same view that contains all of them and at the same stream position; then each
/// multicasts a probe, and every probe must reach every up node. (gms4 must also
/// deliver every multicast made during the faults; gms1 to gms3 do not retry one
/// forwarded to a leader that dies, and their fault model says so.)
///
/// Groupy assumes the group outlives its members: if every member crashed, the group
/// is gone and the restarted nodes wait to join it for ever. Such runs (no member up
/// at all) are outside the fault model, and the goal holds vacuously for them.
public func gmsLiveness<V: GMSVersionTag>(_ version: V.Type = V.self) -> LivenessGoal<GroupMember<V>> {
    LivenessGoal(property: "gms-liveness",
                 "every up node joined, in one view holding all of them, at one stream position, every probe delivered everywhere",
                 unmet: { cluster in shortfalls(cluster).joined(separator: "; ") },
                 probe: { cluster in cluster.upNodes.map { ($0, GroupMember<V>.probeRequest) } },
                 isMet: { cluster in shortfalls(cluster).isEmpty })
}

/// What keeps the goal from holding, one phrase per node and condition.
func shortfalls<V: GMSVersionTag>(_ cluster: ClusterView<GroupMember<V>>) -> [String] {
    let up = cluster.upNodes
    if up.allSatisfy({ cluster.state(of: $0)?.role == .joining }) { return [] }
    guard let reference = up.compactMap(cluster.state(of:)).first(where: { $0.role == .leader }) ?? up.first.flatMap(cluster.state(of:)) else {
        return []
    }
    var problems: [String] = []
    for node in up {
        guard let member = cluster.state(of: node) else { continue }
        if member.role != .leader && member.role != .slave { problems.append("\(node) is \(member.role)") }
        if member.viewID != reference.viewID { problems.append("\(node) in view \(member.viewID), \(reference.id) in \(reference.viewID)") }
        if member.next != reference.next { problems.append("\(node) at stream position \(member.next), \(reference.id) at \(reference.next)") }
        let missing = up.filter { !member.peers.contains($0) }
        if !missing.isEmpty { problems.append("\(node)'s view lacks \(missing.map(\.description).joined(separator: " "))") }
        for other in up where other != node {
            let missing = (cluster.state(of: other)?.probesSent ?? []).filter { !member.probesDelivered.contains($0) }
            if !missing.isEmpty { problems.append("\(node) lacks \(other)'s probe") }
        }
        if V.version.recoversLostMessages, member.undeliveredOwnMulticasts > 0 {
            problems.append("\(node) waits for \(member.undeliveredOwnMulticasts) own multicasts")
        }
    }
    return problems
}
