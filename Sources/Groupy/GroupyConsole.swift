import PropCheckSimulator

/// Renders a GMS run as Groupy's Erlang console printed it (seed 000), so users of
/// the original recognise their runs:
/// `leader 1: received {mcast, {change,7}} with seq num 16`, `slave 5: msg {change,7}
/// with seq num 16`, `slave 5: lost msg {change,13} with seq num 25`, `leader 1: crash`,
/// `slave 3: view 16 [n2,n3,n4]`.
public enum GroupyConsole {
    /// The console lines of a recorded trace.
    public static func render(_ trace: [TraceEvent<GroupMember>]) -> String {
        var leaders: Set<NodeID> = []
        var lines: [String] = []
        func role(_ node: NodeID) -> String { leaders.contains(node) ? "leader" : "slave" }
        for event in trace {
            switch event.kind {
            case .observe(let node, .becameLeader):
                leaders.insert(node)
            case .observe(let node, .delivered(_, let seq, let message)):
                if leaders.contains(node) {
                    lines.append("leader \(node.rawValue): received {mcast, \(message.body)} with seq num \(seq)")
                } else {
                    lines.append("slave \(node.rawValue): msg \(message.body) with seq num \(seq)")
                }
            case .observe(let node, .gap(let expected, _, let message)):
                lines.append("slave \(node.rawValue): lost msg \(message.map(\.body.description) ?? "{view}") with seq num \(expected)")
            case .observe(let node, .installedView(let view, let members)):
                if !leaders.contains(node) || view == 0 {
                    lines.append("\(role(node)) \(node.rawValue): view \(view) [\(members.map { "\($0.rawValue)" }.joined(separator: ","))]")
                }
            case .crash(let node):
                lines.append("\(role(node)) \(node.rawValue): crash")
                leaders.remove(node)
            case .join(let node, let contact):
                lines.append("worker \(node.rawValue): join via \(contact.rawValue)")
            case .restart(let node):
                lines.append("worker \(node.rawValue): restart")
            default:
                break
            }
        }
        return lines.joined(separator: "\n")
    }
}
