import Foundation
import Testing
import PropCheck
@testable import TwoPhaseCommit

/// The package's own corpus: saved counterexamples, replayed by every campaign test.
let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("corpus")

@Suite("Two-phase commit")
struct TwoPhaseCommitTests {
    /// Runs a hand-written schedule on three nodes, with the trace.
    func run(_ variant: TwoPhaseCommitVariant, _ steps: [ScheduleStep<Int>], options: SwarmOptions = SwarmOptions(enabling: [], requests: true),
             choices: [UInt64] = []) throws -> SimulationRun<Participant> {
        try Simulator(TwoPhaseCommitTargets.configuration(variant))
            .run(Schedule(initialNodes: 3, steps: steps), options: options, source: ChoiceSource(replaying: choices),
                 recordTrace: true)
    }

    @Test("every participant votes yes (all-zero choices): the transaction commits everywhere")
    func commits() throws {
        let run = try run(.correct, [.request(1, 1), .wait(ticks: 50)])
        #expect(run.violation == nil)
        #expect(run.finalStates.compactMap { $0?.outcomes[1] } == [true, true])
        #expect(run.finalStates[0]?.durable.transactions.first?.commit == true)
    }

    @Test("a request to a participant is forwarded to the coordinator")
    func forwards() throws {
        let run = try run(.correct, [.request(3, 2), .wait(ticks: 50)])
        #expect(run.finalStates[0]?.durable.transactions.map(\.id) == [2])
    }

    @Test("a partitioned participant never votes: the correct coordinator aborts, the planted bug commits")
    func missingVote() throws {
        let steps: [ScheduleStep<Int>] = [.partition([[1, 2], [3]]), .request(1, 1), .wait(ticks: 60)]
        let correct = try run(.correct, steps, options: SwarmOptions(enabling: [.partition], requests: true))
        #expect(correct.violation == nil, "\(correct.violation.map(String.init(describing:)) ?? "")")
        #expect(correct.finalStates[0]?.durable.transactions.first?.commit == false)
        let broken = try run(.commitOnTimeout, steps, options: SwarmOptions(enabling: [.partition], requests: true))
        #expect(broken.violation?.property == "commit-validity", "\(broken.violation.map(String.init(describing:)) ?? "")")
    }

    @Test("a coordinator that crashes before deciding aborts on restart, and the yes voters learn it")
    func presumedAbort() throws {
        let run = try run(.correct, [.request(1, 1), .crash(1), .wait(ticks: 30), .restart(1), .wait(ticks: 60)],
                          options: SwarmOptions(enabling: [.crash], requests: true))
        #expect(run.violation == nil, "\(run.violation.map(String.init(describing:)) ?? "")")
        #expect(run.finalStates[0]?.durable.transactions.first?.commit == false)
    }

    @Test("the correct protocol passes a campaign, replaying the corpus first")
    func correctCampaign() async {
        await checkCampaign(TwoPhaseCommitTargets.correct, corpus: corpus, iterations: 1_000)
    }

    @Test("the planted bug is caught, shrunk and saved; its corpus entry still fails")
    func plantedBugCampaign() async throws {
        let check = await checkCampaign(TwoPhaseCommitTargets.commitOnTimeout, corpus: corpus, iterations: 1_000)
        let failure = try #require(check.report?.failure)
        // The model sees the commit without every yes vote at the decision itself.
        #expect(["conformance", "atomicity", "commit-validity"].contains(failure.property), "\(failure.message)")
        #expect(failure.schedule.count <= 3, "shrunk to \(failure.schedule)")
        #expect(check.replayed.contains { $0.check.expectation == .stillFails && $0.check.isOK },
                "the committed corpus entry replays: \(check.replayed.map(\.file))")
    }
}

@Suite("Two-phase commit model")
struct TwoPhaseCommitModelTests {
    @Test("the planted bug diverges from the model at the decision itself; the correct protocol conforms, in a guided campaign too")
    func conformance() async throws {
        var options = CampaignOptions(iterations: 300, seed: Seed(0x5eed), jobs: 2)
        options.property = "conformance"
        let broken = await TwoPhaseCommitTargets.commitOnTimeout.run(options)
        let failure = try #require(broken.failure, "\(broken.text)")
        #expect(failure.property == "conformance")
        #expect(failure.message.contains("committed t") && failure.message.contains("without a yes vote"), "\(failure.message)")
        options.property = nil
        options.guided = true
        let correct = await TwoPhaseCommitTargets.correct.run(options)
        #expect(correct.failure == nil, "\(correct.text)")
        #expect(correct.search == "guided" && (correct.modelCoverage?.states ?? 0) > 10, "\(correct.text)")
    }
}
