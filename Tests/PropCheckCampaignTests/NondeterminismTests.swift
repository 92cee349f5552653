import BuiltinTargets
import Synchronization
import Testing
import PropCheckCampaign
import PropCheckEngine
import PropCheckSimulator

/// Counts every node ever built, across runs: state that outlives a run.
private let nodesBuilt = Atomic<Int>(0)

/// A node whose first message depends on how many nodes were built before it, in any
/// run: a replay of the same choices is another run.
private struct Leaky: SimulatedNode {
    enum Message: SimulatedMessage { case hello(Int); var description: String { if case .hello(let n) = self { "hello(\(n))" } else { "" } } }
    typealias Observation = String
    let id: NodeID
    let serial: Int
    init(id: NodeID, cluster: ClusterInfo, durable: Int?) {
        self.id = id
        serial = nodesBuilt.add(1, ordering: .relaxed).newValue
    }
    mutating func start(_ context: inout NodeContext<Leaky>) {
        if id == 1 { context.send(.hello(serial), to: 2) }
    }
    mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<Leaky>) {
        // Fails whenever n2 is told anything: every run fails, so the campaign has a counterexample.
        context.observe("heard \(message)")
    }
    mutating func timerFired(_ timer: Int, _ context: inout NodeContext<Leaky>) {}
}

private struct NothingHeard: Checker {
    typealias Node = Leaky
    let property = "nothing-heard"
    mutating func observe(_ event: TraceEvent<Leaky>, in cluster: ClusterView<Leaky>) -> Violation? {
        if case .observe = event.kind { return Violation(property: property, kind: .safety, message: "n2 heard something") }
        return nil
    }
}

@Suite("Nondeterminism")
struct NondeterminismTests {
    @Test("a counterexample whose replay is another run is reported, with the first differing event and the cause")
    func leakyStateIsReported() async throws {
        let target = CampaignTarget(protocolName: "leaky", summary: "a node that counts across runs",
                                    configuration: SimulationConfiguration<Leaky>(nodes: 2, faults: [.crash], healTicks: 0,
                                                                                  checkers: { [NothingHeard()] }))
        let report = await target.run(CampaignOptions(iterations: 5, seed: Seed(1)))
        #expect(report.failure != nil)
        let found = try #require(report.nondeterminism)
        #expect(found.acrossProcesses == false)
        #expect(found.first.contains("hello(") && found.second.contains("hello(") && found.first != found.second)
        #expect(found.likelyCause.contains("outlives a run"))
        #expect(report.text.contains("NONDETERMINISTIC"))
    }

    @Test("a deterministic counterexample is not reported, in this process or in a fresh one")
    func deterministicIsQuiet() async throws {
        let gms2 = try #require(BuiltinTargets.registry.named("gms2"))
        let report = await gms2.run(CampaignOptions(iterations: 50, seed: Seed(0x5eed)))
        let failure = try #require(report.failure)
        #expect(report.nondeterminism == nil)
        let choices = try ReplayToken.parse(failure.replay).choices.values
        let settings = RunSettings(faults: gms2.defaultFaults)
        let child = Isolation().run(gms2, settings: settings, choices: choices, withTrace: true)
        #expect((child.traceLines?.count ?? 0) > 10, "the child sends its trace: \(child.failureMessage ?? "")")
        #expect(try Isolation().nondeterminism(of: choices, target: gms2, settings: settings) == nil)
    }
}
