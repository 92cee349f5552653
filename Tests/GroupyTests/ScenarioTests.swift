import Testing
import PropCheckEngine
import PropCheckSimulator
import Groupy
import GroupyProperties

/// Hand-written scenarios: what each version does in the situations that tell them apart.
@Suite("Groupy scenarios")
struct ScenarioTests {
    @Test("joins: the leader appends the newcomer, every member installs the view, the state comes through the group")
    func joinsAndStateTransfer() throws {
        let run = try runGroup(.gms3, nodes: 1, [
            .request(1, 5), .join(contact: 1), .wait(ticks: 10), .request(2, 7), .join(contact: 2), .wait(ticks: 10),
            .request(3, 11), .wait(ticks: 10),
        ], options: SwarmOptions(enabling: [.join], requests: true))
        #expect(run.violation == nil, "\(run)")
        #expect(run.observations(of: 3).first == "view 6 [n1,n2,n3]", "views are numbered in the leader's stream")
        #expect(run.observations(of: 2).contains("view 6 [n1,n2,n3]"), "a join through a slave is forwarded to the leader")
        let colors = run.finalStates.compactMap { $0?.worker.color }
        #expect(colors.count == 3 && Set(colors).count == 1, "\(colors)")
        #expect(colors.first == RGB().changed(by: 5).changed(by: 7).changed(by: 11))
        #expect(run.finalStates.allSatisfy { $0?.worker.isReady == true })
    }

    @Test("election: when the leader dies, the first peer in the list takes over and installs a new view")
    func election() throws {
        let run = try runGroup(.gms2, nodes: 4, [.crash(1), .wait(ticks: 10), .request(3, 4), .wait(ticks: 10)],
                               options: SwarmOptions(enabling: [.crash], requests: true))
        #expect(run.observations(of: 2).contains { $0.hasPrefix("leader of view") })
        for node: NodeID in [2, 3, 4] { #expect(run.observations(of: node).contains { $0.hasSuffix("[n2,n3,n4]") }) }
        #expect(run.observations(of: 4).contains { $0.hasPrefix("deliver n3/0.1 {change,4}") })
    }

    /// n1 leads 5 members and dies in the middle of multicasting m: after sending it to
    /// n2 and n3 (the BUGGIFY choices say "go on" after n2, "die" after n3).
    func crashMidMulticast(_ version: GMSVersion) throws -> SimulationRun<GroupMember> {
        try runGroup(version, nodes: 5, [.request(1, 9), .wait(ticks: 20)],
                     options: SwarmOptions(enabling: [.crash], requests: true), choices: [0, 1])
    }

    @Test("gms2 loses a message when the leader dies mid-multicast: n4 and n5 never get it")
    func gms2LosesMessage() throws {
        let run = try crashMidMulticast(.gms2)
        #expect(run.violation?.property == "no-gaps", "\(run)")
        #expect(run.violation?.nodes == [4], "n4 takes the new view without ever getting the message")
    }

    @Test("gms3: the new leader resends the last message; those that had it discard it by its number")
    func gms3Resends() throws {
        let run = try crashMidMulticast(.gms3)
        #expect(run.violation == nil, "\(run)")
        for node: NodeID in [2, 3, 4, 5] {
            #expect(run.observations(of: node).filter { $0.contains("{change,9}") && $0.hasPrefix("deliver") }.count == 1)
        }
    }

    @Test("gms3-offbyone delivers the resent message twice")
    func offByOneDuplicates() throws {
        let run = try crashMidMulticast(.gms3OffByOne)
        #expect(run.violation?.property == "no-duplicates", "\(run)")
        #expect(run.violation?.nodes.first == 3, "n3 had the message and takes the resend too")
    }

    @Test("gms3 misses a lost message for good; gms4 notices the gap and NACKs it back")
    func gapRecovery() throws {
        let steps: [ScheduleStep<Int>] = [
            .request(1, 1), .wait(ticks: 5), .cut(from: 1, to: 3), .request(1, 2), .wait(ticks: 5), .heal,
            .request(1, 3), .wait(ticks: 100),
        ]
        let options = SwarmOptions(enabling: [.partition], requests: true)
        let gms3 = try runGroup(.gms3, nodes: 3, steps, options: options)
        #expect(gms3.violation?.property == "no-gaps", "\(gms3)")
        #expect(gms3.observations(of: 3).contains("gap: expected 2, got 3"))
        let gms4 = try runGroup(.gms4, nodes: 3, steps, options: options)
        #expect(gms4.violation == nil, "\(gms4)")
        let delivered = gms4.observations(of: 3).filter { $0.hasPrefix("deliver") && !$0.contains("{change,0}") }
        #expect(delivered.count == 3 && delivered[1].contains("{change,2}") && delivered[2].contains("{change,3}"))
        #expect(gms4.trace?.contains { if case .send(3, 1, _, .nack(2)) = $0.kind { true } else { false } } == true)
    }

    @Test("gms4: a new leader first collects what other members delivered (the flush)")
    func gms4Flush() throws {
        let run = try crashMidMulticast(.gms4)
        #expect(run.violation == nil, "\(run)")
        for node: NodeID in [2, 3, 4, 5] {
            #expect(run.observations(of: node).filter { $0.contains("{change,9}") && $0.hasPrefix("deliver") }.count == 1)
        }
        #expect(run.trace?.contains { if case .send(2, _, _, .takeover) = $0.kind { true } else { false } } == true)
    }

    @Test("gms4 answers a state request only once everything before it is stable, so a joiner's colour never includes what the survivors skip (seed 4, run 3,972)")
    func stableStateTransfer() throws {
        // n3 misses the change of 5 (its link from n1 is cut); n4 joins through n1, and n1
        // and n2, the only members that delivered the change, die before n3 has it.
        let run = try runGroup(.gms4, nodes: 3, [
            .cut(from: 1, to: 3), .request(1, 5), .join(contact: 1), .wait(ticks: 10), .crash(1), .crash(2), .heal,
            .wait(ticks: 300),
        ], options: SwarmOptions(enabling: [.partition, .crash, .join], requests: true))
        #expect(run.violation == nil, "\(run)")
        // (The heal phase restarts n1 and n2 as new members, whose workers may answer later requests.)
        let beforeTheCrashes = (run.trace ?? []).filter { $0.time <= 10 }
        #expect(!beforeTheCrashes.contains { if case .observe(_, .multicast(let m)) = $0.kind, case .state = m.body { true } else { false } },
                "a worker answered before n3 had the change")
        #expect(run.observations(of: 3).contains { $0.hasPrefix("skip stream position") }, "the new leader skips the change")
        let joiner = try #require(run.member(4))
        #expect(joiner.worker.isReady && joiner.worker.color == run.member(3)?.worker.color)
        #expect(joiner.worker.color == RGB(), "the joiner's colour leaves out the change nobody alive delivered")
    }

