import Groupy
import PropCheckSimulator

/// At most one live member leads any view. (Groupy's guarantees hold among members
/// that have not crashed: what a dead member did stops counting when it dies.)
public struct OneLeaderPerView: Checker {
    public typealias Node = GroupMember
    public var property: String { "one-leader-per-view" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    var leaders: [Int: NodeID] = [:]
    public init() {}

    public mutating func observe(_ event: GMSEvent, in cluster: ClusterView<Node>) -> Violation? {
        if case .crash(let node) = event.kind { leaders = leaders.filter { $0.value != node } }
        guard case .observe(let node, .becameLeader(let view)) = event.kind else { return nil }
        if let other = leaders[view], other != node {
            return Violation(property: property, message: "\(other) and \(node) both lead view \(view)", nodes: [other, node])
        }
        leaders[view] = node
        return nil
    }
}
