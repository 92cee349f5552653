import Foundation
import Testing
import PropCheckTesting
import PropCheckSimulator
import PropCheckCampaign
import PropCheckCorpus
import BuiltinTargets
import ExampleProtocols

/// No message is ever dropped: false under loss, so a simulation property to fail.
private struct NothingDropped: Checker {
    typealias Node = PingPong
    let property = "nothing-dropped"
    var reads: EventCategories { .messages }
    mutating func observe(_ event: TraceEvent<PingPong>, in cluster: ClusterView<PingPong>) -> Violation? {
        if case .drop = event.kind { return Violation(property: property, kind: .safety, message: "a message was dropped") }
        return nil
    }
}

private func lossyPingPong() -> SimulationConfiguration<PingPong> {
    SimulationConfiguration<PingPong>(parameters: .plain, nodes: 3, faults: [.loss, .crash], healTicks: 100, checkers: { [NothingDropped()] })
}

@Suite("Simulation properties and in-test campaigns")
struct SimulationTestingTests {
    @Test("a simulation property runs 1,000 cases by default and says which fault kinds fired")
    func defaultsAvoidFalseGreens() async {
        let configuration = SimulationConfiguration<PingPong>(parameters: .plain, nodes: 3, faults: [.loss, .crash], healTicks: 100,
                                                               liveness: PingPong.everyoneHearsEveryone())
        let report = await checkProperty(Simulator(configuration))
        #expect(report.isSuccess)
        #expect(report.passed == 1_000)
        let labels = Set(report.labelCounts.map(\.label))
        #expect(labels.contains("loss fired") && labels.contains("crash fired"), "\(labels)")
        #expect(report.description.contains("passed 1000 cases") && report.description.contains("loss fired"))
    }

    @Test("a failing simulation property shows the shrunk run's timeline, not only its schedule")
    func counterexampleShowsTheRun() async throws {
        let report = await forAll(Simulator(lossyPingPong()), name: "lossy")
        let counterexample = try #require(report.counterexample)
        let notes = counterexample.notes.joined(separator: "\n")
        #expect(notes.contains("the run (") && notes.contains("DROP #1 ping(1) from"), "\(notes)")
        #expect(counterexample.value.violation?.property == "nothing-dropped")
        #expect(report.description.contains("Note: the run"))
    }

    @Test("a long run's timeline is cut to its last rows, under its header")
    func longTimelineIsCut() {
        let header = ["┌──┐", "│ n1 │", "├──┤"]
        let body = (1...200).map { "│ row \($0) │" }
        let tail = SimulationNotes.timelineTail((header + body + ["└──┘"]).joined(separator: "\n"), events: 200)
        let lines = tail.split(separator: "\n").map(String.init)
        #expect(lines[0].contains("last 60 of 200 timeline rows (200 events"))
        #expect(Array(lines[1...3]) == header)
        #expect(lines[4] == "│ row 141 │" && lines.last == "└──┘" && lines.count == 1 + 3 + 60 + 1)
    }

    /// A liveness entry of the corpus, replayed.
    func replayedLiveness(_ prefix: String) throws -> ReplayResult {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpus")
        let file = try #require(try Corpus(directory: corpus).files().first { $0.lastPathComponent.hasPrefix(prefix) })
        let entry = try Corpus.load(file)
        let target = try #require(BuiltinTargets.registry.recorded(in: entry))
        return try target.replay(try ReplayToken.parse(entry.replay).choices.values, settings: try RunSettings(recordedIn: entry))
    }

