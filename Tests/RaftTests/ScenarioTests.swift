import Testing
import PropCheckEngine
import PropCheckSimulator
import Raft
import RaftProperties

/// The seed documents' scenarios, and membership changes, run end to end with every checker.
@Suite("Raft scenarios")
struct ScenarioTests {
    func leaders(_ run: SimulationRun<RaftServer>) -> [(NodeID, Int)] {
        (run.trace ?? []).compactMap { event in
            if case .observe(let node, .role(.leader, let term)) = event.kind { return (node, term) }
            return nil
        }
    }

    @Test("seed 002: a disconnected leader is replaced in a later term, and steps down when it comes back")
    func disconnectLeader() throws {
        let schedule = RaftScenarios.disconnectLeader
        let run = try Simulator(raftConfiguration(.correct, nodes: 5)).run(
            schedule, options: SwarmOptions(enabling: [.partition], requests: true), recordTrace: true)
        #expect(run.violation == nil, "\(run)")
        let elected = leaders(run)
        #expect(elected.first?.0 == 1, "n1 wins the first election with the simplest choices")
        #expect(elected.count >= 2 && elected[1].0 != 1 && elected[1].1 > elected[0].1,
                "the majority side elects a new leader in a later term: two leaders at once, in different terms")
        #expect(run.observations(of: 1).contains { $0.hasPrefix("follower in term") }, "the old leader steps down on its return")
        #expect(run.observations(of: 1).contains("c1.0#1 get k0 -> 2"), "its client reads the write made while it was away")
    }

    @Test("seeds 001 and 004: three servers in a message soup stay safe, linearizable and live")
    func messageSoup() throws {
        let run = try Simulator(raftConfiguration(.correct, nodes: 3)).run(
            RaftScenarios.messageSoup, options: RaftScenarios.soupOptions, source: ChoiceSource(seed: Seed(4)),
            recordTrace: true)
        #expect(run.violation == nil, "\(run)")
        #expect(run.statistics.messagesDropped > 10 && run.statistics.messagesDuplicated > 10)
        let observations: [String] = (1...3).flatMap { run.observations(of: NodeID($0)) }
        let completed = observations.filter { $0.contains(" -> ") }
        #expect(completed.count >= 12, "every request and probe is answered: \(completed)\n\(run)")
    }

    @Test("seed 003: two sites, the leader killed 3 s after every election and restarted from its persisted term")
    func leaderKillLoop() throws {
        var configuration = raftConfiguration(.correctWAN, nodes: 5)
        configuration.topology = RaftScenarios.twoSites
        configuration.healTicks = 30_000
        let simulator = Simulator(configuration)
        let options = SwarmOptions(enabling: [.crash], requests: true)
        let schedule = try RaftScenarios.leaderKillLoop(rounds: 4, simulator: simulator, options: options)
        let run = try simulator.run(schedule, options: options, source: ChoiceSource(seed: Seed(3)), recordTrace: true)
        #expect(run.violation == nil, "\(run)")
        let elected = leaders(run)
        #expect(Set(elected.map(\.0)).count >= 3, "the kills hand leadership around: \(elected)")
        #expect(elected.map(\.1) == elected.map(\.1).sorted(), "terms only grow, across restarts too")
        #expect(schedule.steps.filter { if case .crash = $0 { true } else { false } }.count == 4)
    }

    @Test("Figure 8: counting replicas of an earlier term's entry commits what a later leader overwrites")
    func figure8() throws {
        let options = SwarmOptions(enabling: [.crash, .partition], requests: true)
        // The broken commit rule itself is caught where n1 first breaks it...
        let caught = try runRaft(.planted(.commitPreviousTerm), nodes: 5, RaftScenarios.figure8.steps, options: options)
        #expect(caught.violation?.property == "current-term-commit", "\(caught)")
        #expect(caught.violation?.message.hasPrefix("n1, leader of term 4, committed up to index 2") == true, "\(caught)")
        // ...and, unchecked, it loses the entry once n3 leads.
        let broken = try runRaft(.planted(.commitPreviousTerm), nodes: 5, RaftScenarios.figure8.steps, options: options,
                                 skipping: "current-term-commit")
        #expect(broken.violation?.property == "leader-completeness", "\(broken)")
        #expect(broken.violation?.message.contains("n3 leads term 7") == true)
        #expect(broken.observations(of: 1).contains("apply 2 t1:c1.0#1 put k0=7"),
                "n1 applied X with its own no-op on a minority")

        let correct = try runRaft(nodes: 5, RaftScenarios.figure8.steps, options: options)
        #expect(correct.violation == nil, "\(correct)")
        #expect(!correct.observations(of: 1).contains("apply 2 t1:c1.0#1 put k0=7"),
                "the correct leader waits for an entry of its own term")
        #expect(leaders(correct).contains { $0 == (3, 7) }, "the same run: n3 wins term 7 and overwrites X, safely")
    }

    @Test("membership: a server joins through a follower, then a removal shrinks the configuration")
    func joinAndRemove() throws {
        let run = try runRaft(nodes: 3, [
            .wait(ticks: 100), .join(contact: 2), .wait(ticks: 200), .request(3, .removeServer(1)), .wait(ticks: 300),
            .request(4, .kv(.put(key: 1, value: 3))), .wait(ticks: 100),
        ])
        #expect(run.violation == nil, "\(run)")
        #expect(run.observations(of: 4).contains("configuration {n1 n2 n3 n4}"), "the joiner learns it was added")
        #expect(run.observations(of: 2).contains("configuration {n2 n3 n4}"))
        #expect(run.observations(of: 1).contains { $0.hasPrefix("follower in term") }, "the removed leader steps down")
        #expect(run.observations(of: 4).contains("c4.0#1 put k1=3 -> ok"))
    }

    @Test("the planted stale read: an isolated leader answers from its own state after the others moved on")
    func staleLocalRead() throws {
        let run = try runRaft(.planted(.staleLocalRead), nodes: 3, [
            .wait(ticks: 100), .request(2, .kv(.put(key: 0, value: 1))), .wait(ticks: 20), .partition([[1], [2, 3]]),
            .wait(ticks: 200), .request(2, .kv(.put(key: 0, value: 2))), .wait(ticks: 200), .request(1, .kv(.get(key: 0))),
        ])
        #expect(run.violation?.property == "linearizability", "\(run)")
        #expect(run.violation?.message.contains("c2.0 put k0=2 -> ok") == true)
        #expect(run.violation?.message.contains("c1.0 get k0 -> 1") == true)
        let correct = try runRaft(nodes: 3, run.schedule.steps)
        #expect(correct.violation == nil, "the correct Raft confirms its leadership first: \(correct)")
    }
}
