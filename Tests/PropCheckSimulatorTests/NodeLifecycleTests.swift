import Testing
import PropCheckEngine
import PropCheckSimulator
import ExampleProtocols

@Suite("Crashes, restarts and joins")
struct NodeLifecycleTests {
    @Test("a crash loses volatile state and messages in flight; a restart restores durable state")
    func crashAndRestart() throws {
        // Latency 5 keeps messages in flight when n2 crashes at t=12.
        let run = try runPingPong(nodes: 2, [.wait(ticks: 12), .crash(2), .wait(ticks: 30), .restart(2), .wait(ticks: 1)]) {
            $0.topology = .uniform(latencyTicks: 5)
        }
        let trace = try #require(run.trace)
        let crashAt = try #require(trace.first { if case .crash(2) = $0.kind { true } else { false } }).time
        #expect(run.drops.contains { $0.to == 2 && $0.reason == "receiver down" }, "the ping in flight to n2 is lost")
        #expect(!trace.contains { event in
            if case .deliver(_, 2, _, _) = event.kind { return event.time > crashAt && event.time < crashAt + 30 }
            return false
        })
        let state = try #require(run.finalStates[1])
        #expect(state.round == 1, "the durable round survives the crash")
        #expect(state.heardRound.allSatisfy { $0 == 0 }, "what n2 heard was volatile")
    }

    @Test("a crash notice reaches each peer after the crashed node's last message on that link")
    func crashNoticeFollowsLastMessage() throws {
        let configuration = SimulationConfiguration<NoticeRecorder>(parameters: false, nodes: 2,
                                                                    topology: .uniform(latencyTicks: 50), healTicks: 0)
        let run = try Simulator(configuration).run(Schedule(initialNodes: 2, steps: [.wait(ticks: 2), .crash(1), .wait(ticks: 200)]),
                                                   recordTrace: true)
        #expect(run.observed(at: 2) == ["got n1", "failed n1"])
    }

    @Test("a monitor set on a life already dead gets its notice after that life's last message on the link (gms4, 9 nodes, seed 2)")
    func lateMonitorFollowsLastMessage() throws {
        // The hello's fate is the run's first choice: 22 = 20 ticks late, so it lands at
        // t=22, after n1 has died (t=2) and after n2 set its monitor (t=3).
        let configuration = SimulationConfiguration<NoticeRecorder>(parameters: true, nodes: 2, healTicks: 0)
        let run = try Simulator(configuration).run(Schedule(initialNodes: 2, steps: [.wait(ticks: 2), .crash(1), .wait(ticks: 40)]),
                                                   options: SwarmOptions(enabling: [.delay]),
                                                   source: ChoiceSource(replaying: [22]), recordTrace: true)
        #expect(run.observed(at: 2) == ["got n1", "failed n1", "failed n1"], "a notice came before the dead node's message")
    }

    @Test("a message sent to a node that is down never reaches its next life, even if it restarts before the message lands")
    func messageToDeadLife() throws {
        struct Sender: SimulatedNode {
            enum Message: SimulatedMessage { case hello; var description: String { "hello" } }
            enum Timer: Hashable, Sendable, CustomStringConvertible { case go; var description: String { "go" } }
            enum Observation: Sendable, CustomStringConvertible { case got; var description: String { "got" } }
            let id: NodeID
            init(id: NodeID, cluster: ClusterInfo, durable: Int?) { self.id = id }
            mutating func start(_ context: inout NodeContext<Sender>) { if id == 1 { context.setTimer(.go, after: 1) } }
            mutating func timerFired(_ timer: Timer, _ context: inout NodeContext<Sender>) { context.send(.hello, to: 2) }
            mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<Sender>) {
                context.observe(.got)
            }
        }
        // n2 is down at t=1 when n1 sends, and up again at t=2, before the hello lands at t=6.
        let configuration = SimulationConfiguration<Sender>(nodes: 2, topology: .uniform(latencyTicks: 5), healTicks: 0)
        let run = try Simulator(configuration).run(
            Schedule(initialNodes: 2, steps: [.crash(2), .wait(ticks: 2), .restart(2), .wait(ticks: 10)]), recordTrace: true)
        let trace = try #require(run.trace)
        #expect(trace.contains { if case .send(1, 2, _, _) = $0.kind { $0.time == 1 } else { false } })
        #expect(trace.contains { if case .restart(2) = $0.kind { $0.time == 2 } else { false } })
        #expect(run.drops.contains { $0.from == 1 && $0.to == 2 && $0.reason == "receiver down" })
        #expect(!trace.contains { if case .observe(2, .got) = $0.kind { true } else { false } }, "the next life got the dead life's message")
    }

    @Test("a joining node starts, contacts a member, and gets its own number")
    func join() throws {
        let run = try runPingPong(nodes: 2, [.join(contact: 1), .wait(ticks: 25)])
        let trace = try #require(run.trace)
        #expect(trace.contains { if case .join(3, contact: 1) = $0.kind { true } else { false } })
        #expect(run.deliveries.contains { $0.from == 3 && $0.to == 1 })
        #expect(run.deliveries.contains { $0.from == 1 && $0.to == 3 }, "the contact answers the newcomer")
    }

    @Test("the step budget turns a livelock into a liveness failure naming what was pending, never a hang")
    func stepBudget() throws {
        let run = try runPingPong(nodes: 3, [.wait(ticks: 1_000_000)]) { $0.maxEvents = 500 }
        let violation = try #require(run.violation)
        #expect(violation.property == "step-budget")
        #expect(violation.kind == .liveness)
        #expect(violation.message.contains("pending:") && violation.message.contains("messages"))
    }

    @Test("the heal phase restarts, heals, and checks the liveness goal within its time bound")
    func healPhase() throws {
        let healed = try runPingPong(nodes: 3, [.crash(2), .partition([[1], [2, 3]]), .wait(ticks: 50)]) {
            $0.healTicks = 100
            $0.liveness = PingPong.everyoneHearsEveryone()
        }
        #expect(healed.violation == nil, "\(healed.violation.map(String.init(describing:)) ?? "")")
        #expect(healed.statistics.restarts == 1)

        struct Silent: SimulatedNode {
            enum Message: SimulatedMessage { case none; var description: String { "none" } }
            init(id: NodeID, cluster: ClusterInfo, durable: Int?) {}
            mutating func start(_ context: inout NodeContext<Silent>) {}
            mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<Silent>) {}
            mutating func timerFired(_ timer: Int, _ context: inout NodeContext<Silent>) {}
            typealias Observation = String
        }
        let goal = LivenessGoal<Silent>(property: "progress", "someone says something") { _ in false }
        let configuration = SimulationConfiguration<Silent>(nodes: 2, healTicks: 100, liveness: goal)
        let stuck = try Simulator(configuration).run(Schedule(initialNodes: 2, steps: []))
        let violation = try #require(stuck.violation)
        #expect(violation.property == "progress" && violation.kind == .liveness)
        #expect(violation.message.contains("100 ticks passed without: someone says something"))
    }
}

