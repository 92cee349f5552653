import PropCheckSimulator

/// A space-time (Lamport) diagram of a run as inline SVG: a vertical line per node,
/// time downward, one row per drawn event (so no two labels share a row), arrows
/// for delivered messages, crossed dashed lines for lost ones, crash, restart and
/// pause marks, failure notices and the timers whose handlers reported something, shaded
/// partitions, role changes on the node lines, client operations as bars in lanes
/// of their own, and the violation with the events that led to it.
///
/// Everything is laid out in one coordinate system and cut into segments: runs of
/// repeated uneventful rounds become segments folded under a one-line summary
/// (`<details>`, no script), and a line that crosses a fold is clipped at its
/// edges, so expanding it in place shows the lines passing through.
public struct SpaceTimeDiagram {
    let run: ReportRun
    let options: HTMLReport.Options
    let rows: [Row]
    /// The drawn events and their rows: the sends of one handler share a row.
    let placed: [(event: ReportRun.Event, row: Int)]
    let segments: [Segment]
    let operations: [ClientOperation]
    let clients: [String]
    let past: Set<Int>?
    let columnWidth: Int
    static let rowHeight = 18
    static let headHeight = 26
    static let timeGutter = 56
    static let laneWidth = 116
    static let laneGap = 36
    /// Room right of the last node or lane, for labels and the violation's name.
    static let rightRoom = 120

    /// A drawn row: the event, or the violation when its event is not drawn.
    struct Row {
        var event: ReportRun.Event?
        var time: Int
    }

    /// Consecutive rows drawn together: shown, or folded under `fold`'s summary.
    struct Segment {
        var rows: Range<Int>
        var fold: ReportRun.Fold?
    }

    /// Something drawn, with the vertical extent a segment needs it for.
    struct Element {
        enum Layer: Int { case back, lines, marks }
        var layer: Layer
        var top: Int, bottom: Int
        var svg: String
    }

    /// A diagram of `run`, folded and filtered as `options` say.
    public init(run: ReportRun, options: HTMLReport.Options = .init()) {
        self.run = run
        self.options = options
        let past = run.causalPast
        self.past = past
        // Drawing only the causal past, the operations outside it (and their lanes) go too.
        let operations = run.operations.filter { operation in
            !options.causeOnly || past.map { $0.contains(operation.invokedAt) } ?? true
        }
        self.operations = operations
        let clients = ReportRun.clients(of: operations)
        self.clients = clients
        // Narrower columns for wide clusters and many clients, so that eleven nodes fit
        // a screen: the columns, the room left of the first and the lanes share 1,300 px.
        let lanes = clients.isEmpty ? 0 : Self.laneGap + clients.count * Self.laneWidth
        columnWidth = max(72, min(160, (1_300 - Self.timeGutter - Self.rightRoom - lanes) / (run.nodes.count + 1)))
        (rows, placed) = Self.place(run, past: options.causeOnly ? past : nil, columnWidth: columnWidth)
        segments = Self.segments(of: rows, folds: options.fold ? run.folds() : [], events: run.events)
    }

