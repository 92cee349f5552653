import Groupy
import PropCheckSimulator

/// No gaps: a member takes the leader's stream (messages and views) position by
/// position; skipping one means it lost a message for good (Groupy's "lost msg").
/// A multicast that never entered the stream (forwarded to a leader that died) is
/// not a gap: Groupy does not promise it, and only gms4 resends it.
public struct NoGaps: Checker {
    public typealias Node = GroupMember
    public var property: String { "no-gaps" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    var expected: [NodeID: Int] = [:]
    public init() {}

    public mutating func observe(_ event: GMSEvent, in cluster: ClusterView<Node>) -> Violation? {
        let node: NodeID, seq: Int
        switch event.kind {
        case .crash(let crashed):
            expected[crashed] = nil
            return nil
        case .observe(let observer, .delivered(_, let position, _)), .observe(let observer, .skipped(let position)):
            (node, seq) = (observer, position)
        case .observe(let observer, .installedView(let view, _)):
            (node, seq) = (observer, view)
        default:
            return nil
        }
        defer { expected[node] = max(expected[node] ?? 0, seq + 1) }
        guard let next = expected[node], seq > next else { return nil }
        // Described only on a violation: this runs at every delivery.
        let what: String
        switch event.kind {
        case .observe(_, .delivered(_, _, let message)): what = "\(message.id) \(message.body)"
        case .observe(_, .installedView(let view, _)): what = "view \(view)"
        default: what = ""
        }
        let missing = seq - 1 > next ? "positions \(next) to \(seq - 1)" : "position \(next)"
        return Violation(property: property, message: "\(node) took \(what) at stream position \(seq) but never \(missing)",
                         nodes: [node])
    }
}
