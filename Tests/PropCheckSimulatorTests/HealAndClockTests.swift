import Testing
import PropCheckEngine
import PropCheckSimulator
import ExampleProtocols

/// A node that reports its own clock whenever its timer fires, and reports which
/// peers it believes are down: the shape of a failure detector.
private struct Clocked: SimulatedNode {
    enum Message: SimulatedMessage { case ping; var description: String { "ping" } }
    typealias Observation = String
    let id: NodeID
    var suspected: Set<NodeID> = []

    init(id: NodeID, cluster: ClusterInfo, durable: Int?) { self.id = id }
    mutating func start(_ context: inout NodeContext<Clocked>) { context.setTimer(0, after: 10) }
    mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<Clocked>) {}
    mutating func timerFired(_ timer: Int, _ context: inout NodeContext<Clocked>) {
        context.observe("clock \(context.now)")
        context.setTimer(0, after: 10)
    }
    mutating func peerFailed(_ peer: NodeID, life: Int, _ context: inout NodeContext<Clocked>) { suspected.insert(peer) }
}

/// Records what a checker can see of the run: its swarm options and when the heal began.
private struct RunShape: Checker {
    typealias Node = Clocked
    let property = "shape"
    let seen: @Sendable (SwarmOptions, Int?) -> Void
    mutating func observe(_ event: TraceEvent<Clocked>, in cluster: ClusterView<Clocked>) -> Violation? { nil }
    mutating func finish(_ cluster: ClusterView<Clocked>) -> Violation? {
        seen(cluster.options, cluster.healStartedAt)
        return nil
    }
}

@Suite("Heal phase options and node clocks")
struct HealAndClockTests {
    @Test("a node reads virtual time from its context, monotonic, at its clock's rate")
    func nodeClock() throws {
        let configuration = SimulationConfiguration<Clocked>(nodes: 1, healTicks: 0)
        let run = try Simulator(configuration).run(Schedule(initialNodes: 1, steps: [.wait(ticks: 35)]), recordTrace: true)
        let clocks = (run.trace ?? []).compactMap { event -> String? in
            if case .observe(_, let text) = event.kind { return text }
            return nil
        }
        #expect(clocks == ["clock 10", "clock 20", "clock 30"])

        // With clock skew on, each node's clock runs at its own rate: its 10-tick timer
        // takes rate% of 10 ticks of virtual time, and its clock reads about 10 more
        // each time: a timer's virtual ticks round down, so at rates down to 50% a
        // reading may fall up to 2 short per round.
        var skewed = configuration
        skewed.faults = [.clockSkew]
        var sawSkew = false
        for seed in 1...10 {
            let run = try Simulator(skewed).run(Schedule(initialNodes: 1, steps: [.wait(ticks: 200)]),
                                                options: SwarmOptions(enabling: [.clockSkew]),
                                                source: ChoiceSource(seed: Seed(UInt64(seed))), recordTrace: true)
            let observed = (run.trace ?? []).compactMap { event -> (time: Int, clock: Int)? in
                if case .observe(_, let text) = event.kind { return (event.time, Int(text.dropFirst("clock ".count)) ?? -1) }
                return nil
            }
            #expect(observed.count >= 5)
            for (k, reading) in observed.map(\.clock).enumerated() {
                #expect((8 * (k + 1))...(10 * (k + 1)) ~= reading, "seed \(seed): reading \(k + 1) is \(reading)")
            }
            if observed.contains(where: { $0.time != $0.clock }) { sawSkew = true }
        }
        #expect(sawSkew, "some seed skews the clock, and the node reads its own clock, not virtual time")
    }