    /// Gives each drawn event a row. Message events of one tick share a row when
    /// their marks and labels do not overlap (a broadcast's sends always do), so a
    /// round of messages between distinct nodes takes one or two rows, not one per
    /// event. With `past`, only the events in it (and the violation's) are drawn.
    static func place(_ run: ReportRun, past: Set<Int>?, columnWidth: Int) -> (rows: [Row], placed: [(event: ReportRun.Event, row: Int)]) {
        let loudTimers = run.eventfulTimers
        let left = timeGutter + min(150, columnWidth)
        func x(_ node: NodeID) -> Int { left + (run.nodes.firstIndex(of: node) ?? 0) * columnWidth }
        let characters = labelLength(columnWidth)
        func width(_ text: String) -> Int { min(text.count, characters) * characterWidth / 10 }
        var rows: [Row] = []
        var placed: [(event: ReportRun.Event, row: Int)] = []
        // What the last row holds: the horizontal spans taken, the messages sent in it,
        // and whether anything but a message event is in it.
        var taken: [ClosedRange<Int>] = [], sentInRow = Set<Int>(), shared = false
        var copyOf: [Int: Int] = [:]
        for event in run.events {
            let isViolation = event.index == run.violation?.eventIndex
            if let past, !past.contains(event.index), !isViolation { continue }
            switch event.kind {
            case .note, .duplicate:
                if case .duplicate(_, let id, let original) = event.kind { copyOf[id] = original }
                guard isViolation else { continue }
            case .timer: guard isViolation || loudTimers.contains(event.index) else { continue }
            default: break
            }
            var span: ClosedRange<Int>?
            var id: Int?
            if let node = event.node, !isViolation {
                switch event.kind {
                case .send(_, let message, _, _):
                    // A broadcast is one row: a send right after a send of the same handler joins it.
                    if let previous = placed.last, case .send = previous.event.kind, previous.event.index == event.index - 1,
                       previous.event.node == node, previous.row == rows.count - 1 {
                        placed.append((event, previous.row))
                        sentInRow.insert(message)
                        continue
                    }
                    span = (x(node) - 6)...(x(node) + 6)
                    id = message
                case .deliver(let from, let message, let kind, let text):
                    let label = width(text.count <= characters ? text : kind)
                    span = x(node) >= x(from) ? (x(node) - 6)...(x(node) + 9 + label) : (x(node) - 9 - label)...(x(node) + 6)
                    id = copyOf[message] ?? message
                case .drop(let from, let message, let kind, _, let reason):
                    let label = width("lost \(kind) (\(reason))")
                    span = (min(x(from), x(node)) - 6)...max(x(from) + 9 + label, x(node) + 6)
                    id = copyOf[message] ?? message
                default: break
                }
            }
            if let span, shared, let row = rows.last, row.time == event.time, !taken.contains(where: { $0.overlaps(span) }),
               !(id.map(sentInRow.contains) ?? false) || event.kind.isSend {
                taken.append(span)
                if event.kind.isSend, let id { sentInRow.insert(id) }
                placed.append((event, rows.count - 1))
                continue
            }
            rows.append(Row(event: event, time: event.time))
            placed.append((event, rows.count - 1))
            taken = span.map { [$0] } ?? []
            sentInRow = event.kind.isSend ? Set(id.map { [$0] } ?? []) : []
            shared = span != nil
        }
        if let violation = run.violation, !placed.contains(where: { $0.event.index == violation.eventIndex }) {
            rows.append(Row(event: nil, time: violation.time))
        }
        return (rows, placed)
    }

    /// Cuts `rows` at the folds; a fold that would hide fewer than four rows is not
    /// worth a click and stays drawn.
    static func segments(of rows: [Row], folds: [ReportRun.Fold], events: [ReportRun.Event]) -> [Segment] {
        var segments: [Segment] = []
        var start = 0
        for fold in folds {
            let first = events[fold.events.lowerBound].index, last = events[fold.events.upperBound].index
            guard let low = rows.firstIndex(where: { ($0.event?.index ?? .max) >= first }) else { break }
            let high = rows[low...].firstIndex { ($0.event?.index ?? .max) > last } ?? rows.count
            guard high - low >= 4 else { continue }
            if low > start { segments.append(Segment(rows: start..<low)) }
            segments.append(Segment(rows: low..<high, fold: fold))
            start = high
        }
        if start < rows.count || segments.isEmpty { segments.append(Segment(rows: start..<rows.count)) }
        return segments
    }

    var left: Int { Self.timeGutter + min(150, columnWidth) }

    func x(_ node: NodeID) -> Int { left + (run.nodes.firstIndex(of: node) ?? 0) * columnWidth }

    func laneX(_ client: String) -> Int {
        left + run.nodes.count * columnWidth + Self.laneGap + (clients.firstIndex(of: client) ?? 0) * Self.laneWidth
    }

    func y(_ row: Int) -> Int { row * Self.rowHeight + Self.rowHeight / 2 }

    var width: Int {
        left + max(run.nodes.count, 1) * columnWidth + (clients.isEmpty ? 0 : Self.laneGap + clients.count * Self.laneWidth) + Self.rightRoom
    }

    /// The height of everything drawn, every fold expanded.
    var fullHeight: Int { rows.count * Self.rowHeight }

    /// The height of the diagram as it first shows, folds closed (a summary line each).
    public var foldedHeight: Int {
        Self.headHeight + segments.reduce(0) { $0 + ($1.fold == nil ? $1.rows.count * Self.rowHeight : 24) }
    }

    /// The number of folds.
    public var foldCount: Int { segments.filter { $0.fold != nil }.count }

