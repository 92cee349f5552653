import Groupy
import PropCheckSimulator

/// Virtual synchrony: live members that move together from view V to view V'
/// delivered the same set of messages in V.
public struct VirtualSynchrony: Checker {
    public typealias Node = GroupMember
    public var property: String { "virtual-synchrony" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    struct Transition: Hashable { var from: Int; var to: Int }
    var current: [NodeID: (view: Int, delivered: Set<MulticastID>)] = [:]
    var transitions: [Transition: (nodes: [NodeID], delivered: Set<MulticastID>)] = [:]
    public init() {}

    public mutating func observe(_ event: GMSEvent, in cluster: ClusterView<Node>) -> Violation? {
        switch event.kind {
        case .observe(let node, .delivered(_, _, let message)):
            current[node]?.delivered.insert(message.id)
        case .crash(let node):
            current[node] = nil
            for (transition, entry) in transitions where entry.nodes.contains(node) {
                let remaining = entry.nodes.filter { $0 != node }
                transitions[transition] = remaining.isEmpty ? nil : (remaining, entry.delivered)
            }
        case .observe(let node, .installedView(let view, _)):
            defer { current[node] = (view, []) }
            guard let (from, delivered) = current[node] else { return nil }
            let transition = Transition(from: from, to: view)
            if let other = transitions[transition], other.delivered != delivered {
                let first = other.nodes[0]
                let onlyOther = other.delivered.subtracting(delivered).sorted().map(\.description)
                let onlyHere = delivered.subtracting(other.delivered).sorted().map(\.description)
                return Violation(property: property, message:
                    "\(first) and \(node) moved from view \(from) to \(view) but delivered different messages in view \(from): "
                    + "only \(first): \(onlyOther); only \(node): \(onlyHere)",
                    nodes: [first, node])
            }
            transitions[transition, default: ([], delivered)].nodes.append(node)
        default: break
        }
        return nil
    }
}
