import Groupy
import PropCheckSimulator

/// The view a member holds, checked on its state after every handler rather than on
/// what it reports: a member in a view is in it, a leader heads it and a slave does
/// not, the view number never goes down within a life, and the view held is the one
/// the member last reported installing (less the peers it has since learnt failed). The event checkers (same-view-sequence,
/// one-leader-per-view) see only reported views; this one catches a view changed
/// without a report, or a role taken without the view that goes with it.
public struct ViewState: Checker {
    public typealias Node = GroupMember
    public var property: String { "view-state" }
    public var reads: EventCategories { [.observations, .states] }
    /// Per member (by `NodeID.index`): the life, and the view it last reported installing.
    var reported: [(life: Int, view: Int, members: [NodeID])?] = []

    public init() {}

    public mutating func observe(_ event: GMSEvent, in cluster: ClusterView<Node>) -> Violation? {
        guard case .observe(let node, .installedView(let view, let members)) = event.kind,
              let life = cluster.life(of: node) else { return nil }
        while reported.count <= node.index { reported.append(nil) }
        if let last = reported[node.index], last.life == life, view < last.view {
            return violation("\(node) installed view \(view) after view \(last.view)", node)
        }
        reported[node.index] = (life, view, members)
        return nil
    }

    public mutating func stateChanged(_ node: NodeID, in cluster: ClusterView<Node>) -> Violation? {
        // Field by field through the lent state: binding the whole member would copy it.
        guard let role = cluster[node]?.role, role != .joining,
              let peers = cluster[node]?.peers, let viewID = cluster[node]?.viewID else { return nil }
        guard peers.contains(node) else {
            return violation("\(node) is \(role) in view \(viewID) \(render(peers)), which lacks it", node)
        }
        if role == .leader, peers.first != node {
            return violation("\(node) leads view \(viewID) \(render(peers)), which \(peers[0]) heads", node)
        }
        if role == .slave, peers.first == node {
            return violation("\(node) heads view \(viewID) \(render(peers)) but is a slave", node)
        }
        guard node.index < reported.count, let last = reported[node.index], last.life == cluster.life(of: node) else {
            return violation("\(node) holds view \(viewID) \(render(peers)) without having reported a view", node)
        }
        // Between a failure notice and the next view a member drops the failed peers from
        // its list (Groupy's election reads the list); it never adds one without a view.
        if last.view != viewID || !isSubsequence(peers, of: last.members) {
            return violation("\(node) holds view \(viewID) \(render(peers)), but last reported installing view "
                             + "\(last.view) \(render(last.members))", node)
        }
        return nil
    }

    private func violation(_ message: String, _ node: NodeID) -> Violation {
        Violation(property: property, message: message, nodes: [node])
    }

    /// True when `part` is `whole` with some members left out, in the same order.
    private func isSubsequence(_ part: [NodeID], of whole: [NodeID]) -> Bool {
        var rest = whole[...]
        for member in part {
            guard let found = rest.firstIndex(of: member) else { return false }
            rest = rest[rest.index(after: found)...]
        }
        return true
    }

    private func render(_ members: [NodeID]) -> String { "[" + members.map(\.description).joined(separator: " ") + "]" }
}