    /// The diagram's markup: a header with the node and client names that stays in
    /// view while the diagram scrolls, then one SVG per segment, folds inside
    /// `<details>`.
    public func html() -> String {
        let elements = draw()
        var parts = [header()]
        for segment in segments where !segment.rows.isEmpty {
            let svg = self.svg(segment, elements)
            if let fold = segment.fold {
                parts.append("<details class=\"fold\"><summary>\(escapeHTML(fold.summary))</summary>\(svg)</details>")
            } else {
                parts.append(svg)
            }
        }
        return parts.joined(separator: "\n")
    }

    func header() -> String {
        let names = run.nodes.map { node in
            "<text class=\"node\" x=\"\(x(node))\" y=\"17\" text-anchor=\"middle\">\(escapeHTML(node.description))</text>"
        } + clients.map { client in
            "<text class=\"client\" x=\"\(laneX(client))\" y=\"17\" text-anchor=\"middle\">\(escapeHTML(clip(client, 15)))</text>"
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="heads" width="\(width)" height="\(Self.headHeight)" role="img" aria-label="nodes and clients">
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="\(Palette.blue)"/></marker></defs>
            \(names.joined(separator: "\n"))
            </svg>
            """
    }

    /// A window onto the drawing: the segment's rows, with whatever crosses them.
    func svg(_ segment: Segment, _ elements: [Element]) -> String {
        let top = segment.rows.lowerBound * Self.rowHeight, height = segment.rows.count * Self.rowHeight
        let bottom = top + height
        let shown = elements.filter { $0.bottom >= top && $0.top <= bottom }
        var times: [String] = []
        var previous: Int?
        for position in segment.rows where rows[position].time != previous {
            previous = rows[position].time
            times.append("<text class=\"time\" x=\"\(Self.timeGutter - 4)\" y=\"\(y(position) + 4)\" text-anchor=\"end\">t=\(rows[position].time)</text>")
        }
        let layered = Element.Layer.back.rawValue...Element.Layer.marks.rawValue
        let body = layered.flatMap { layer in shown.filter { $0.layer.rawValue == layer }.map(\.svg) } + times
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="spacetime" width="\(width)" height="\(height)" viewBox="0 \(top) \(width) \(height)" role="img" aria-label="space-time diagram, t=\(rows[segment.rows.lowerBound].time) to t=\(rows[segment.rows.upperBound - 1].time)">
            \(body.joined(separator: "\n"))
            </svg>
            """
    }

    /// Whether the event is outside the violation's causal past (drawn faint, hidden
    /// by "show only what led to the violation").
    func faint(_ index: Int) -> String {
        guard let past, !past.contains(index), index != run.violation?.eventIndex else { return "" }
        return " acausal"
    }

    /// Everything drawn, in the diagram's coordinates.
    func draw() -> [Element] {
        var elements: [Element] = []
        let rh = Self.rowHeight
        func add(_ layer: Element.Layer, _ top: Int, _ bottom: Int, _ svg: String) {
            elements.append(Element(layer: layer, top: min(top, bottom), bottom: max(top, bottom), svg: svg))
        }
        func mark(_ row: Int, _ svg: String) { add(.marks, y(row) - rh, y(row) + rh, svg) }
        let last = max(rows.count - 1, 0)
        let end = rows.count * rh

        // Where each message left: copies made by duplication leave with the original.
        var sendRow: [Int: (row: Int, from: NodeID)] = [:]
        var copyOf: [Int: Int] = [:]
        for event in run.events { if case .duplicate(_, let id, let original) = event.kind { copyOf[id] = original } }
        var rowOf: [Int: Int] = [:]
        for (event, row) in placed { rowOf[event.index] = row }

        // Partitions shade the rows from their start to the heal (or the end).
        var partitionStart: (row: Int, time: Int, text: String)?
        func closePartition(at row: Int, time: Int?) {
            guard let start = partitionStart else { return }
            let lasted = time.map { $0 == start.time ? "healed the same tick" : "lasted \($0 - start.time) ticks" } ?? "until the end"
            add(.back, y(start.row) - rh / 2, y(row) - rh / 2, "<rect class=\"partition\" x=\"0\" y=\"\(y(start.row) - rh / 2)\" width=\"\(width)\" "
                + "height=\"\(max(row - start.row, 1) * rh)\"><title>\(escapeHTML(start.text)) (\(lasted))</title></rect>")
            partitionStart = nil
        }

        // Node lines: solid while up, dotted while down, absent before the node starts.
        var upSince: [NodeID: Int] = [:], downSince: [NodeID: Int] = [:], pausedSince: [NodeID: Int] = [:]
        func lifeline(_ node: NodeID, from: Int, to: Int, up: Bool) {
            guard to > from || up else { return }
            add(.lines, y(from), y(to), "<line class=\"\(up ? "life" : "down")\" x1=\"\(x(node))\" y1=\"\(y(from))\" x2=\"\(x(node))\" y2=\"\(y(to))\"/>")
        }
        func pauseBand(_ node: NodeID, from: Int, to: Int) {
            add(.lines, y(from), y(to), "<line class=\"paused\" x1=\"\(x(node))\" y1=\"\(y(from))\" x2=\"\(x(node))\" y2=\"\(y(to))\">"
                + "<title>\(node) paused</title></line>")
        }

        for (event, position) in placed {
            let rowY = y(position)
            let node = event.node, faint = faint(event.index)
            switch event.kind {
            case .start, .join:
                guard let node else { break }
                upSince[node] = position
                let text = if case .join(let contact) = event.kind { "join via \(contact)" } else { "start" }
                mark(position, shape(.start, node: node, row: position, label: text, faint: faint))
            case .restart:
                guard let node else { break }
                if let down = downSince.removeValue(forKey: node) { lifeline(node, from: down, to: position, up: false) }
                upSince[node] = position
                mark(position, shape(.start, node: node, row: position, label: "restart", faint: faint))
            case .pause(let until):
                guard let node else { break }
                pausedSince[node] = pausedSince[node] ?? position
                mark(position, label("paused until t=\(until)", near: node, row: position, pointingRight: true, cssClass: "crash-label" + faint,
                                     title: "\(node) paused (frozen, state kept) until t=\(until)"))
            case .resume:
                guard let node, let since = pausedSince.removeValue(forKey: node) else { break }
                // A thick dashed band over the lifeline: frozen, not dead.
                pauseBand(node, from: since, to: position)
                mark(position, label("resumed", near: node, row: position, pointingRight: true, cssClass: "start-label" + faint,
                                     title: "\(node) resumed with its state as it was"))
            case .crash:
                guard let node else { break }
                if let since = pausedSince.removeValue(forKey: node) { pauseBand(node, from: since, to: position) }
                if let up = upSince.removeValue(forKey: node) { lifeline(node, from: up, to: position, up: true) }
                downSince[node] = position
                mark(position, shape(.crash, node: node, row: position, label: "crash", faint: faint))
            case .send(_, let id, _, _):
                if let node { sendRow[id] = (position, node) }
            case .deliver(let from, let id, let kind, let text):
                guard let node, let sent = sendRow[id] ?? copyOf[id].flatMap({ sendRow[$0] }) else { break }
                let (x1, y1, x2) = (x(from), y(sent.row), x(node))
                let cause = past != nil && faint.isEmpty ? " cause" : ""
                add(.lines, y1, rowY, "<line class=\"msg\(cause)\(faint)\" x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(rowY)\" marker-end=\"url(#arrow)\">"
                    + "<title>#\(id) \(escapeHTML(text)) \(from) → \(node)</title></line>")
                mark(position, label(payload(kind, text), near: node, row: position, pointingRight: x2 >= x1, cssClass: "msg-label" + faint,
                                     title: "#\(id) \(text)"))
            case .drop(let from, let id, let kind, let text, let reason):
                guard let node else { break }
                let start = sendRow[id] ?? copyOf[id].flatMap { sendRow[$0] } ?? (position, from)
                let (x1, y1) = (x(from), y(start.row))
                let x2 = x1 + (x(node) - x1) * 6 / 10, y2 = y1 + (rowY - y1) * 6 / 10 + (x(node) == x1 ? rh / 2 : 0)
                add(.lines, y1, y2, "<line class=\"lost\(faint)\" x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\">"
                    + "<title>#\(id) \(escapeHTML(text)) \(from) → \(node): lost (\(escapeHTML(reason)))</title></line>")
                add(.marks, y2 - rh, y2 + rh, "<text class=\"lost-mark\(faint)\" x=\"\(x2)\" y=\"\(y2 + 4)\" text-anchor=\"middle\">×</text>")
                mark(position, label("lost \(kind) (\(reason))", near: from, row: position, pointingRight: true,
                                     cssClass: "lost-label" + faint, title: "#\(id) \(text)"))
            case .role(let role, let term):
                guard let node else { break }
                let color = role == "leader" ? Palette.vermillion : (role == "candidate" ? Palette.orange : Palette.blue)
                mark(position, "<circle class=\"role\(faint)\" cx=\"\(x(node))\" cy=\"\(rowY)\" r=\"5\" fill=\"\(color)\"/>"
                    + label("\(role) \(term)", near: node, row: position, pointingRight: true, cssClass: "role-label" + faint,
                            title: "\(node) became \(role) in term/view \(term)"))
            case .timer(let name):
                guard let node else { break }
                mark(position, "<text class=\"timer\(faint)\" x=\"\(x(node))\" y=\"\(rowY + 4)\" text-anchor=\"middle\">◷</text>"
                    + label("timer \(name)", near: node, row: position, pointingRight: false, cssClass: "timer-label" + faint,
                            title: "\(node): timer \(name) fired"))
            case .notice(let peer):
                guard let node else { break }
                mark(position, "<text class=\"notice\(faint)\" x=\"\(x(node))\" y=\"\(rowY + 4)\" text-anchor=\"middle\">!</text>"
                    + label("notice: \(peer) failed", near: node, row: position, pointingRight: true, cssClass: "notice-label" + faint,
                            title: "the failure detector told \(node) that \(peer) failed"))
            case .request(let text):
                guard let node else { break }
                mark(position, label("⇢ \(text)", near: node, row: position, pointingRight: false, cssClass: "request-label" + faint,
                                     title: "client request \(text) reached \(node)"))
            case .client(let client):
                guard let node else { break }
                let title = switch client {
                case .invoke(let id, _, let text): "\(id) \(text) invoked at \(node)"
                case .complete(let id, let result, _): "\(id) answered \(result) at \(node)"
                }
                mark(position, "<rect class=\"client-mark\(faint)\" x=\"\(x(node) - 3)\" y=\"\(rowY - 3)\" width=\"6\" height=\"6\">"
                    + "<title>\(escapeHTML(title))</title></rect>")
            case .network(let text):
                if text.hasPrefix("partition") || text.hasPrefix("bridge") || text.hasPrefix("cut") {
                    closePartition(at: position, time: event.time)
                    partitionStart = (position, event.time, text)
                } else if text == "heal" {
                    let lasted = partitionStart.map { event.time == $0.time ? " (the partition healed the same tick)" : " (after \(event.time - $0.time) ticks)" } ?? ""
                    closePartition(at: position, time: event.time)
                    mark(position, "<text class=\"net-label\" x=\"\(Self.timeGutter + 4)\" y=\"\(rowY + 4)\">\(escapeHTML(clip(text + lasted, 70)))</text>")
                    break
                }
                mark(position, "<text class=\"net-label\" x=\"\(Self.timeGutter + 4)\" y=\"\(rowY + 4)\">\(escapeHTML(clip(text, 70)))</text>")
            case .phase(let text):
                add(.back, rowY, rowY, "<line class=\"phase\" x1=\"0\" y1=\"\(rowY)\" x2=\"\(width)\" y2=\"\(rowY)\"/>")
                mark(position, "<text class=\"net-label\" x=\"\(Self.timeGutter + 4)\" y=\"\(rowY - 3)\">\(escapeHTML(text))</text>")
            case .note, .duplicate: break
            }
        }
        closePartition(at: rows.count, time: nil)
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
            let x2 = x1 + (x(to) - x1) * 4 / 10, y2 = y1 + (y(last) - y1) * 4 / 10 + rh / 2
            add(.lines, y1, y2, "<line class=\"inflight\(faint(event.index))\" x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\">"
                + "<title>#\(id) \(escapeHTML(kind)): \(escapeHTML(text)) \(sent.from) → \(to), in flight at the end</title></line>")
        }
        // Sorted, so the output does not depend on dictionary order.
        for (node, row) in pausedSince.sorted(by: { $0.key < $1.key }) { pauseBand(node, from: row, to: last) }
        for (node, row) in upSince.sorted(by: { $0.key < $1.key }) { lifeline(node, from: row, to: last, up: true) }
        for (node, row) in downSince.sorted(by: { $0.key < $1.key }) { lifeline(node, from: row, to: last, up: false) }

        drawOperations(rowOf: rowOf, end: end, add)

        if let violation = run.violation {
            let position = rows.firstIndex { $0.event?.index == violation.eventIndex } ?? last
            let rowY = y(position)
            add(.back, rowY - rh / 2, rowY + rh / 2, "<rect class=\"violation\" x=\"0\" y=\"\(rowY - rh / 2)\" width=\"\(width)\" height=\"\(rh)\">"
                + "<title>\(escapeHTML(violation.description))</title></rect>")
            for node in violation.nodes where run.nodes.contains(node) {
                mark(position, "<circle class=\"culprit\" cx=\"\(x(node))\" cy=\"\(rowY)\" r=\"8\"/>")
            }
            mark(position, "<text class=\"violation-label\" x=\"\(width - 6)\" y=\"\(rowY + 4)\" text-anchor=\"end\">✗ \(escapeHTML(violation.property))</text>")
        }
        return elements
    }

