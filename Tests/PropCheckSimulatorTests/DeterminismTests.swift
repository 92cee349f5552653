import Testing
import PropCheckEngine
import PropCheckSimulator
import ExampleProtocols

@Suite("Determinism and traces")
struct DeterminismTests {
    /// The fault kinds there were when the golden hash was taken: a run that allows only
    /// them draws and traces exactly as it did before later kinds were added.
    static let originalFaults: Set<FaultKind> = [.crash, .partition, .loss, .duplication, .delay, .clockSkew, .join]
    static let configuration = SimulationConfiguration<PingPong>(parameters: .plain, nodes: 4, faults: originalFaults, maxSteps: 12, healTicks: 100,
                                                                 liveness: PingPong.everyoneHearsEveryone())
    /// Every fault kind on, pauses, long delays, holding partitions and storage faults included.
    static let everyFault = SimulationConfiguration<PingPong>(parameters: .plain, nodes: 4, maxSteps: 12, healTicks: 100,
                                                              liveness: PingPong.everyoneHearsEveryone())

    @Test("the same choices give byte-identical traces, with every fault kind on", arguments: 0..<10)
    func sameChoicesSameTrace(seed: Int) throws {
        for configuration in [DeterminismTests.configuration, DeterminismTests.everyFault] {
            let simulator = Simulator(configuration)
            let source = ChoiceSource(seed: Seed(UInt64(seed)))
            _ = try simulator.generator().generate(from: source)
            let report = try simulator.checkDeterminism(source.choices)
            #expect(report.isDeterministic, "\(report)")
            #expect(report.events > 0)
        }
    }

    @Test("with pauses, long delays and holding partitions on, a seed gives the same trace every time")
    func newFaultKindsAreDeterministic() throws {
        let simulator = Simulator(DeterminismTests.everyFault)
        var fired: Set<FaultKind> = []
        for seed in 0..<60 {
            let source = ChoiceSource(seed: Seed(UInt64(seed)))
            let run = try simulator.generator(recordTrace: true).generate(from: source)
            for kind in [FaultKind.pause, .longDelay, .hold] where run.statistics.count(of: kind) > 0 { fired.insert(kind) }
            let again = try simulator.replay(source.choices)
            #expect(TraceRenderer.log(run.trace ?? []) == TraceRenderer.log(again.trace ?? []), "seed \(seed)")
        }
        #expect(fired == [.pause, .longDelay, .hold], "each new kind fired in some run: \(fired)")
    }

    @Test("the trace of a fixed run with every fault kind is pinned too")
    func goldenTraceHashEveryFault() throws {
        let simulator = Simulator(DeterminismTests.everyFault)
        let source = ChoiceSource(seed: Seed(0x5eed))
        _ = try simulator.generator().generate(from: source)
        let report = try simulator.checkDeterminism(source.choices)
        #expect(String(report.firstHash, radix: 16) == goldenHashEveryFault, "trace hash moved: \(report)")
    }

    @Test("the trace of a fixed run is pinned, so any change in another process or build shows up")
    func goldenTraceHash() throws {
        // Swift seeds Set/Dictionary hashing per process: if such an order reached the
        // trace, this hash would change from one test run to the next. If a deliberate
        // change to PingPong, the simulator or the trace format moves it, update it here.
        let simulator = Simulator(DeterminismTests.configuration)
        let source = ChoiceSource(seed: Seed(0x5eed))
        _ = try simulator.generator().generate(from: source)
        let report = try simulator.checkDeterminism(source.choices)
        #expect(String(report.firstHash, radix: 16) == goldenHash, "trace hash moved: \(report)")
    }

    @Test("renderers: log, ANIM stream and per-node timeline")
    func renderers() throws {
        let run = try runPingPong(nodes: 2, [.wait(ticks: 11), .crash(2)])
        let trace = try #require(run.trace)
        #expect(TraceRenderer.log(trace) == """
            [0] t=0 n1 start
            [1] t=0 n2 start
            [2] t=10 n1 timer heartbeat
            [3] t=10 n1 send #1 ping(1) to n2
            [4] t=10 n2 timer heartbeat
            [5] t=10 n2 send #2 ping(1) to n1
            [6] t=11 n2 recv #1 ping(1) from n1
            [7] t=11 n2 send #3 pong(1) to n1
            [8] t=11 n1 recv #2 ping(1) from n2
            [9] t=11 n1 send #4 pong(1) to n2
            [10] t=11 n2 CRASH
            [11] t=11 — heal —
            [12] t=11 n2 RESTART
            """)
        let anim = TraceRenderer.anim(trace)
        #expect(anim.contains("t=10 ANIM SDATA 1 -> 2 : 1 : SEND ping"))
        #expect(anim.contains("t=11 ANIM RDATA 2 <- 1 : 1 : RECEIVED ping"))
        #expect(anim.contains("t=11 ANIM CRASH 2"))
        let timeline = TraceRenderer.timeline(trace, options: TimelineOptions(width: 40))
        let lines = timeline.split(separator: "\n")
        #expect(lines[1] == "│ TIME   │ n1           │ n2           │")
        #expect(lines.contains("│ t=10   │ send #1 ping │              │"))
        #expect(lines.contains("│        │ (1) to n2    │              │"), "long entries wrap inside their column")
        #expect(lines.allSatisfy { $0.count == lines[0].count })
        #expect(lines[0].count == 40, "the width asked for")
        for width in [60, 100, 137] {
            let rows = TraceRenderer.timeline(trace, options: TimelineOptions(width: width)).split(separator: "\n")
            #expect(rows.allSatisfy { $0.count <= width } && rows[0].count > width - 3, "fits \(width) columns")
        }
        // One node chosen: its column alone, and none of the other node's events.
        let one = TraceRenderer.timeline(trace, options: TimelineOptions(width: 40, nodes: [NodeID(2)])).split(separator: "\n")
        #expect(one[1].hasPrefix("│ TIME   │ n2 ") && !one[1].contains("n1 "))
        #expect(one.contains { $0.contains("recv #1 ping") } && !one.contains { $0.contains("send #1") })
        #expect(one.contains { $0.contains("heal") }, "network events and phases stay")
        // Nodes the run does not have: no columns, and no trap drawing the network's rows.
        let none = TraceRenderer.timeline(trace, options: TimelineOptions(width: 40, nodes: [NodeID(9)]))
        #expect(none.contains("heal") && !none.contains("ping"))
    }
}

private let goldenHash = "6655c76a62ca40d4"
private let goldenHashEveryFault = "1e445d03ff229771"
