import BuiltinTargets
import Foundation
import Testing
import PropCheckCampaign
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator
@testable import PropCheckReport

@Suite("HTML report")
struct HTMLReportTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpus")

    func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// Replays a corpus file for its report.
    func replayed(_ prefix: String) throws -> (entry: CorpusEntry, run: ReportRun, file: URL) {
        let file = try #require(try Corpus(directory: Self.corpus).files().first { $0.lastPathComponent.hasPrefix(prefix) })
        let entry = try Corpus.load(file)
        let target = try #require(BuiltinTargets.registry.recorded(in: entry))
        let settings = try RunSettings(recordedIn: entry)
        let run = try target.report(try ReplayToken.parse(entry.replay).choices.values, settings: settings)
        return (entry, run, file)
    }

    @Test("the diagram of a saved counterexample: a line per node, an arrow per delivered message, the violation marked",
          arguments: ["gms-gms2-", "raft-keep-conflicting-suffix-", "raft-stale-local-read-"])
    func structure(prefix: String) throws {
        let (entry, run, file) = try replayed(prefix)
        let page = HTMLReport.render(entry: entry, file: file.path, run: run)
        #expect(page.contains(SpaceTimeDiagram(run: run).html()))
        // Unfolded, the diagram is one window onto the drawing: each line drawn once.
        let svg = SpaceTimeDiagram(run: run, options: .init(fold: false)).html()
        #expect(occurrences(of: "class=\"node\"", in: svg) == run.nodes.count)
        let lifelineXs = Set(svg.split(separator: "\n").filter { $0.hasPrefix("<line class=\"life\"") }
            .compactMap { $0.split(separator: "\"").dropFirst(3).first })
        #expect(lifelineXs.count == run.nodes.count, "one vertical line per node")
        let delivered = run.events.filter { if case .deliver = $0.kind { true } else { false } }.count
        #expect(delivered > 0 && occurrences(of: "<line class=\"msg", in: svg) == delivered)
        let dropped = run.events.filter { if case .drop = $0.kind { true } else { false } }.count
        #expect(occurrences(of: "<line class=\"lost", in: svg) == dropped)
        let violation = try #require(run.violation)
        #expect(violation.property == entry.property)
        #expect(occurrences(of: "<rect class=\"violation\"", in: svg) == 1)
        #expect(occurrences(of: "class=\"culprit\"", in: svg) == violation.nodes.count)
        #expect(page.contains("<ol class=\"schedule\">") || entry.schedule.isEmpty)
        #expect(occurrences(of: "<li><code>", in: page) == entry.schedule.count)
        for node in run.nodes { #expect(page.contains("<tr><th>\(node)</th><td><code>")) }
        #expect(!page.contains("http://") || page.contains("xmlns=\"http://www.w3.org/2000/svg\""), "no network")
        #expect(!page.contains("<script"))
    }

    @Test("a warning stands above the message, escaped")
    func warning() throws {
        let (entry, run, file) = try replayed("gms-gms2-")
        let page = HTMLReport.render(entry: entry, file: file.path, run: run, warning: "stale <script>alert(1)</script>")
        #expect(page.contains("<strong>Warning:</strong> stale &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.contains("<script>"))
        #expect(!HTMLReport.render(entry: entry, file: file.path, run: run).contains("Warning:"))
    }

    @Test("hostile strings in a corpus file or a run are escaped: no markup, no script")
    func escaping() throws {
        let hostile = "</code><script>alert('x')</script><img src=x onerror=\"alert(1)\">&"
        let entry = CorpusEntry(
            protocolName: hostile, variant: hostile, property: hostile, message: hostile, kind: "safety", faults: [hostile],
            nodes: nil, checkedProperty: hostile, swarm: hostile, schedule: [hostile], replay: hostile,
            shrink: .init(calls: 1, originalSteps: 1, shrunkSteps: 1, originalChoices: 1, shrunkChoices: 1), trace: [hostile])
        var events: [ReportRun.Event] = []
        events.append(.init(index: 0, time: 0, node: NodeID(1), kind: .start))
        events.append(.init(index: 1, time: 0, node: NodeID(2), kind: .start))
        events.append(.init(index: 2, time: 0, node: NodeID(1), kind: .send(to: NodeID(2), id: 1, kind: hostile, text: hostile)))
        events.append(.init(index: 3, time: 1, node: NodeID(2), kind: .deliver(from: NodeID(1), id: 1, kind: hostile, text: hostile)))
        events.append(.init(index: 4, time: 1, node: NodeID(2), kind: .note(hostile)))
        events.append(.init(index: 5, time: 1, node: nil, kind: .network("partition " + hostile)))
        events.append(.init(index: 6, time: 2, node: NodeID(2), kind: .role(hostile, term: 1)))
        events.append(.init(index: 7, time: 2, node: NodeID(1), kind: .timer(hostile)))
        events.append(.init(index: 8, time: 2, node: NodeID(1), kind: .role(hostile, term: 2)))
        events.append(.init(index: 9, time: 2, node: NodeID(1), kind: .request(hostile)))
        events.append(.init(index: 10, time: 2, node: NodeID(1), kind: .client(.invoke(operation: hostile, client: hostile, description: hostile))))
        events.append(.init(index: 11, time: 3, node: NodeID(2), kind: .client(.complete(operation: hostile, result: hostile, outcome: .ok))))
        events.append(.init(index: 12, time: 3, node: NodeID(2), kind: .client(.invoke(operation: "2", client: hostile, description: hostile))))
        let states: [NodeID: String] = [NodeID(1): hostile, NodeID(2): hostile]
        let violation = Violation(property: hostile, message: hostile, nodes: [NodeID(2)], eventIndex: 4, time: 1, events: [10])
        let run = ReportRun(nodes: [NodeID(1), NodeID(2)], events: events, finalStates: states, violation: violation)
        for page in [HTMLReport.render(entry: entry, file: hostile, run: run), HTMLReport.render(entry: entry, file: hostile, run: nil)] {
            #expect(!page.contains("<script"))
            #expect(!page.contains("<img"))
            #expect(!page.contains("onerror=\""))
            #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            #expect(!page.contains("</code><script"))
        }
        #expect(escapeHTML("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
    }
}