    /// One bar per client operation in its client's lane, from invocation to answer
    /// (to the end when never answered), what it asked and got written beside it;
    /// the operations the violation names are outlined.
    func drawOperations(rowOf: [Int: Int], end: Int, _ add: (Element.Layer, Int, Int, String) -> Void) {
        let named = Set(run.violation?.events ?? [])
        // The row of an event, or of the first drawn event after it (filtered views).
        func row(_ index: Int) -> Int {
            rowOf[index] ?? rows.firstIndex { ($0.event?.index ?? .max) >= index } ?? max(rows.count - 1, 0)
        }
        for operation in operations {
            let x = laneX(operation.client)
            let top = y(row(operation.invokedAt)) - 5
            let bottom = operation.returnedAt.map { y(row($0)) + 5 } ?? end
            let witness = named.contains(operation.invokedAt) ? " witness" : ""
            let outcome = operation.isOpen ? "open" : operation.outcome.rawValue
            let answer = operation.result.map { "→ \($0)" } ?? "→ ? (never answered)"
            let title = "\(operation.id) \(operation.description) \(answer), t=\(operation.invokedTime)"
                + (operation.returnedTime.map { "–\($0)" } ?? ", open at the end")
            add(.marks, top, bottom, "<rect class=\"op op-\(outcome)\(witness)\(faint(operation.invokedAt))\" x=\"\(x - 4)\" y=\"\(top)\" width=\"8\" "
                + "height=\"\(max(bottom - top, 8))\"><title>\(escapeHTML(title))</title></rect>")
            add(.marks, top, top + Self.rowHeight, "<text class=\"op-label\(witness)\" x=\"\(x + 8)\" y=\"\(top + 9)\">"
                + "\(escapeHTML(clip(operation.description, 15)))</text>")
            let answerY = operation.isOpen ? top + 9 + Self.rowHeight : bottom - 1
            add(.marks, answerY - Self.rowHeight, answerY, "<text class=\"op-label\(witness)\" x=\"\(x + 8)\" y=\"\(answerY)\">"
                + "\(escapeHTML(clip(answer, 15)))</text>")
        }
    }

