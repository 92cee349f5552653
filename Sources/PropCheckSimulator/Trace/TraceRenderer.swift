/// Turns a trace into text people read. Renderers run only on traces that were
/// recorded (failures, replays, `--trace`), never on a campaign's hot path.
public enum TraceRenderer {
    /// One line per event: `[42] t=130 n2 recv #17 ping(3) from n1`.
    public static func log<Node>(_ trace: [TraceEvent<Node>]) -> String {
        trace.map { event in
            "[\(event.index)] t=\(event.time) " + (event.node.map { "\($0) " } ?? "") + event.summary
        }.joined(separator: "\n")
    }

    /// The ANIM stream of seed 003, one line per event an animation needs:
    /// `START n`, `STATE n : role : term`, `SDATA a -> b : id : SEND kind`,
    /// `RDATA b <- a : id : RECEIVED kind`, plus `CRASH n` and `DROP a -> b : id`.
    /// STATE lines come from observations that describe a role change.
    public static func anim<Node>(_ trace: [TraceEvent<Node>]) -> String {
        var lines: [String] = []
        for event in trace {
            let prefix = "t=\(event.time) ANIM "
            switch event.kind {
            case .start(let n), .restart(let n): lines.append(prefix + "START \(n.rawValue)")
            case .join(let n, _): lines.append(prefix + "START \(n.rawValue)")
            case .crash(let n): lines.append(prefix + "CRASH \(n.rawValue)")
            case .send(let from, let to, let id, let message):
                lines.append(prefix + "SDATA \(from.rawValue) -> \(to.rawValue) : \(id) : SEND \(message.kind)")
            case .deliver(let from, let to, let id, let message):
                lines.append(prefix + "RDATA \(to.rawValue) <- \(from.rawValue) : \(id) : RECEIVED \(message.kind)")
            case .drop(let from, let to, let id, _, let reason):
                lines.append(prefix + "DROP \(from.rawValue) -> \(to.rawValue) : \(id) : \(reason)")
            case .observe(let n, let observation):
                if let role = (observation as? any RoleObservation)?.roleChange {
                    lines.append(prefix + "STATE \(n.rawValue) : \(role.role) : \(role.term)")
                }
            default: break
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The per-node column timeline of seed 002: a TIME column, then one column per
    /// node, one row per event, long entries wrapped inside their cell. Network
    /// changes and phases span the node columns. `options` choose the nodes shown
    /// (events elsewhere are left out) and the total width.
    public static func timeline<Node>(_ trace: [TraceEvent<Node>], options: TimelineOptions = .init()) -> String {
        let all = Set(trace.compactMap(\.node)).sorted()
        let nodes = options.nodes.map { chosen in all.filter(chosen.contains) } ?? all
        let timeWidth = max(6, String(trace.last?.time ?? 0).count + 2)
        // "│ TIME │" then " cell │" per node: the cells share what the width leaves.
        let width = max(8, (options.width - timeWidth - 4) / max(nodes.count, 1) - 3)
        let shown = options.nodes == nil ? trace : trace.filter { $0.node.map(nodes.contains) ?? true }
        func wrap(_ text: String, _ width: Int) -> [String] {
            var lines: [String] = []
            var rest = Substring(text)
            while !rest.isEmpty {
                lines.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            }
            return lines.isEmpty ? [""] : lines
        }
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            left + String(repeating: "─", count: timeWidth + 2)
                + nodes.map { _ in middle + String(repeating: "─", count: width + 2) }.joined() + right
        }
        var lines = [rule("┌", "┬", "┐")]
        lines.append("│ " + pad("TIME", timeWidth) + " │" + nodes.map { " " + pad($0.description, width) + " │" }.joined())
        lines.append(rule("├", "┼", "┤"))
        for event in shown {
            let time = "t=\(event.time)"
            if let node = event.node, let column = nodes.firstIndex(of: node) {
                let cell = wrap(event.summary, width)
                for (row, text) in cell.enumerated() {
                    var line = "│ " + pad(row == 0 ? time : "", timeWidth) + " │"
                    for index in nodes.indices { line += " " + pad(index == column ? text : "", width) + " │" }
                    lines.append(line)
                }
            } else {
                let span = max(nodes.count * (width + 3) - 3, width)
                for (row, text) in wrap("⟦ \(event.summary) ⟧", span).enumerated() {
                    lines.append("│ " + pad(row == 0 ? time : "", timeWidth) + " │ " + pad(text, span) + " │")
                }
            }
        }
        lines.append(rule("└", "┴", "┘"))
        return lines.joined(separator: "\n")
    }
}

/// What a terminal timeline shows: which nodes, in how many columns.
public struct TimelineOptions: Hashable, Sendable {
    /// The width a timeline fits by default: a terminal's, or a test log's.
    public static let defaultWidth = 100
    /// The total width in columns; cells narrow (and wrap) to fit, down to 8 columns each.
    public var width: Int
    /// The nodes shown, or nil for every node of the run.
    public var nodes: [NodeID]?

    /// Options; by default every node, in ``defaultWidth`` columns.
    public init(width: Int = TimelineOptions.defaultWidth, nodes: [NodeID]? = nil) {
        self.width = width
        self.nodes = nodes
    }
}

/// An observation that may announce a role change, for ANIM `STATE` lines and the
/// timeline: `(role: "leader", term: 3)`.
public protocol RoleObservation {
    /// The role and term this observation announces, or nil if it announces none.
    var roleChange: (role: String, term: Int)? { get }
}
