import PropCheckSimulator

/// A space-time (Lamport) diagram of a run as inline SVG: a vertical line per node,
/// time downward, one row per drawn event (so no two labels share a row), arrows
/// for delivered messages, crossed dashed lines for lost ones, crash and restart
/// marks, shaded partitions, role changes on the node lines, and the violation.
public struct SpaceTimeDiagram {
    let run: ReportRun
    static let rowHeight = 18
    static let columnWidth = 160
    /// Room on the left: a gutter for times, then for labels of arrows that point left
    /// into the first node's line.
    static let timeGutter = 56
    static let left = timeGutter + 150
    static let top = 44

    /// A diagram of `run`.
    public init(run: ReportRun) { self.run = run }

    /// A drawn row: the event, or the violation when its event is not drawn.
    struct Row {
        var event: ReportRun.Event?
        var time: Int
    }

    /// Which events get a row: everything but timers, notes and duplicates (the
    /// table below the diagram lists those), plus the violation's own event.
    func rows() -> [Row] {
        var rows: [Row] = []
        for event in run.events {
            switch event.kind {
            case .note, .duplicate:
                if event.index == run.violation?.eventIndex { rows.append(Row(event: event, time: event.time)) }
            default: rows.append(Row(event: event, time: event.time))
            }
        }
        if let violation = run.violation, !rows.contains(where: { $0.event?.index == violation.eventIndex }) {
            rows.append(Row(event: nil, time: violation.time))
        }
        return rows
    }

    func x(_ node: NodeID) -> Int {
        Self.left + (run.nodes.firstIndex(of: node) ?? 0) * Self.columnWidth
    }

    func y(_ row: Int) -> Int { Self.top + row * Self.rowHeight + Self.rowHeight / 2 }

