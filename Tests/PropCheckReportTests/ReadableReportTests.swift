import BuiltinTargets
import Foundation
import Testing
import PropCheckCampaign
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator
@testable import PropCheckReport

/// What makes a long counterexample readable at a glance: folded rounds, client
/// lanes, the causes drawn, the causal past singled out, wide clusters that fit.
@Suite("Readable reports")
struct ReadableReportTests {
    func replayed(_ prefix: String) throws -> (entry: CorpusEntry, run: ReportRun, file: URL) {
        let file = try #require(try Corpus(directory: HTMLReportTests.corpus).files().first { $0.lastPathComponent.hasPrefix(prefix) })
        let entry = try Corpus.load(file)
        let target = try #require(BuiltinTargets.registry.recorded(in: entry))
        let run = try target.report(try ReplayToken.parse(entry.replay).choices.values, settings: try RunSettings(recordedIn: entry))
        return (entry, run, file)
    }

    /// The page as it first shows: every folded block reduced to its summary line.
    func visible(_ page: String) -> String {
        var shown = "", rest = Substring(page)
        while let open = rest.range(of: "<details class=\"fold\"><summary>") {
            shown += rest[..<open.upperBound]
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "</details>") else { break }
            shown += rest[..<(rest.range(of: "</summary>")?.upperBound ?? close.lowerBound)]
            rest = rest[close.upperBound...]
        }
        return shown + rest
    }

    @Test("a long run's folded page is a fraction of the unfolded one, and keeps the violation and the witness's operations",
          arguments: ["raft-stale-local-read-linearizability-e0224617"])
    func folding(prefix: String) throws {
        // 472 events, most of them heartbeats to a crashed node and retried client requests.
        let (entry, run, file) = try replayed(prefix)
        let folded = HTMLReport.render(entry: entry, file: file.path, run: run)
        let unfolded = HTMLReport.render(entry: entry, file: file.path, run: run, options: .init(fold: false))
        let diagram = SpaceTimeDiagram(run: run), full = SpaceTimeDiagram(run: run, options: .init(fold: false))
        #expect(diagram.foldCount >= 1 && full.foldCount == 0)
        #expect(!unfolded.contains("<details class=\"fold\">"))
        // Drawn height and what shows before anything is expanded, against the unfolded page.
        #expect(Double(diagram.foldedHeight) < 0.65 * Double(full.foldedHeight), "\(diagram.foldedHeight) of \(full.foldedHeight) px")
        let shown = visible(folded)
        #expect(Double(shown.utf8.count) < 0.65 * Double(unfolded.utf8.count), "\(shown.utf8.count) of \(unfolded.utf8.count) bytes")
        // Folding hides nothing when expanded: the same events are in both pages' timelines.
        let violation = try #require(run.violation)
        for page in [shown, unfolded] {
            #expect(page.contains("<rect class=\"violation\""))
            #expect(page.contains("<tr class=\"violation\"><td>\(violation.eventIndex)</td>")
                    || !run.events.contains { $0.index == violation.eventIndex })
            #expect(page.contains("✗ \(violation.property)"))
        }
        // The minimal non-linearizable sub-history: its operations are named, listed and drawn in their lanes.
        let witness = run.operations.filter { violation.events.contains($0.invokedAt) }
        #expect(witness.count >= 2, "a stale read and the write it missed")
        for operation in witness {
            #expect(shown.contains("<code>\(escapeHTML(operation.description))</code></td><td><code>\(escapeHTML(operation.result ?? "?"))</code>"))
            #expect(shown.contains("class=\"op-label witness\" x=\"\(diagram.laneX(operation.client) + 8)\""))
        }
        #expect(shown.components(separatedBy: "<tr class=\"witness\">").count - 1 == witness.count)
        // A fold says what it hides.
        let fold = try #require(run.folds().first)
        #expect(fold.summary.contains("rounds of") && fold.summary.contains("t=\(run.events[fold.events.lowerBound].time)"))
        #expect(fold.rounds >= 3)
    }

    func event(_ index: Int, _ time: Int, _ node: Int?, _ kind: ReportRun.Event.Kind) -> ReportRun.Event {
        ReportRun.Event(index: index, time: time, node: node.map { NodeID($0) }, kind: kind)
    }

    /// n1 leads; 30 heartbeat rounds to n2 and n3; n1 reports a fact; n2 reports the violation.
    func heartbeatRun(rounds: Int) -> ReportRun {
        var events = [event(0, 0, 1, .start), event(1, 0, 2, .start), event(2, 0, 3, .start),
                      event(3, 0, 1, .role("leader", term: 1))]
        var id = 0
        for round in 0..<rounds {
            let t = 10 * (round + 1)
            events.append(event(events.count, t, 1, .timer("heartbeat")))
            for peer in [2, 3] {
                id += 1
                events.append(event(events.count, t, 1, .send(to: NodeID(peer), id: id, kind: "heartbeat", text: "heartbeat(1)")))
            }
            events.append(event(events.count, t + 1, 2, .deliver(from: NodeID(1), id: id - 1, kind: "heartbeat", text: "heartbeat(1)")))
            events.append(event(events.count, t + 1, 3, .drop(from: NodeID(1), id: id, kind: "heartbeat", text: "heartbeat(1)", reason: "receiver down")))
        }
        let end = 10 * (rounds + 1)
        events.append(event(events.count, end, 1, .note("commit 1")))
        events.append(event(events.count, end, 2, .role("leader", term: 1)))
        let violation = Violation(property: "election-safety", message: "n1 and n2 both lead term 1", nodes: [1, 2],
                                  eventIndex: events.count - 1, time: end)
        return ReportRun(nodes: [1, 2, 3], events: events, finalStates: [:], violation: violation)
    }

    @Test("uneventful rounds fold; whatever a node reports, and the violation, end a fold")
    func foldsOfRounds() throws {
        let run = heartbeatRun(rounds: 30)
        let folds = run.folds()
        let fold = try #require(folds.first)
        #expect(folds.count == 1)
        #expect(fold.rounds == 30)
        #expect(run.events[fold.events.lowerBound].index == 4, "right after the role change")
        #expect(run.events[fold.events.upperBound].index == run.events.count - 3, "right before the node's report")
        #expect(fold.summary == "30 rounds of heartbeat among n1 n2 n3, t=10–301 (150 events, 30 lost; nothing else happened)")
        // Too few rounds to be worth folding.
        #expect(heartbeatRun(rounds: 2).folds().isEmpty)
        // The violation's own event is never folded away, even if it is a message.
        var named = run
        named.violation?.eventIndex = 40
        #expect(named.folds().allSatisfy { !$0.events.contains(40) })
        let page = SpaceTimeDiagram(run: run).html()
        #expect(page.contains("<details class=\"fold\"><summary>30 rounds of heartbeat"))
        #expect(SpaceTimeDiagram(run: run).foldedHeight * 4 < SpaceTimeDiagram(run: run, options: .init(fold: false)).foldedHeight)
    }

    @Test("the causal past: a node's earlier events and, through every message it received, the sender's up to the send")
    func causalPast() throws {
        let events = [
            event(0, 0, 1, .start), event(1, 0, 2, .start), event(2, 0, 3, .start),
            event(3, 1, 3, .send(to: 1, id: 1, kind: "m", text: "m")),       // n3 → n1: in the past (n1 hears it, then tells n2)
            event(4, 2, 1, .deliver(from: 3, id: 1, kind: "m", text: "m")),
            event(5, 2, 1, .send(to: 2, id: 2, kind: "m", text: "m")),
            event(6, 3, 3, .send(to: 1, id: 3, kind: "late", text: "late")),  // n3 after its send: not in the past
            event(7, 3, 2, .deliver(from: 1, id: 2, kind: "m", text: "m")),
            event(8, 4, nil, .network("heal")),
            event(9, 5, 2, .role("leader", term: 1)),                          // the violation, at n2
            event(10, 6, 1, .deliver(from: 3, id: 3, kind: "late", text: "late")),  // after the violation
        ]
        let violation = Violation(property: "p", message: "m", nodes: [2], eventIndex: 9, time: 5)
        let run = ReportRun(nodes: [1, 2, 3], events: events, finalStates: [:], violation: violation)
        #expect(try #require(run.causalPast) == [0, 1, 2, 3, 4, 5, 7, 8, 9])
        // Drawn: the rest is faint, and the cause-only view leaves it out.
        let page = SpaceTimeDiagram(run: run, options: .init(fold: false)).html()
        #expect(page.contains("<line class=\"msg cause\""))
        #expect(page.contains("<line class=\"msg acausal\""))
        let only = SpaceTimeDiagram(run: run, options: .init(causeOnly: true))
        #expect(only.rows.compactMap(\.event?.index) == [0, 1, 2, 3, 4, 5, 7, 8, 9])
        // Clients: an operation in the past keeps its lane; one invoked after the send that matters loses it.
        let clientEvents = [
            event(0, 0, 1, .start), event(1, 0, 2, .start),
            event(2, 1, 2, .client(.invoke(operation: "early", client: "c2", description: "put"))),
            event(3, 1, 2, .send(to: 1, id: 1, kind: "m", text: "m")),
            event(4, 2, 2, .client(.invoke(operation: "other", client: "c9", description: "get"))),
            event(5, 3, 1, .deliver(from: 2, id: 1, kind: "m", text: "m")),
            event(6, 3, 1, .role("leader", term: 1)),
        ]
        let clientRun = ReportRun(nodes: [1, 2], events: clientEvents, finalStates: [:],
                                  violation: Violation(property: "p", message: "m", nodes: [1], eventIndex: 6, time: 3))
        #expect(clientRun.causalPast == [0, 1, 2, 3, 5, 6])
        #expect(SpaceTimeDiagram(run: clientRun).clients == ["c2", "c9"])
        #expect(SpaceTimeDiagram(run: clientRun, options: .init(causeOnly: true)).clients == ["c2"])
        // A liveness failure has no single event to explain.
        var liveness = run
        liveness.violation?.kind = .liveness
        #expect(liveness.causalPast == nil)
    }

    @Test("client operations: matched by id, open to the end when unanswered, outcomes kept, lanes by client")
    func clientOperations() throws {
        let events = [
            event(0, 0, 1, .start),
            event(1, 1, 1, .client(.invoke(operation: "a#1", client: "a", description: "put x=1"))),
            event(2, 2, 1, .client(.invoke(operation: "b#1", client: "b", description: "get x"))),
            event(3, 3, 1, .client(.complete(operation: "b#1", result: "0", outcome: .ok))),
            event(4, 3, 1, .client(.complete(operation: "zz", result: "stray", outcome: .ok))),
            event(5, 4, 1, .client(.invoke(operation: "a#2", client: "a", description: "remove n2"))),
            event(6, 5, 1, .client(.complete(operation: "a#2", result: "refused", outcome: .failed))),
        ]
        let run = ReportRun(nodes: [1], events: events, finalStates: [:],
                            violation: Violation(property: "linearizability", message: "m", eventIndex: 6, time: 5, events: [2, 3]))
        let operations = run.operations
        #expect(operations.map(\.id) == ["a#1", "b#1", "a#2"])
        #expect(operations[0].isOpen && operations[0].outcome == .unknown && operations[0].result == nil)
        #expect(operations[1].returnedAt == 3 && operations[1].result == "0" && operations[1].outcome == .ok)
        #expect(operations[2].outcome == .failed)
        #expect(run.clients == ["a", "b"])
        let diagram = SpaceTimeDiagram(run: run)
        let svg = diagram.html()
        #expect(svg.contains("<rect class=\"op op-open"), "the open write is drawn to the end")
        #expect(svg.contains("<rect class=\"op op-ok witness"), "the read the violation names is outlined")
        #expect(svg.contains("<rect class=\"op op-failed"))
        #expect(svg.contains(">get x</text>") && svg.contains(">→ 0</text>"), "what was asked and answered, without hovering")
        #expect(diagram.laneX("b") > diagram.laneX("a") && diagram.laneX("a") > diagram.x(NodeID(1)))
        let page = HTMLReport.render(entry: try replayed("gms-gms2-").entry, file: "f", run: run)
        #expect(page.contains("<h2>Client operations</h2>"))
        #expect(page.contains("<tr class=\"witness\"><td>b</td><td><code>get x</code></td><td><code>0</code></td>"))
    }

    @Test("the gms4 split brain shows its causes: the failure notices, and a partition that healed the same tick")
    func causesDrawn() throws {
        let (_, run, _) = try replayed("gms-gms4-same-view-sequence-0a78c50a")
        let svg = SpaceTimeDiagram(run: run).html()
        #expect(svg.contains(">notice: n1 failed</text>"))
        #expect(svg.contains("heal (the partition healed the same tick)"))
        #expect(svg.contains("healed the same tick)</title></rect>"), "the band says how long it lasted")
    }

    @Test("timers are drawn only when their handler reports something (an election timeout, a deadline)")
    func timers() throws {
        let events = [event(0, 0, 1, .start), event(1, 5, 1, .timer("heartbeat")), event(2, 5, 1, .send(to: 1, id: 1, kind: "h", text: "h")),
                      event(3, 9, 1, .timer("election")), event(4, 9, 1, .send(to: 1, id: 2, kind: "v", text: "v")),
                      event(5, 9, 1, .role("candidate", term: 2)),
                      event(6, 12, 1, .timer("deadline")), event(7, 12, 1, .note("decided abort")),
                      event(8, 13, 1, .timer("late")), event(9, 14, 1, .note("unrelated, a tick later"))]
        let run = ReportRun(nodes: [1], events: events, finalStates: [:], violation: nil)
        #expect(run.eventfulTimers == [3, 6])
        let svg = SpaceTimeDiagram(run: run).html()
        #expect(svg.contains(">timer election</text>") && svg.contains(">timer deadline</text>"))
        #expect(!svg.contains(">timer heartbeat</text>") && !svg.contains(">timer late</text>"))
    }

    @Test("wide clusters fit: eleven nodes and a client lane in 1,300 px", arguments: [3, 5, 9, 11, 16])
    func wideClusters(nodes: Int) {
        let ids = (1...nodes).map { NodeID($0) }
        var events = ids.enumerated().map { event($0.offset, 0, $0.element.rawValue, .start) }
        events.append(event(events.count, 1, 1, .client(.invoke(operation: "c#1", client: "c", description: "get k0"))))
        let run = ReportRun(nodes: ids, events: events, finalStates: [:], violation: nil)
        let diagram = SpaceTimeDiagram(run: run)
        #expect(diagram.width <= (nodes <= 11 ? 1_300 : 1_600), "\(diagram.width) px for \(nodes) nodes")
        // Every column and the lane stand inside the drawing, a label's room apart.
        let xs = ids.map(diagram.x) + [diagram.laneX("c")]
        #expect(zip(xs, xs.dropFirst()).allSatisfy { $1 - $0 >= 72 } && xs.last! < diagram.width - SpaceTimeDiagram.rightRoom / 2)
    }
}
