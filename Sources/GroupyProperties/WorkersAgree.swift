import Groupy
import PropCheckSimulator

/// After quiescence (at the end of a run that met its liveness goal), every ready
/// worker at the same stream position holds the same colour.
public struct WorkersAgree: Checker {
    public typealias Node = GroupMember
    public var property: String { "workers-agree" }
    /// It judges the end state alone.
    public var reads: EventCategories { [] }
    public init() {}

    public func observe(_ event: GMSEvent, in cluster: ClusterView<Node>) -> Violation? { nil }

    public func finish(_ cluster: ClusterView<Node>) -> Violation? {
        var byPosition: [Int: (node: NodeID, color: RGB)] = [:]
        for node in cluster.upNodes {
            guard let member = cluster.state(of: node), member.worker.isReady, member.role != .joining else { continue }
            if let other = byPosition[member.next], other.color != member.worker.color {
                return Violation(property: property, kind: .liveness, message:
                    "after quiescence \(other.node) has colour \(other.color) but \(node) has \(member.worker.color), both at stream position \(member.next)",
                    nodes: [other.node, node])
            }
            byPosition[member.next] = (node, member.worker.color)
        }
        return nil
    }
}