/// n1 says hello to n2 at t=1; n2 records the messages and the failure notices it gets
/// and, built with `true`, starts watching n1's first life at t=3 (as a Groupy member
/// does for each member of a view it installs), by which time that life may be dead.
private struct NoticeRecorder: SimulatedNode {
    enum Message: SimulatedMessage { case hello; var description: String { "hello" } }
    enum Timer: Hashable, Sendable, CustomStringConvertible { case go; var description: String { "go" } }
    enum Observation: Sendable, CustomStringConvertible {
        case got(NodeID), failed(NodeID)
        var description: String { switch self { case .got(let n): "got \(n)"; case .failed(let n): "failed \(n)" } }
    }
    typealias Parameters = Bool
    let id: NodeID
    let monitorsLate: Bool
    init(id: NodeID, cluster: ClusterInfo, durable: Int?, parameters monitorsLate: Bool) {
        self.id = id
        self.monitorsLate = monitorsLate
    }
    mutating func start(_ context: inout NodeContext<NoticeRecorder>) {
        if id == 1 { context.setTimer(.go, after: 1) } else if monitorsLate { context.setTimer(.go, after: 3) }
    }
    mutating func timerFired(_ timer: Timer, _ context: inout NodeContext<NoticeRecorder>) {
        if id == 1 { context.send(.hello, to: 2) } else { context.monitor(1, life: 0) }
    }
    mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<NoticeRecorder>) {
        context.observe(.got(sender))
    }
    mutating func peerFailed(_ peer: NodeID, life: Int, _ context: inout NodeContext<NoticeRecorder>) {
        context.observe(.failed(peer))
    }
}

private extension SimulationRun where Node == NoticeRecorder {
    /// What `node` observed, in order.
    func observed(at node: NodeID) -> [String] {
        (trace ?? []).compactMap { event in
            if case .observe(node, let observation) = event.kind { return observation.description }
            return nil
        }
    }
}