    enum Mark { case start, crash }

    func shape(_ kind: Mark, node: NodeID, row: Int, label text: String, faint: String) -> String {
        let (cx, cy) = (x(node), y(row))
        let shape = switch kind {
        case .start: "<rect class=\"start\(faint)\" x=\"\(cx - 5)\" y=\"\(cy - 5)\" width=\"10\" height=\"10\"/>"
        case .crash: "<text class=\"crash\(faint)\" x=\"\(cx)\" y=\"\(cy + 6)\" text-anchor=\"middle\">✕</text>"
        }
        return shape + label(text, near: node, row: row, pointingRight: true,
                             cssClass: (kind == .crash ? "crash-label" : "start-label") + faint, title: "\(node) \(text)")
    }

    /// A message's label: its kind, and its payload when that is short enough to
    /// read without hovering.
    func payload(_ kind: String, _ text: String) -> String {
        text.count <= labelLength ? text : kind
    }

    /// How many characters of a label fit beside a node line.
    var labelLength: Int { Self.labelLength(columnWidth) }

    /// The width of a label's character, in tenths of a pixel (11 px monospace).
    static let characterWidth = 66

    /// How many characters of a label fit beside a node line in a column of `width`.
    static func labelLength(_ width: Int) -> Int { max(8, (width - 12) * 10 / characterWidth) }

    func label(_ text: String, near node: NodeID, row: Int, pointingRight: Bool, cssClass: String, title: String) -> String {
        let offset = pointingRight ? 9 : -9
        return "<text class=\"\(cssClass)\" x=\"\(x(node) + offset)\" y=\"\(y(row) + 4)\" text-anchor=\"\(pointingRight ? "start" : "end")\">"
            + "<title>\(escapeHTML(title))</title>\(escapeHTML(clip(text, labelLength)))</text>"
    }

    func clip(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}

extension ReportRun.Event.Kind {
    var isSend: Bool { if case .send = self { true } else { false } }
}
