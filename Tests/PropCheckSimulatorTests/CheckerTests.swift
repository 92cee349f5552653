import Testing
import PropCheckEngine
import PropCheckSimulator
import ExampleProtocols

/// A safety property PingPong breaks on purpose: "no node hears of round 3".
struct NoThirdRound: Checker {
    typealias Node = PingPong
    var property: String { "no-third-round" }
    var eventsSeen = 0

    mutating func observe(_ event: TraceEvent<PingPong>, in cluster: ClusterView<PingPong>) -> Violation? {
        eventsSeen += 1
        guard case .observe(let node, .heard(let peer, let round)) = event.kind, round >= 3 else { return nil }
        return Violation(property: property, message: "\(node) heard round \(round) from \(peer)", nodes: [node, peer])
    }
}

/// NoThirdRound, reading observations alone: it fails loudly if called for anything else.
struct NoThirdRoundFromObservations: Checker {
    typealias Node = PingPong
    var property: String { "no-third-round" }
    var reads: EventCategories { [.observations] }

    mutating func observe(_ event: TraceEvent<PingPong>, in cluster: ClusterView<PingPong>) -> Violation? {
        guard event.kind.category == .observations else {
            return Violation(property: "reads", message: "called for \(event.summary)", nodes: [])
        }
        var plain = NoThirdRound()
        return plain.observe(event, in: cluster)
    }
}

/// A final-state property: at the end, n1 must be down (it never is).
struct EndsWithN1Down: Checker {
    typealias Node = PingPong
    var property: String { "n1-down-at-end" }
    func observe(_ event: TraceEvent<PingPong>, in cluster: ClusterView<PingPong>) -> Violation? { nil }
    func finish(_ cluster: ClusterView<PingPong>) -> Violation? {
        cluster.isUp(1) ? Violation(property: property, kind: .liveness, message: "n1 is still up", nodes: [1]) : nil
    }
}

@Suite("Checkers")
struct CheckerTests {
    @Test("a safety violation stops the run at the first bad event, naming property, nodes, event index and time")
    func safetyStopsAtFirstBadEvent() throws {
        let run = try runPingPong(nodes: 2, [.wait(ticks: 1000)]) { $0.checkers = { [NoThirdRound()] } }
        let violation = try #require(run.violation)
        let trace = try #require(run.trace)
        #expect(violation.property == "no-third-round" && violation.kind == .safety)
        #expect(violation.nodes.count == 2)
        #expect(violation.time == 32, "round 3 pings leave at t=30, arrive at 31; the first pong lands at t=32")
        #expect(violation.eventIndex == trace.last!.index, "the run stopped at the bad event")
        guard case .observe(_, .heard(_, 3)) = trace[violation.eventIndex].kind else {
            Issue.record("the violating event is not the round-3 observation: \(trace[violation.eventIndex].summary)")
            return
        }
        #expect(violation.description.hasPrefix("safety property 'no-third-round' violated at event \(violation.eventIndex), t=32 ["))
    }

    @Test("a checker that reads only observations is called for nothing else and finds the same violation at the same event")
    func readsFiltersEvents() throws {
        let schedule: [ScheduleStep<NoRequest>] = [.wait(ticks: 1000)]
        let all = try runPingPong(nodes: 3, schedule) { $0.checkers = { [NoThirdRound()] } }
        let filtered = try runPingPong(nodes: 3, schedule) { $0.checkers = { [NoThirdRoundFromObservations()] } }
        let expected = try #require(all.violation)
        #expect(filtered.violation == expected)
        #expect(filtered.trace?.map(\.summary) == all.trace?.map(\.summary))
    }

    @Test("final-state checkers run after the heal phase")
    func finalState() throws {
        let run = try runPingPong(nodes: 2, [.crash(1), .wait(ticks: 5)]) { $0.checkers = { [EndsWithN1Down()] } }
        #expect(run.violation?.property == "n1-down-at-end", "the heal phase restarted n1 before the final check")
    }

    @Test("a bad configuration is an error, not a crash", arguments: [
        (Topology.uniform(latencyTicks: -3), "invalid schedule: topology: latencies must not be negative"),
        (Topology.sites([[1, 2], [2]], localTicks: 1, remoteTicks: 5), "invalid schedule: topology: a node is listed in more than one site"),
    ])
    func badTopology(topology: Topology, message: String) {
        do {
            _ = try runPingPong(nodes: 2, []) { $0.topology = topology }
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == message)
        }
    }
}