    @Test("a liveness failure in a log is a summary: what was unmet, what was pending, each node's last events",
          arguments: ["raft-no-step-down-on-reply-raft-liveness", "gms-gms1-gms-liveness"])
    func livenessSummary(prefix: String) throws {
        let result = try replayedLiveness(prefix)
        let violation = try #require(result.violation)
        #expect(violation.kind == .liveness)
        let notes = result.failureNotes()
        let lines = notes.split(separator: "\n")
        #expect(lines[0].hasPrefix("the run (\(result.events) events) never met '\(violation.property)': "))
        #expect(lines.contains { $0.hasPrefix("at the end, t=") })
        #expect(lines.contains { $0.hasPrefix("in flight: ") || $0 == "no message in flight" })
        for node in result.nodes { #expect(lines.contains { $0.hasPrefix("  \(node) [") }, "\(node)'s last events") }
        #expect(lines.count <= 4 + result.nodes.count * SimulationNotes.lastEvents + 1)
        let timeline = result.timeline(TimelineOptions()).split(separator: "\n").count
        #expect(timeline > 5 * lines.count, "the summary (\(lines.count) lines) against the whole timeline (\(timeline))")
        // A narrower log clips the events to fit.
        #expect(result.failureNotes(TimelineOptions(width: 60)).split(separator: "\n").allSatisfy { $0.count <= 60 || $0.hasPrefix("the run") })
    }

    @Test("events are counted one way: the run's summary counts the trace's events, which violations index")
    func oneWayOfCountingEvents() throws {
        let result = try replayedLiveness("gms-gms2-no-gaps")
        let violation = try #require(result.violation)
        #expect(result.summary.contains("\n\(result.events) events ("), "\(result.summary)")
        #expect(violation.eventIndex < result.events)
        #expect(result.failureNotes().hasPrefix("the run (\(result.events) events)"))
    }

    @Test("an in-test campaign saves a new failure to the corpus, then replays it on the next run")
    func campaignWithCorpus() async throws {
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: corpus) }
        // A broken variant: caught, saved, and that is a pass.
        let gms2 = try #require(BuiltinTargets.registry.named("gms2"))
        let first = await checkCampaign(gms2, corpus: corpus, iterations: 200)
        #expect(first.isSuccess, "\(first.problems)")
        let saved = try #require(first.savedFile)
        #expect(FileManager.default.fileExists(atPath: saved))
        #expect(first.replayed.isEmpty)
        // The next run replays the saved entry first; it still fails, as it must.
        let second = await checkCampaign(gms2, corpus: corpus, iterations: 200)
        #expect(second.replayed.count == 1 && second.replayed[0].check.isOK, "\(second.problems)")
        #expect(second.replayed[0].check.expectation == .stillFails)
        // Entries of other targets in the same corpus are left alone.
        let gms4 = try #require(BuiltinTargets.registry.named("gms4"))
        let other = await checkCampaign(gms4, corpus: corpus, iterations: 20)
        #expect(other.replayed.isEmpty && other.isSuccess, "\(other.problems)")
    }

    @Test("a correct target's new failure fails the test with its schedule, violation, timeline and corpus file")
    func correctTargetFailure() async throws {
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: corpus) }
        let target = CampaignTarget(protocolName: "lossy", summary: "PingPong that forbids drops", configuration: lossyPingPong())
        let check = await CampaignCheck.run(target, corpus: corpus, options: CampaignOptions(iterations: 500, seed: Seed(1)))
        #expect(check.problems.count == 1)
        let problem = try #require(check.problems.first)
        #expect(problem.contains("FAILED nothing-dropped") && problem.contains("the run") && problem.contains("saved to"),
                "\(problem)")
        let saved = try #require(check.savedFile)
        #expect(try Corpus.load(URL(fileURLWithPath: saved)).protocolName == "lossy")
        // Replayed again, the entry of a correct target must pass: the bug is still there.
        let again = await CampaignCheck.run(target, corpus: corpus, options: CampaignOptions(iterations: 0, seed: Seed(1)))
        #expect(again.replayed.count == 1 && again.replayed[0].check.expectation == .passes)
        #expect(again.problems.contains { $0.contains("the fixed bug is back") }, "\(again.problems)")
    }

    @Test("a broken target that is not caught is a false green, and fails")
    func brokenButNotCaught() async throws {
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: corpus) }
        let gms1 = try #require(BuiltinTargets.registry.named("gms1"))
        var options = CampaignOptions(iterations: 1, seed: Seed(1))
        options.faults = [.join]
        let check = await CampaignCheck.run(gms1, corpus: corpus, options: options)
        #expect(check.problems.contains { $0.contains("false green") }, "\(check.problems)")
    }
}
