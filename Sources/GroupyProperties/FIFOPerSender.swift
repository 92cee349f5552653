import Groupy
import PropCheckSimulator

/// FIFO per sender: a member delivers each sender's multicasts in the order sent.
public struct FIFOPerSender: Checker {
    public typealias Node = GroupMember
    public var property: String { "fifo-per-sender" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    struct Key: Hashable { var receiver: NodeID; var receiverIncarnation: Int; var sender: MulticastID }
    var highest: [Key: Int] = [:]
    public init() {}

    public mutating func observe(_ event: GMSEvent, in cluster: ClusterView<Node>) -> Violation? {
        guard case .observe(let node, .delivered(_, _, let message)) = event.kind else { return nil }
        let key = Key(receiver: node, receiverIncarnation: cluster.life(of: node) ?? 0,
                      sender: message.id.senderKey)
        if let previous = highest[key], message.id.number < previous {
            return Violation(property: property, message:
                "\(node) delivered \(message.id) after \(message.id.origin)'s later multicast number \(previous)",
                nodes: [node, message.id.origin])
        }
        highest[key] = max(highest[key] ?? 0, message.id.number)
        return nil
    }
}

extension MulticastID {
    /// The sender (node and incarnation), for per-sender tables.
    var senderKey: MulticastID { MulticastID(origin: origin, incarnation: incarnation, number: 0) }
}