    @Test("gms4 asks once per missing position, not once per item that arrives past it (the NACK implosion of seed 5eed, run 33,508)")
    func dampedNacks() throws {
        // n3 misses the first multicast; the ten after it each arrive past the gap.
        let steps: [ScheduleStep<Int>] = [.cut(from: 1, to: 3), .request(1, 1), .wait(ticks: 2), .heal]
            + (2...11).map { .request(1, $0) } + [.wait(ticks: 100)]
        let run = try runGroup(.gms4, nodes: 3, steps, options: SwarmOptions(enabling: [.partition], requests: true))
        #expect(run.violation == nil, "\(run)")
        let nacks = (run.trace ?? []).filter { if case .send(3, 1, _, .nack) = $0.kind { true } else { false } }
        #expect(nacks.count == 1, "\(nacks.map(\.summary))")
        #expect(run.observations(of: 3).filter { $0.hasPrefix("deliver") && !$0.contains("{change,0}") }.count == 11)
    }

    @Test("Groupy console lines for a run")
    func console() throws {
        let run = try runGroup(.gms3, nodes: 3, [.request(1, 4), .wait(ticks: 5), .crash(1), .wait(ticks: 10)],
                               options: SwarmOptions(enabling: [.crash], requests: true), choices: [0, 0])
        let lines = GroupyConsole.render(run.trace ?? []).split(separator: "\n").map(String.init)
        #expect(lines.contains("leader 1: received {mcast, {change,4}} with seq num 1"))
        #expect(lines.contains("slave 2: msg {change,4} with seq num 1"))
        #expect(lines.contains("leader 1: crash"))
        #expect(lines.contains("slave 3: view 2 [2,3]"))
    }
}

/// The runs of seed 000, replayed against each version.
@Suite("Seed 000 scenarios")
struct Seed000Tests {
    func run(_ version: GMSVersion, _ schedule: Schedule<Int>, seed: UInt64) throws -> SimulationRun<GroupMember> {
        try Simulator(gmsConfiguration(version, nodes: schedule.initialNodes))
            .run(schedule, options: GroupyScenarios.options, source: ChoiceSource(seed: Seed(seed)), recordTrace: true)
    }

    @Test("5 workers, 5% loss, three leader crashes: gms3 loses messages (as the seed's log shows); gms4 does not")
    func lossAndCrashes() throws {
        var gms3Failures = 0
        for seed in 0..<10 {
            let gms3 = try run(.gms3, GroupyScenarios.lossAndLeaderCrashes, seed: UInt64(seed))
            if let violation = gms3.violation {
                gms3Failures += 1
                #expect(["no-gaps", "gms-liveness", "total-order", "virtual-synchrony"].contains(violation.property), "\(violation)")
            }
            let gms4 = try run(.gms4, GroupyScenarios.lossAndLeaderCrashes, seed: UInt64(seed))
            #expect(gms4.violation == nil, "seed \(seed): \(gms4.violation.map(String.init(describing:)) ?? "")")
            #expect(GroupyConsole.render(gms4.trace ?? []).contains("leader 1: crash"))
        }
        #expect(gms3Failures >= 8, "gms3 should lose messages in most of these runs, lost in \(gms3Failures) of 10")
    }

    @Test("one worker, then joins of 2 and 3 more: every version admits them and transfers the state")
    func joins() throws {
        func check(_ version: GMSVersion) throws {
            let result = try run(version, GroupyScenarios.joins, seed: 1)
            #expect(result.violation == nil, "\(version): \(result)")
            let colors = result.finalStates.compactMap { $0?.worker.color }
            #expect(colors.count == 6 && Set(colors).count == 1, "\(version): \(colors)")
        }
        try check(.gms1); try check(.gms2); try check(.gms3); try check(.gms4)
    }
}
