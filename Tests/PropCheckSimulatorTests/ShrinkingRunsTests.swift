import Testing
import PropCheckEngine
import PropCheckSimulator

/// n1 greets n2 and retries once; n2 chatters to n1 all the while. The greeting
/// gets through unless both the hello and its retry are lost (a crash of n2 would
/// lose them too, so the test allows only network faults).
struct RetryOnce: SimulatedNode {
    enum Message: SimulatedMessage, Hashable {
        case hello(attempt: Int), chatter(Int)
        var description: String {
            switch self { case .hello(let attempt): "hello(\(attempt))"; case .chatter(let n): "chatter(\(n))" }
        }
    }
    enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        case retry, chatter
        var description: String { rawValue }
    }
    typealias Observation = String

    let id: NodeID
    var greeted = false
    var chatterCount = 0

    init(id: NodeID, cluster: ClusterInfo, durable: Bool?) {
        self.id = id
        greeted = durable ?? false
    }

    mutating func start(_ context: inout NodeContext<RetryOnce>) {
        if id == 1 {
            context.send(.hello(attempt: 1), to: 2)
            context.setTimer(.retry, after: 5)
        } else {
            context.setTimer(.chatter, after: 1)
        }
    }

    mutating func timerFired(_ timer: Timer, _ context: inout NodeContext<RetryOnce>) {
        switch timer {
        case .retry: context.send(.hello(attempt: 2), to: 2)
        case .chatter:
            chatterCount += 1
            context.send(.chatter(chatterCount), to: 1)
            if chatterCount < 30 { context.setTimer(.chatter, after: 2) }
        }
    }

    mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<RetryOnce>) {
        if case .hello = message {
            greeted = true
            context.persist(true)
            context.observe("greeted")
        }
    }
}

@Suite("Shrinking simulated runs")
struct ShrinkingRunsTests {
    @Test("a failure that needs two specific drops shrinks to exactly those two drops and no other fault",
          arguments: 0..<20)
    func twoDrops(seed: UInt64) async throws {
        let configuration = SimulationConfiguration<RetryOnce>(
            nodes: 2, faults: [.loss, .duplication, .delay], maxSteps: 6, maxWaitTicks: 20, healTicks: 50,
            liveness: LivenessGoal(property: "greeted", "n2 has been greeted") { cluster in
                cluster.durable(of: 2) == true
            })
        let simulator = Simulator(configuration)
        let report = await forAll(simulator.generator(), name: "greeting",
                                  configuration: .init(iterations: 2000, seed: Seed(seed))) { run in run.violation == nil }
        let counterexample = try #require(report.counterexample, "the campaign should find the double loss")
        let shrunk = try simulator.replay(counterexample.replayToken.choices.values)
        let drops = shrunk.drops
        #expect(drops.count == 2, "\(shrunk)")
        #expect(Set(drops.map(\.reason)) == ["loss"])
        let dropped = (shrunk.trace ?? []).compactMap { event -> String? in
            if case .drop(_, _, _, let message, _) = event.kind { return message.description }
            return nil
        }
        #expect(dropped == ["hello(1)", "hello(2)"])
        #expect(shrunk.statistics.messagesDuplicated == 0 && shrunk.statistics.messagesDelayed == 0)
        #expect(shrunk.schedule.steps.allSatisfy { $0.faultKind == nil }, "no fault step remains: \(shrunk.schedule)")
        #expect(shrunk.options.enabledKinds == [.loss], "swarm options shrink to the one fault needed: \(shrunk.options)")
        #expect(shrunk.violation?.property == "greeted")
    }

    @Test("a shrink candidate that can no longer beat the best stops running: a liveness run is cut short")
    func abandonedCandidate() throws {
        // n2 chatters for 60 ticks; the goal never holds, so every run lasts its whole heal time.
        let configuration = SimulationConfiguration<RetryOnce>(
            nodes: 2, faults: [.loss, .delay], maxSteps: 3, maxWaitTicks: 20, healTicks: 400,
            liveness: LivenessGoal(property: "never", "never met") { _ in false })
        let simulator = Simulator(configuration)
        // The first seed whose swarm switched the faults on: its runs draw a fate per message.
        let seed = try #require((1...100).first { seed in
            let source = ChoiceSource(seed: Seed(UInt64(seed)))
            _ = try? simulator.generator().generate(from: source)
            return source.choices.count >= 30
        })
        let full = ChoiceSource(seed: Seed(UInt64(seed)))
        let run = try simulator.generator().generate(from: full)
        #expect(run.violation?.kind == .liveness)
        // Replayed with a bound shorter than the run, at the run's own size: it stops at the bound.
        let bounded = ChoiceSource(replaying: full.choices)
        bounded.bound = SimplicityBound(size: full.reportedSize, choices: full.choices.count / 2)
        let cut = try simulator.generator().generate(from: bounded)
        #expect(bounded.abandoned && bounded.choices.count == full.choices.count / 2)
        #expect(cut.statistics.events < run.statistics.events, "\(cut.statistics.events) of \(run.statistics.events) events handled")
        // Without a bound, the same replay is the whole run again.
        let again = ChoiceSource(replaying: full.choices)
        #expect(try simulator.generator().generate(from: again).statistics == run.statistics && !again.abandoned)
    }
}
