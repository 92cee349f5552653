import PropCheckCorpus
import PropCheckSimulator

/// A self-contained HTML page for one counterexample: no network, no scripts, no
/// fonts to fetch. Header, the schedule, the space-time diagram, the per-node
/// timeline and the nodes' states at the end. Every string from the corpus file
/// or the run is escaped.
public enum HTMLReport {
    /// How a page is drawn.
    public struct Options: Hashable, Sendable {
        /// Fold repeated uneventful rounds under one line each (expandable in place).
        public var fold: Bool
        /// Draw only the events that led to the violation (its causal past), not a
        /// page with a switch to hide the rest.
        public var causeOnly: Bool

        /// Options; by default folded, everything drawn.
        public init(fold: Bool = true, causeOnly: Bool = false) {
            self.fold = fold
            self.causeOnly = causeOnly
        }
    }

    /// The page for `entry` (read from `file`), drawn from its replayed `run`; with no
    /// run (a trapping variant, which cannot be replayed in-process), header and
    /// schedule only. A `warning` (the entry's choices no longer draw its run, say)
    /// stands above everything else.
    public static func render(entry: CorpusEntry, file: String, run: ReportRun?, warning: String? = nil,
                              options: Options = .init()) -> String {
        let title = "\(entry.protocolName)/\(entry.variant): \(entry.property)"
        var body: [String] = []
        body.append("<h1>\(escapeHTML(title))</h1>")
        if let warning { body.append("<p class=\"message warning\"><strong>Warning:</strong> \(escapeHTML(warning))</p>") }
        body.append("<p class=\"message\">\(escapeHTML(entry.message))</p>")
        let shrink = entry.shrink
        let facts: [(String, String)] = [
            ("protocol", entry.protocolName), ("variant", entry.variant), ("property", "\(entry.property) (\(entry.kind))"),
            ("faults allowed", entry.faults.joined(separator: ", ")), ("swarm options", entry.swarm),
            ("shrinking", "\(shrink.originalSteps) → \(shrink.shrunkSteps) schedule steps, "
                + "\(shrink.originalChoices) → \(shrink.shrunkChoices) choices, \(shrink.calls) calls"),
            ("replay", "propcheck replay \(file)"), ("replay token", entry.replay),
        ] + (entry.nodes.map { [("nodes", "\($0)")] } ?? []) + (entry.checkedProperty.map { [("checked alone", $0)] } ?? [])
        body.append("<table class=\"facts\">" + facts.map { "<tr><th>\(escapeHTML($0.0))</th><td><code>\(escapeHTML($0.1))</code></td></tr>" }.joined() + "</table>")
        body.append("<h2>Schedule</h2>")
        body.append(entry.schedule.isEmpty ? "<p>No external steps: the faults are the swarm options' own (message fates, clock rates).</p>"
                    : "<ol class=\"schedule\">" + entry.schedule.map { "<li><code>\(escapeHTML($0))</code></li>" }.joined() + "</ol>")
        if let run {
            body.append(contentsOf: sections(run, options: options))
        } else {
            body.append("<p class=\"note\">This variant kills the process that runs it, so the run cannot be replayed here "
                + "to draw it. <code>propcheck replay</code> replays it in a child process.</p>")
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escapeHTML(title))</title>
            <style>\(style)</style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>
            """
    }

    /// The drawn part of the page: client operations, the diagram, the timeline and
    /// the final states. The switch that hides what did not lead to the violation is
    /// a checkbox that the later sections' style follows (no script).
    static func sections(_ run: ReportRun, options: Options) -> [String] {
        let diagram = SpaceTimeDiagram(run: run, options: options)
        var body: [String] = []
        let operations = run.operations
        if !operations.isEmpty {
            body.append("<h2>Client operations</h2>")
            body.append(clientTable(operations, named: Set(run.violation?.events ?? [])))
        }
        if diagram.past != nil && !options.causeOnly {
            body.append("<input type=\"checkbox\" id=\"cause-only\" class=\"switch\">"
                + "<label for=\"cause-only\" class=\"switch\">Show only what led to the violation (its causal past: "
                + "the events at the nodes involved, and every message that reached them, transitively)</label>")
        }
        body.append("<h2>Space-time diagram</h2>")
        body.append("<p class=\"legend\">Time flows down; one column per node"
            + (operations.isEmpty ? "" : ", then one lane per client") + ". "
            + "<span class=\"k-msg\">→ delivered message</span> · <span class=\"k-lost\">- - × lost message</span> · "
            + "<span class=\"k-crash\">✕ crash</span> · <span class=\"k-start\">■ start, join, restart</span> · "
            + "role: <span class=\"k-leader\">● leader</span> <span class=\"k-candidate\">● candidate</span> "
            + "<span class=\"k-msg\">● other</span> · <span class=\"k-timer\">◷ timer that led to a report (a role, a decision)</span> · "
            + "<span class=\"k-notice\">! failure notice</span> · <span class=\"k-inflight\">⋯ in flight at the end</span> · "
            + "<span class=\"k-part\">shaded: partition</span> · <span class=\"k-pause\">thick dashes: paused</span> · "
            + (operations.isEmpty ? "" : "client bars: <span class=\"k-ok\">ok</span> <span class=\"k-failed\">failed</span> "
                + "<span class=\"k-open\">open or unknown</span>, <span class=\"k-viol\">outlined: in the violation</span> · ")
            + (diagram.past == nil ? "" : "faint: not in the violation's causal past · ")
            + "<span class=\"k-viol\">red row: the violation</span>. "
            + (diagram.foldCount > 0 ? "Repeated uneventful rounds are folded: click a grey line to expand it. " : "")
            + "Hover a line or label for the whole message.</p>")
        body.append("<div class=\"diagram\">\(diagram.html())</div>")
        body.append("<h2>Timeline</h2>")
        body.append(timeline(run, diagram: diagram))
        body.append("<h2>Node states at the end of the run</h2>")
        body.append("<table class=\"states\"><tr><th>node</th><th>state</th></tr>"
            + run.nodes.map { "<tr><th>\(escapeHTML($0.description))</th><td><code>\(escapeHTML(run.finalStates[$0] ?? "?"))</code></td></tr>" }.joined()
            + "</table>")
        return body
    }

    /// Every client operation, one row each, the ones the violation names first.
    static func clientTable(_ operations: [ClientOperation], named: Set<Int>) -> String {
        let ordered = operations.filter { named.contains($0.invokedAt) } + operations.filter { !named.contains($0.invokedAt) }
        let rows = ordered.map { operation -> String in
            let witness = named.contains(operation.invokedAt)
            let outcome = operation.isOpen ? "open" : operation.outcome.rawValue
            let span = "t=\(operation.invokedTime)" + (operation.returnedTime.map { "–\($0)" } ?? "–")
                + " (events \(operation.invokedAt)–\(operation.returnedAt.map(String.init) ?? "open"))"
            return "<tr\(witness ? " class=\"witness\"" : "")><td>\(escapeHTML(operation.client))</td><td><code>\(escapeHTML(operation.description))</code></td>"
                + "<td><code>\(escapeHTML(operation.result ?? "?"))</code></td><td class=\"op-\(outcome)\">\(outcome)</td>"
                + "<td>\(span)</td><td>\(witness ? "✗ in the violation" : "")</td></tr>"
        }
        return "<table class=\"operations\"><tr><th>client</th><th>operation</th><th>answer</th><th>outcome</th><th>when</th><th></th></tr>"
            + rows.joined() + "</table>"
    }

    /// One row per event, one column per node: the trace as seed 002's table, cut
    /// at the diagram's folds into tables of the same columns, the folded ones inside
    /// `<details>`.
    static func timeline(_ run: ReportRun, diagram: SpaceTimeDiagram) -> String {
        let columns = "<colgroup><col class=\"index\"><col class=\"time\">"
            + String(repeating: "<col>", count: max(run.nodes.count, 1)) + "</colgroup>"
        let header = "<tr><th>#</th><th>time</th>" + run.nodes.map { "<th>\(escapeHTML($0.description))</th>" }.joined() + "</tr>"
        func row(_ event: ReportRun.Event) -> String {
            var classes: [String] = []
            if event.index == run.violation?.eventIndex { classes.append("violation") }
            if !diagram.faint(event.index).isEmpty { classes.append("acausal") }
            let text = escapeHTML(describe(event))
            let cells: String
            if let node = event.node, let column = run.nodes.firstIndex(of: node) {
                cells = (0..<run.nodes.count).map { $0 == column ? "<td>\(text)</td>" : "<td></td>" }.joined()
            } else {
                cells = "<td colspan=\"\(max(run.nodes.count, 1))\" class=\"net\">\(text)</td>"
            }
            let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
            return "<tr\(attribute)><td>\(event.index)</td><td>\(event.time)</td>\(cells)</tr>"
        }
        let shown = diagram.options.causeOnly
            ? run.events.filter { diagram.faint($0.index).isEmpty } : run.events
        // The table breaks where the diagram folds, and only there.
        let folds = diagram.segments.compactMap(\.fold)
        var blocks: [String] = []
        var plain: [String] = [header]
        var position = 0
        func flush() {
            if plain.count > 0 { blocks.append("<table>\(columns)\(plain.joined())</table>") }
            plain = []
        }
        for fold in folds {
            let first = run.events[fold.events.lowerBound].index, last = run.events[fold.events.upperBound].index
            while position < shown.count, shown[position].index < first { plain.append(row(shown[position])); position += 1 }
            flush()
            var inside: [String] = []
            while position < shown.count, shown[position].index <= last { inside.append(row(shown[position])); position += 1 }
            blocks.append("<details class=\"fold\"><summary>\(escapeHTML(fold.summary))</summary>"
                + "<table>\(columns)\(inside.joined())</table></details>")
        }
        while position < shown.count { plain.append(row(shown[position])); position += 1 }
        flush()
        let count = shown.count == run.events.count ? "\(run.events.count) events" : "\(shown.count) of \(run.events.count) events"
        return "<details open><summary>\(count)</summary><div class=\"timeline\">"
            + blocks.joined() + "</div></details>"
    }

    static func describe(_ event: ReportRun.Event) -> String {
        switch event.kind {
        case .start: "start"
        case .restart: "RESTART"
        case .crash: "CRASH"
        case .join(let contact): "JOIN via \(contact)"
        case .pause(let until): "PAUSE until t=\(until)"
        case .resume: "RESUME"
        case .send(let to, let id, _, let text): "send #\(id) \(text) to \(to)"
        case .deliver(let from, let id, _, let text): "recv #\(id) \(text) from \(from)"
        case .drop(let from, let id, _, let text, let reason): "DROP #\(id) \(text) from \(from) (\(reason))"
        case .duplicate(let from, let id, let original): "DUP #\(id) of #\(original) from \(from)"
        case .role(let role, let term): "» \(role) \(term)"
        case .timer(let name): "timer \(name)"
        case .notice(let peer): "notice: \(peer) failed"
        case .request(let text): "request \(text)"
        case .client(.invoke(let id, _, let text)): "\(id) invoke \(text)"
        case .client(.complete(let id, let result, let outcome)): "\(id) answered \(result) (\(outcome))"
        case .note(let text): text
        case .network(let text): text
        case .phase(let text): "— \(text) —"
        }
    }

    static let style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5em; color: #222; }
        h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; word-break: break-all; }
        .message { background: #fbe9e0; border-left: 4px solid \(Palette.vermillion); padding: 0.5em 0.8em; }
        table { border-collapse: collapse; } th, td { text-align: left; padding: 2px 8px; vertical-align: top; }
        .facts th, .states th { color: #555; font-weight: 600; }
        .diagram { overflow: auto; max-height: 80vh; border: 1px solid #ccc; }
        .diagram svg { display: block; } .diagram .heads { position: sticky; top: 0; background: #fff; z-index: 1; border-bottom: 1px solid #eee; }
        details.fold > summary { background: #eef1f4; color: #333; font-size: 0.85em; padding: 3px 8px; cursor: pointer;
          border-top: 1px dashed #aab; border-bottom: 1px dashed #aab; font-style: italic; }
        .timeline { overflow: auto; max-height: 60vh; }
        .timeline table { font-size: 0.8em; table-layout: fixed; width: 100%; min-width: 48em; }
        .timeline col.index, .timeline col.time { width: 4em; }
        .timeline td, .timeline th { border-bottom: 1px solid #eee; overflow-wrap: anywhere; }
        .timeline tr.violation td { background: #fbd5c5; } .timeline td.net { color: #555; font-style: italic; }
        svg text { font-size: 11px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        .life { stroke: #333; stroke-width: 1.5; } .down { stroke: #999; stroke-width: 1.5; stroke-dasharray: 2 4; }
        .paused { stroke: #E69F00; stroke-width: 6; stroke-opacity: 0.55; stroke-dasharray: 6 3; }
        .msg { stroke: \(Palette.blue); stroke-width: 1.2; } .msg-label { fill: \(Palette.blue); }
        .lost { stroke: \(Palette.vermillion); stroke-width: 1.2; stroke-dasharray: 5 3; }
        .lost-mark { fill: \(Palette.vermillion); font-size: 14px; font-weight: bold; } .lost-label { fill: \(Palette.vermillion); }
        .crash { fill: \(Palette.vermillion); font-size: 16px; font-weight: bold; } .crash-label { fill: \(Palette.vermillion); font-weight: bold; }
        .start { fill: \(Palette.green); } .start-label { fill: \(Palette.green); }
        .role-label { fill: #222; font-weight: bold; }
        .partition { fill: #d9d9d9; fill-opacity: 0.55; } .phase { stroke: #555; stroke-dasharray: 8 4; }
        .net-label { fill: #444; font-style: italic; }
        .violation { fill: \(Palette.vermillion); fill-opacity: 0.22; stroke: \(Palette.vermillion); }
        .culprit { fill: none; stroke: \(Palette.vermillion); stroke-width: 2.5; }
        .violation-label { fill: \(Palette.vermillion); font-weight: bold; font-size: 12px; }
        .node, .client { font-weight: bold; font-size: 13px; } .client { fill: #555; }
        .timer { fill: \(Palette.orange); font-size: 13px; } .timer-label { fill: \(Palette.orange); }
        .notice { fill: \(Palette.purple); font-size: 14px; font-weight: bold; } .notice-label { fill: \(Palette.purple); }
        .request-label { fill: #555; } .client-mark { fill: #fff; stroke: #555; }
        .op { stroke: none; } .op-ok { fill: \(Palette.green); } .op-failed { fill: \(Palette.vermillion); }
        .op-unknown, .op-open { fill: \(Palette.grey); } .op-open { fill-opacity: 0.5; }
        .op.witness { stroke: \(Palette.vermillion); stroke-width: 3; } .op-label { fill: #222; } .op-label.witness { fill: \(Palette.vermillion); font-weight: bold; }
        .msg.cause { stroke-width: 1.8; } .acausal { opacity: 0.35; }
        #cause-only:checked ~ .diagram .acausal, #cause-only:checked ~ details tr.acausal { display: none; }
        input.switch { margin: 1em 0.4em 0 0; } label.switch { font-size: 0.9em; }
        .operations td, .operations th { border-bottom: 1px solid #eee; font-size: 0.9em; }
        .operations tr.witness td { background: #fbd5c5; } td.op-ok { color: \(Palette.green); } td.op-failed { color: \(Palette.vermillion); }
        td.op-unknown, td.op-open { color: \(Palette.grey); }
        .k-timer { color: \(Palette.orange); } .k-notice { color: \(Palette.purple); } .k-pause { color: \(Palette.orange); }
        .k-ok { color: \(Palette.green); } .k-failed { color: \(Palette.vermillion); } .k-open { color: \(Palette.grey); }
        .k-msg { color: \(Palette.blue); } .k-lost, .k-crash, .k-viol { color: \(Palette.vermillion); } .k-start { color: \(Palette.green); }
        .k-part { background: #d9d9d9; } .k-leader { color: \(Palette.vermillion); } .k-candidate { color: \(Palette.orange); }
        .k-inflight { color: \(Palette.grey); } .inflight { stroke: \(Palette.grey); stroke-width: 1.2; stroke-dasharray: 1 3; }
        @media print { .diagram, .timeline { overflow: visible; max-height: none; border: none; } details { display: block; }
          .diagram .heads { position: static; } input.switch, label.switch { display: none; }
          .diagram svg { max-width: 100%; height: auto; } }
        """
}
