import Groupy
import PropCheckSimulator

/// No gaps: once a member delivers a sender's multicast, it delivers every later one
/// in sequence; skipping one means a message was lost for it.
public struct NoGaps<V: GMSVersionTag>: Checker {
    public typealias Node = GroupMember<V>
    public var property: String { "no-gaps" }
    struct Key: Hashable { var receiver: NodeID; var incarnation: Int; var sender: MulticastID }
    var last: [Key: Int] = [:]
    public init() {}

    public mutating func observe(_ event: GMSEvent<V>, in cluster: ClusterView<Node>) -> Violation? {
        guard case .observe(let node, .delivered(_, let seq, let message)) = event.kind else { return nil }
        let key = Key(receiver: node, incarnation: cluster.state(of: node)?.incarnation ?? 0, sender: message.id.senderKey)
        defer { last[key] = max(last[key] ?? 0, message.id.number) }
        if let previous = last[key], message.id.number > previous + 1 {
            return Violation(property: property, message:
                "\(node) delivered \(message.id) (seq \(seq)) but never \(message.id.origin)'s multicast number \(previous + 1)",
                nodes: [node, message.id.origin])
        }
        return nil
    }
}
