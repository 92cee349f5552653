import Groupy
import PropCheckSimulator

/// The GMS liveness goal after healing: every up node has joined, all are in the
/// same view that contains all of them, all are at the same stream position, and
/// every multicast an up node made has come back to it (so reached the group).
///
/// gms1 to gms3 do not retry a multicast forwarded to a leader that dies (their fault
/// model says so), so the last condition applies to gms4 only.
///
/// Groupy assumes the group outlives its members: if every member crashed, the group
/// is gone and the restarted nodes wait to join it for ever. Such runs (no member up
/// at all) are outside the fault model, and the goal holds vacuously for them.
public func gmsLiveness<V: GMSVersionTag>(_ version: V.Type = V.self) -> LivenessGoal<GroupMember<V>> {
    LivenessGoal(property: "gms-liveness",
                 "every up node joined, in one view holding all of them, at one stream position, its multicasts delivered",
                 unmet: { cluster in shortfalls(cluster).joined(separator: "; ") },
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
        if V.version.recoversLostMessages, member.undeliveredOwnMulticasts > 0 {
            problems.append("\(node) waits for \(member.undeliveredOwnMulticasts) own multicasts")
        }
    }
    return problems
}
