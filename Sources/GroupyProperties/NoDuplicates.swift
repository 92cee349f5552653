import Groupy
import PropCheckSimulator

/// No member delivers the same multicast twice.
public struct NoDuplicates: Checker {
    public typealias Node = GroupMember
    public var property: String { "no-duplicates" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    struct Key: Hashable { var receiver: NodeID; var incarnation: Int; var message: MulticastID }
    var seen: Set<Key> = []
    public init() {}

    public mutating func observe(_ event: GMSEvent, in cluster: ClusterView<Node>) -> Violation? {
        guard case .observe(let node, .delivered(_, let seq, let message)) = event.kind else { return nil }
        let key = Key(receiver: node, incarnation: cluster.life(of: node) ?? 0, message: message.id)
        if !seen.insert(key).inserted {
            return Violation(property: property, message: "\(node) delivered \(message.id) \(message.body) twice (again as seq \(seq))",
                             nodes: [node, message.id.origin])
        }
        return nil
    }
}
