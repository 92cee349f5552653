import PropCheckCorpus
import PropCheckSimulator

/// A self-contained HTML page for one counterexample: no network, no scripts, no
/// fonts to fetch. Header, the schedule, the space-time diagram, the per-node
/// timeline and the nodes' states at the end. Every string from the corpus file
/// or the run is escaped.
public enum HTMLReport {
    /// The page for `entry` (read from `file`), drawn from its replayed `run`; with no
    /// run (a trapping variant, which cannot be replayed in-process), header and
    /// schedule only. A `warning` (the entry's choices no longer draw its run, say)
    /// stands above everything else.
    public static func render(entry: CorpusEntry, file: String, run: ReportRun?, warning: String? = nil) -> String {
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
            body.append("<h2>Space-time diagram</h2>")
            body.append("<p class=\"legend\">Time flows down; one column per node. "
                + "<span class=\"k-msg\">→ delivered message</span> · <span class=\"k-lost\">- - × lost message</span> · "
                + "<span class=\"k-crash\">✕ crash</span> · <span class=\"k-start\">■ start, join, restart</span> · "
                + "role: <span class=\"k-leader\">● leader</span> <span class=\"k-candidate\">● candidate</span> "
                + "<span class=\"k-msg\">● other</span> · <span class=\"k-inflight\">⋯ in flight at the end</span> · "
                + "<span class=\"k-part\">shaded: partition</span> · "
                + "<span class=\"k-viol\">red row: the violation</span>. Hover a line or label for the whole message.</p>")
            body.append("<div class=\"diagram\">\(SpaceTimeDiagram(run: run).svg())</div>")
            body.append("<h2>Timeline</h2>")
            body.append(timeline(run))
            body.append("<h2>Node states at the end of the run</h2>")
            body.append("<table class=\"states\"><tr><th>node</th><th>state</th></tr>"
                + run.nodes.map { "<tr><th>\(escapeHTML($0.description))</th><td><code>\(escapeHTML(run.finalStates[$0] ?? "?"))</code></td></tr>" }.joined()
                + "</table>")
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

    /// One row per event, one column per node: the trace as seed 002's table.
    static func timeline(_ run: ReportRun) -> String {
        let header = "<tr><th>#</th><th>time</th>" + run.nodes.map { "<th>\(escapeHTML($0.description))</th>" }.joined() + "</tr>"
        let rows = run.events.map { event -> String in
            let violation = event.index == run.violation?.eventIndex ? " class=\"violation\"" : ""
            let text = escapeHTML(describe(event))
            let cells: String
            if let node = event.node, let column = run.nodes.firstIndex(of: node) {
                cells = (0..<run.nodes.count).map { $0 == column ? "<td>\(text)</td>" : "<td></td>" }.joined()
            } else {
                cells = "<td colspan=\"\(max(run.nodes.count, 1))\" class=\"net\">\(text)</td>"
            }
            return "<tr\(violation)><td>\(event.index)</td><td>\(event.time)</td>\(cells)</tr>"
        }
        return "<details open><summary>\(run.events.count) events</summary><div class=\"timeline\"><table>"
            + header + rows.joined() + "</table></div></details>"
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
        .timeline { overflow: auto; max-height: 60vh; } .timeline table { font-size: 0.8em; }
        .timeline td, .timeline th { border-bottom: 1px solid #eee; white-space: nowrap; }
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
        .node { font-weight: bold; font-size: 13px; }
        .k-msg { color: \(Palette.blue); } .k-lost, .k-crash, .k-viol { color: \(Palette.vermillion); } .k-start { color: \(Palette.green); }
        .k-part { background: #d9d9d9; } .k-leader { color: \(Palette.vermillion); } .k-candidate { color: \(Palette.orange); }
        .k-inflight { color: \(Palette.grey); } .inflight { stroke: \(Palette.grey); stroke-width: 1.2; stroke-dasharray: 1 3; }
        @media print { .diagram, .timeline { overflow: visible; max-height: none; border: none; } details { display: block; }
          .timeline table { width: 100%; table-layout: fixed; } .timeline td, .timeline th { white-space: normal; overflow-wrap: anywhere; }
          .timeline td:nth-child(-n+2), .timeline th:nth-child(-n+2) { width: 3em; }
          .diagram svg { max-width: 100%; height: auto; } }
        """
}
