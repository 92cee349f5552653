import Groupy
import PropCheckSimulator

/// Every member installs the same sequence of views: a view number means the same
/// members at every live member that installed it, and each member's view numbers
/// only go up. A view installed only by members that have since crashed is forgotten.
public struct SameViewSequence: Checker {
    public typealias Node = GroupMember
    public var property: String { "same-view-sequence" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    var views: [Int: (members: [NodeID], installers: [NodeID])] = [:]
    var latest: [NodeID: Int] = [:]
    public init() {}

    public mutating func observe(_ event: GMSEvent, in cluster: ClusterView<Node>) -> Violation? {
        switch event.kind {
        case .observe(let node, .installedView(let view, let members)):
            if let known = views[view], known.members != members {
                return Violation(property: property, message:
                    "view \(view) is \(render(known.members)) at \(known.installers[0]) but \(render(members)) at \(node)",
                    nodes: [known.installers[0], node])
            }
            views[view, default: (members, [])].installers.append(node)
            if let previous = latest[node], previous >= view, view != 0 || previous != 0 {
                return Violation(property: property, message: "\(node) installed view \(view) after view \(previous)", nodes: [node])
            }
            latest[node] = view
        case .crash(let node):
            latest[node] = nil
            for (view, entry) in views where entry.installers.contains(node) {
                let remaining = entry.installers.filter { $0 != node }
                views[view] = remaining.isEmpty ? nil : (entry.members, remaining)
            }
        default: break
        }
        return nil
    }

    private func render(_ members: [NodeID]) -> String { "[" + members.map(\.description).joined(separator: " ") + "]" }
}