    /// The SVG element.
    public func svg() -> String {
        let rows = rows()
        // Room on the right for the last node's labels and the violation's name.
        let width = Self.left + max(run.nodes.count, 1) * Self.columnWidth + 200
        let height = Self.top + rows.count * Self.rowHeight + 20
        var back: [String] = [], lines: [String] = [], marks: [String] = []

        // Where each message left: copies made by duplication leave with the original.
        var sendRow: [Int: (row: Int, from: NodeID)] = [:]
        var copyOf: [Int: Int] = [:]
        for event in run.events { if case .duplicate(_, let id, let original) = event.kind { copyOf[id] = original } }

        // Partitions shade the rows from their start to the heal (or the end).
        var partitionStart: (row: Int, text: String)?
        func closePartition(at row: Int) {
            guard let start = partitionStart else { return }
            back.append("<rect class=\"partition\" x=\"0\" y=\"\(y(start.row) - Self.rowHeight / 2)\" width=\"\(width)\" "
                + "height=\"\((row - start.row) * Self.rowHeight)\"><title>\(escapeHTML(start.text))</title></rect>")
            partitionStart = nil
        }

        // Node lines: solid while up, dotted while down, absent before the node starts.
        var upSince: [NodeID: Int] = [:], downSince: [NodeID: Int] = [:], pausedSince: [NodeID: Int] = [:]
        func lifeline(_ node: NodeID, from: Int, to: Int, up: Bool) {
            guard to > from || up else { return }
            lines.append("<line class=\"\(up ? "life" : "down")\" x1=\"\(x(node))\" y1=\"\(y(from))\" x2=\"\(x(node))\" y2=\"\(y(to))\"/>")
        }

        for (position, row) in rows.enumerated() {
            let rowY = y(position)
            guard let event = row.event else { continue }
            let node = event.node
            switch event.kind {
            case .start, .join:
                guard let node else { break }
                upSince[node] = position
                let label = if case .join(let contact) = event.kind { "join via \(contact)" } else { "start" }
                marks.append(mark(.start, node: node, row: position, label: label))
            case .restart:
                guard let node else { break }
                if let down = downSince.removeValue(forKey: node) { lifeline(node, from: down, to: position, up: false) }
                upSince[node] = position
                marks.append(mark(.start, node: node, row: position, label: "restart"))
            case .pause(let until):
                guard let node else { break }
                pausedSince[node] = pausedSince[node] ?? position
                marks.append(label("paused until t=\(until)", near: node, row: position, pointingRight: true, cssClass: "crash-label",
                                   title: "\(node) paused (frozen, state kept) until t=\(until)"))
            case .resume:
                guard let node, let since = pausedSince.removeValue(forKey: node) else { break }
                // A thick dashed band over the lifeline: frozen, not dead.
                lines.append("<line class=\"paused\" x1=\"\(x(node))\" y1=\"\(y(since))\" x2=\"\(x(node))\" y2=\"\(rowY)\">"
                    + "<title>\(node) paused</title></line>")
                marks.append(label("resumed", near: node, row: position, pointingRight: true, cssClass: "start-label",
                                   title: "\(node) resumed with its state as it was"))
            case .crash:
                guard let node else { break }
                if let since = pausedSince.removeValue(forKey: node) {
                    lines.append("<line class=\"paused\" x1=\"\(x(node))\" y1=\"\(y(since))\" x2=\"\(x(node))\" y2=\"\(rowY)\"/>")
                }
                if let up = upSince.removeValue(forKey: node) { lifeline(node, from: up, to: position, up: true) }
                downSince[node] = position
                marks.append(mark(.crash, node: node, row: position, label: "crash"))
            case .send(_, let id, _, _):
                if let node { sendRow[id] = (position, node) }
            case .deliver(let from, let id, let kind, let text):
                guard let node, let sent = sendRow[id] ?? copyOf[id].flatMap({ sendRow[$0] }) else { break }
                let (x1, y1, x2) = (x(from), y(sent.row), x(node))
                lines.append("<line class=\"msg\" x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(rowY)\" marker-end=\"url(#arrow)\">"
                    + "<title>#\(id) \(escapeHTML(text)) \(from) → \(node)</title></line>")
                marks.append(label(kind, near: node, row: position, pointingRight: x2 >= x1, cssClass: "msg-label",
                                   title: "#\(id) \(text)"))
            case .drop(let from, let id, let kind, let text, let reason):
                guard let node else { break }
                let start = sendRow[id] ?? copyOf[id].flatMap { sendRow[$0] } ?? (position, from)
                let (x1, y1) = (x(from), y(start.row))
                let x2 = x1 + (x(node) - x1) * 6 / 10, y2 = y1 + (rowY - y1) * 6 / 10 + (x(node) == x1 ? Self.rowHeight / 2 : 0)
                lines.append("<line class=\"lost\" x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\">"
                    + "<title>#\(id) \(escapeHTML(text)) \(from) → \(node): lost (\(escapeHTML(reason)))</title></line>")
                marks.append("<text class=\"lost-mark\" x=\"\(x2)\" y=\"\(y2 + 4)\" text-anchor=\"middle\">×</text>")
                marks.append(label("lost \(kind) (\(reason))", near: from, row: position, pointingRight: true,
                                   cssClass: "lost-label", title: "#\(id) \(text)"))
            case .role(let role, let term):
                guard let node else { break }
                let color = role == "leader" ? Palette.vermillion : (role == "candidate" ? Palette.orange : Palette.blue)
                marks.append("<circle class=\"role\" cx=\"\(x(node))\" cy=\"\(rowY)\" r=\"5\" fill=\"\(color)\"/>")
                marks.append(label("\(role) \(term)", near: node, row: position, pointingRight: true, cssClass: "role-label",
                                   title: "\(node) became \(role) in term/view \(term)"))
            case .network(let text):
                if text.hasPrefix("partition") || text.hasPrefix("bridge") || text.hasPrefix("cut") {
                    closePartition(at: position)
                    partitionStart = (position, text)
                } else if text == "heal" {
                    closePartition(at: position)
                }
                marks.append("<text class=\"net-label\" x=\"\(Self.timeGutter + 4)\" y=\"\(rowY + 4)\">\(escapeHTML(clip(text, 60)))</text>")
            case .phase(let text):
                back.append("<line class=\"phase\" x1=\"0\" y1=\"\(rowY)\" x2=\"\(width)\" y2=\"\(rowY)\"/>")
                marks.append("<text class=\"net-label\" x=\"\(Self.timeGutter + 4)\" y=\"\(rowY - 3)\">\(escapeHTML(text))</text>")
            case .note, .duplicate: break
            }
        }
        let last = max(rows.count - 1, 0)
        closePartition(at: rows.count)
        // Messages still in flight when the run ended: a dotted stub towards the receiver.
        var arrived = Set<Int>()
        for event in run.events {
            switch event.kind {
            case .deliver(_, let id, _, _), .drop(_, let id, _, _, _): arrived.insert(copyOf[id] ?? id)
            default: break
            }
        }
        for event in run.events {
            guard case .send(let to, let id, let kind, let text) = event.kind, !arrived.contains(id),
                  let sent = sendRow[id], run.nodes.contains(to) else { continue }
            let (x1, y1) = (x(sent.from), y(sent.row))
            let x2 = x1 + (x(to) - x1) * 4 / 10, y2 = y1 + (y(last) - y1) * 4 / 10 + Self.rowHeight / 2
            lines.append("<line class=\"inflight\" x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\">"
                + "<title>#\(id) \(escapeHTML(kind)): \(escapeHTML(text)) \(sent.from) → \(to), in flight at the end</title></line>")
        }
        for (node, row) in upSince { lifeline(node, from: row, to: last, up: true) }
        for (node, row) in downSince { lifeline(node, from: row, to: last, up: false) }

        if let violation = run.violation {
            let position = rows.firstIndex { $0.event?.index == violation.eventIndex } ?? last
            let rowY = y(position)
            back.append("<rect class=\"violation\" x=\"0\" y=\"\(rowY - Self.rowHeight / 2)\" width=\"\(width)\" height=\"\(Self.rowHeight)\">"
                + "<title>\(escapeHTML(violation.description))</title></rect>")
            for node in violation.nodes where run.nodes.contains(node) {
                marks.append("<circle class=\"culprit\" cx=\"\(x(node))\" cy=\"\(rowY)\" r=\"8\"/>")
            }
            marks.append("<text class=\"violation-label\" x=\"\(width - 6)\" y=\"\(rowY + 4)\" text-anchor=\"end\">✗ \(escapeHTML(violation.property))</text>")
        }

        // Times on the left, when they change.
        var previous: Int?
        for (position, row) in rows.enumerated() where row.time != previous {
            previous = row.time
            marks.append("<text class=\"time\" x=\"\(Self.timeGutter - 4)\" y=\"\(y(position) + 4)\" text-anchor=\"end\">t=\(row.time)</text>")
        }
        let heads = run.nodes.map { node in
            "<text class=\"node\" x=\"\(x(node))\" y=\"\(Self.top - 14)\" text-anchor=\"middle\">\(escapeHTML(node.description))</text>"
        }
        // Lifelines are sorted so the output does not depend on dictionary order.
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="spacetime" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" role="img" aria-label="space-time diagram">
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="\(Palette.blue)"/></marker></defs>
            \((back + heads + lines.sorted() + marks).joined(separator: "\n"))
            </svg>
            """
    }

    enum Mark { case start, crash }

    func mark(_ kind: Mark, node: NodeID, row: Int, label text: String) -> String {
        let (cx, cy) = (x(node), y(row))
        let shape = switch kind {
        case .start: "<rect class=\"start\" x=\"\(cx - 5)\" y=\"\(cy - 5)\" width=\"10\" height=\"10\"/>"
        case .crash: "<text class=\"crash\" x=\"\(cx)\" y=\"\(cy + 6)\" text-anchor=\"middle\">✕</text>"
        }
        return shape + label(text, near: node, row: row, pointingRight: true, cssClass: kind == .crash ? "crash-label" : "start-label",
                             title: "\(node) \(text)")
    }

    func label(_ text: String, near node: NodeID, row: Int, pointingRight: Bool, cssClass: String, title: String) -> String {
        let offset = pointingRight ? 9 : -9
        return "<text class=\"\(cssClass)\" x=\"\(x(node) + offset)\" y=\"\(y(row) + 4)\" text-anchor=\"\(pointingRight ? "start" : "end")\">"
            + "<title>\(escapeHTML(title))</title>\(escapeHTML(clip(text, 22)))</text>"
    }

    func clip(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
