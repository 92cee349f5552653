import Testing
import PropCheckEngine
import PropCheckSimulator
import ExampleProtocols

@Suite("Pauses, long delays and holding partitions")
struct NewFaultTests {
    @Test("a paused node handles nothing until it resumes, then everything that waited, in order, state intact")
    func pause() throws {
        let run = try runPingPong(nodes: 2, [.wait(ticks: 5), .pause(2, ticks: 40), .wait(ticks: 60)],
                                  options: SwarmOptions(enabling: [.pause]))
        let trace = try #require(run.trace)
        let paused = try #require(trace.first { if case .pause(2, until: 45) = $0.kind { true } else { false } })
        let resumed = try #require(trace.first { if case .resume(2) = $0.kind { true } else { false } })
        #expect(paused.time == 5 && resumed.time == 45)
        // Nothing happens at n2 in between: no delivery, no timer.
        let during = trace.filter { $0.time > 5 && $0.time < 45 && $0.node == 2 }
        #expect(during.allSatisfy { if case .send = $0.kind { false } else if case .deliver = $0.kind { false }
                                    else if case .timer = $0.kind { false } else { true } }, "\(during.map(\.summary))")
        // At the resume, the overdue timer and the waiting pings are handled; nothing is lost.
        let atResume = trace.filter { $0.time == 45 && $0.node == 2 }.map(\.summary)
        #expect(atResume.contains("timer heartbeat") && atResume.contains { $0.hasPrefix("recv #") }, "\(atResume)")
        #expect(run.statistics.pauses == 1 && run.statistics.crashes == 0)
        #expect(!run.drops.contains { $0.to == 2 })
        // The overdue timer fired once, not lost and not doubled: n2 beat at 45, 55 and 65;
        // n1, never paused, at 10 to 60.
        #expect(run.finalStates[1]?.round == 3 && run.finalStates[0]?.round == 6)
    }

    @Test("the heal time starts once the last paused node has resumed (zoo run 899 of the correct PingPong)")
    func healWaitsForPauses() throws {
        let configuration = SimulationConfiguration<PingPong>(parameters: .plain, nodes: 3, healTicks: 100, liveness: PingPong.everyoneHearsEveryone())
        let run = try Simulator(configuration).run(Schedule(initialNodes: 3, steps: [.pause(2, ticks: 290)]),
                                                   options: SwarmOptions(enabling: [.pause]))
        #expect(run.violation == nil, "\(run.violation.map(String.init(describing:)) ?? "")")
        #expect(run.statistics.endTime > 290)
    }

    @Test("a request to a paused node waits for it; a crash ends a pause")
    func pausedRequestsAndCrash() throws {
        let run = try runPingPong(nodes: 2, [.pause(1, ticks: 30), .crash(1), .wait(ticks: 5), .restart(1), .wait(ticks: 20)],
                                  options: SwarmOptions(enabling: [.pause, .crash]))
        let trace = try #require(run.trace)
        #expect(!trace.contains { if case .resume = $0.kind { true } else { false } }, "the crashed life never resumes")
        #expect(trace.contains { $0.node == 1 && $0.time > 5 && $0.time < 30 && $0.summary == "timer heartbeat" },
                "the restarted life is not paused")
    }

    @Test("a holding partition keeps crossing messages and releases them at the heal; none is lost")
    func hold() throws {
        let run = try runPingPong(nodes: 2, [.hold([[1], [2]]), .wait(ticks: 25), .heal, .wait(ticks: 30)],
                                  options: SwarmOptions(enabling: [.hold]))
        let trace = try #require(run.trace)
        #expect(run.statistics.messagesHeld >= 2)
        #expect(run.drops.isEmpty, "held, not dropped: \(run.drops)")
        let healAt = try #require(trace.first { if case .network("heal") = $0.kind { true } else { false } }?.time)
        // Pings sent during the hold are delivered after the heal.
        let heldIDs = trace.compactMap { event -> Int? in
            if case .send(1, 2, let id, _) = event.kind, event.time < healAt { return id }
            return nil
        }
        #expect(!heldIDs.isEmpty)
        for id in heldIDs {
            let delivered = trace.first { if case .deliver(1, 2, id, _) = $0.kind { true } else { false } }
            #expect(delivered.map { $0.time >= healAt } == true, "#\(id) delivered after the heal")
        }
    }

    @Test("long delays: most messages are on time, a few wait past the usual delay, as long as several timeouts")
    func longTail() throws {
        var configuration = SimulationConfiguration<PingPong>(parameters: .plain, nodes: 3, healTicks: 0)
        configuration.maxLongDelayTicks = 400
        let simulator = Simulator(configuration)
        let schedule = Schedule<NoRequest>(initialNodes: 3, steps: [.wait(ticks: 2_000)])
        let run = try simulator.run(schedule, options: SwarmOptions(enabling: [.longDelay]), source: ChoiceSource(seed: Seed(3)),
                                    recordTrace: true)
        let trace = try #require(run.trace)
        var sentAt: [Int: Int] = [:]
        var delays: [Int] = []
        for event in trace {
            if case .send(_, _, let id, _) = event.kind { sentAt[id] = event.time }
            if case .deliver(_, _, let id, _) = event.kind, let sent = sentAt[id] { delays.append(event.time - sent - 1) }
        }
        let late = delays.filter { $0 > 0 }
        // Counted when sent: a few late ones are still in flight when the run ends.
        let inFlight = sentAt.count - delays.count
        #expect((late.count...(late.count + inFlight)).contains(run.statistics.messagesLongDelayed),
                "\(run.statistics.messagesLongDelayed) vs \(late.count) delivered late, \(inFlight) in flight")
        #expect(!late.isEmpty)
        #expect(Double(late.count) / Double(delays.count) < 0.1, "a few: \(late.count) of \(delays.count)")
        #expect(late.contains { $0 > 100 }, "some wait past several 10-tick heartbeats: \(late.sorted().suffix(5))")
        #expect(late.allSatisfy { $0 <= 400 })
    }
}

