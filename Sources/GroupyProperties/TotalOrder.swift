import Groupy
import PropCheckSimulator

/// Total order within a view: every live member that delivers a k-th message in a
/// view delivers the same one.
public struct TotalOrder: Checker {
    public typealias Node = GroupMember
    public var property: String { "total-order" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    struct Slot: Hashable { var view: Int; var position: Int }
    var positions: [NodeID: Slot] = [:]
    var chosen: [Slot: (message: MulticastID, nodes: [NodeID])] = [:]
    public init() {}

    public mutating func observe(_ event: GMSEvent, in cluster: ClusterView<Node>) -> Violation? {
        switch event.kind {
        case .observe(let node, .installedView(let view, _)):
            positions[node] = Slot(view: view, position: 0)
        case .crash(let node):
            positions[node] = nil
            for (slot, entry) in chosen where entry.nodes.contains(node) {
                let remaining = entry.nodes.filter { $0 != node }
                chosen[slot] = remaining.isEmpty ? nil : (entry.message, remaining)
            }
        case .observe(let node, .delivered(_, _, let message)):
            guard var slot = positions[node] else { return nil }
            slot.position += 1
            positions[node] = slot
            if let other = chosen[slot], other.message != message.id {
                return Violation(property: property, message:
                    "message \(slot.position) of view \(slot.view) is \(other.message) at \(other.nodes[0]) but \(message.id) at \(node)",
                    nodes: [other.nodes[0], node])
            }
            chosen[slot, default: (message.id, [])].nodes.append(node)
        default: break
        }
        return nil
    }
}