    @Test("the heal phase can leave crashed nodes down; a goal then judges the survivors")
    func leaveCrashedDown() throws {
        var configuration = SimulationConfiguration<PingPong>(parameters: .plain, nodes: 3, healTicks: 100,
                                                               liveness: PingPong.everyoneHearsEveryone())
        configuration.heal.restartsCrashedNodes = false
        let run = try Simulator(configuration).run(Schedule(initialNodes: 3, steps: [.crash(2), .wait(ticks: 20)]))
        #expect(run.violation == nil)
        #expect(run.statistics.restarts == 0)
        #expect(run.finalStates[1] == nil, "n2 stays down")

        configuration.heal.restartsCrashedNodes = true
        let restarted = try Simulator(configuration).run(Schedule(initialNodes: 3, steps: [.crash(2), .wait(ticks: 20)]))
        #expect(restarted.statistics.restarts == 1 && restarted.finalStates[1] != nil)
    }

    @Test("a goal that must keep holding fails when it stops holding within the hold")
    func goalMustKeepHolding() throws {
        // "No live node suspects a live one": n2 is left down, so the survivors'
        // suspicion of it is fine; the goal fails once the hold sees n1 suspected.
        let noneSuspected = LivenessGoal<Clocked>(property: "no-false-suspicion", "no up node suspects an up node") { cluster in
            cluster.upNodes.allSatisfy { node in cluster[node]?.suspected.isDisjoint(with: cluster.upNodes) ?? true }
        }
        var configuration = SimulationConfiguration<Clocked>(nodes: 3, healTicks: 100, liveness: noneSuspected)
        configuration.heal = HealPhase(restartsCrashedNodes: false, goalHoldTicks: 50)
        let holds = try Simulator(configuration).run(Schedule(initialNodes: 3, steps: [.crash(2), .wait(ticks: 5)]))
        #expect(holds.violation == nil, "\(holds.violation.map(String.init(describing:)) ?? "")")

        // A goal that holds at first and then stops: it held at the heal, not for 50 ticks.
        let early = LivenessGoal<Clocked>(property: "early", "time has not passed t=30") { $0.now < 30 }
        var flaky = SimulationConfiguration<Clocked>(nodes: 1, healTicks: 100, liveness: early)
        flaky.heal.goalHoldTicks = 50
        let broken = try Simulator(flaky).run(Schedule(initialNodes: 1, steps: [.wait(ticks: 5)]))
        let violation = try #require(broken.violation)
        #expect(violation.property == "early" && violation.kind == .liveness)
        #expect(violation.message.contains("held from t=5 but no longer"), "\(violation.message)")
        flaky.heal.goalHoldTicks = 0
        #expect(try Simulator(flaky).run(Schedule(initialNodes: 1, steps: [.wait(ticks: 5)])).violation == nil)
    }

    @Test("checkers and goals read the run's swarm options and when the heal began")
    func checkersSeeTheRun() throws {
        final class Seen: @unchecked Sendable { var options: SwarmOptions?; var heal: Int? }
        let seen = Seen()
        let configuration = SimulationConfiguration<Clocked>(nodes: 2, healTicks: 10, checkers: {
            [RunShape { options, heal in seen.options = options; seen.heal = heal }]
        })
        let options = SwarmOptions(enabling: [.loss])
        _ = try Simulator(configuration).run(Schedule(initialNodes: 2, steps: [.wait(ticks: 42)]), options: options)
        #expect(seen.options == options)
        #expect(seen.heal == 42)
    }
}

@Suite("Configuration size")
struct ConfigurationSizeTests {
    @Test("a larger cluster gets a step budget grown with the square of its growth; a smaller one keeps its budget")
    func budgetScalesWithClusterSize() {
        let base = SimulationConfiguration<PingPong>(parameters: .plain, nodes: 3, maxEvents: 1_000)
        #expect(base.resized(to: 9).maxEvents == 9_000 && base.resized(to: 9).nodes == 9)
        #expect(base.resized(to: 2).maxEvents == 1_000 && base.resized(to: 2).nodes == 2)
        #expect(base.resized(to: 3).maxEvents == 1_000)
    }
}