/// A node that writes its counter at every timer and syncs at every other one.
private struct Writer: SimulatedNode {
    enum Message: SimulatedMessage { case none; var description: String { "none" } }
    typealias Observation = String
    var count: Int
    init(id: NodeID, cluster: ClusterInfo, durable: Int?) { count = durable ?? 0 }
    mutating func start(_ context: inout NodeContext<Writer>) {
        context.observe("restored \(count)")
        context.setTimer(0, after: 10)
    }
    mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<Writer>) {}
    mutating func timerFired(_ timer: Int, _ context: inout NodeContext<Writer>) {
        count += 1
        context.write(count)
        if count % 2 == 0 { context.sync() }
        context.setTimer(0, after: 10)
    }
}

@Suite("Storage faults")
struct StorageFaultTests {
    func restored(_ options: SwarmOptions) throws -> (String?, Int) {
        let configuration = SimulationConfiguration<Writer>(nodes: 1, healTicks: 0)
        let run = try Simulator(configuration).run(
            Schedule(initialNodes: 1, steps: [.wait(ticks: 35), .crash(1), .restart(1), .wait(ticks: 1)]),
            options: options, recordTrace: true)
        let last = (run.trace ?? []).compactMap { event -> String? in
            if case .observe(_, let text) = event.kind { return text }
            return nil
        }.last
        return (last, run.statistics.writesLost)
    }

    @Test("with storage faults a crash loses what was written since the last sync; without them a write is durable")
    func unsyncedWritesLost() throws {
        // Timers at 10, 20, 30 wrote 1, 2 (synced) and 3 (not synced); the crash at 35 loses 3.
        let (withFaults, lost) = try restored(SwarmOptions(enabling: [.crash, .storage]))
        #expect(withFaults == "restored 2" && lost == 1)
        let (without, none) = try restored(SwarmOptions(enabling: [.crash]))
        #expect(without == "restored 3" && none == 0)
    }

    @Test("checkers see the synced state only, with storage faults off too: a write waits for its sync",
          arguments: [false, true])
    func checkersSeeSyncedState(storageFaults: Bool) throws {
        let configuration = SimulationConfiguration<Writer>(nodes: 1, healTicks: 0, checkers: { [SyncedLog()] })
        let options = SwarmOptions(enabling: storageFaults ? [.crash, .storage] : [.crash])
        let run = try Simulator(configuration).run(Schedule(initialNodes: 1, steps: [.wait(ticks: 45)]), options: options)
        // Timers at 10..40 write 1, 2, 3, 4 and sync the even ones; the checker stops the
        // run at the last handler with what it saw after each.
        #expect(run.violation?.message == "synced after each write: none, 2, 2, 4")
    }
}

/// Records the synced state after every handler of node 1, and reports it at the fourth write.
private struct SyncedLog: Checker {
    typealias Node = Writer
    var property: String { "synced-log" }
    var reads: EventCategories { .states }
    var seen: [String] = []
    mutating func observe(_ event: TraceEvent<Writer>, in cluster: ClusterView<Writer>) -> Violation? { nil }
    mutating func stateChanged(_ node: NodeID, in cluster: ClusterView<Writer>) -> Violation? {
        guard let count = cluster[node]?.count, count > 0 else { return nil }
        seen.append(cluster.durable(of: node).map(String.init) ?? "none")
        guard count == 4 else { return nil }
        return Violation(property: property, message: "synced after each write: " + seen.joined(separator: ", "), nodes: [node])
    }
}
