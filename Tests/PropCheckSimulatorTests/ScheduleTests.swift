import Foundation
import Testing
import PropCheckEngine
import PropCheckSimulator
import ExampleProtocols

@Suite("Schedules")
struct ScheduleTests {
    @Test("steps print as one-liners and round-trip through JSON")
    func printingAndCodable() throws {
        let schedule = Schedule<NoRequest>(initialNodes: 5, steps: [
            .wait(ticks: 150), .crash(2), .restart(2), .partition([[1, 2], [3, 4, 5]]), .bridge(3, [[1, 2], [4, 5]]),
            .cut(from: 1, to: 3), .heal, .join(contact: 1), .setLoss(percent: 10), .setDuplication(percent: 5),
        ])
        #expect(schedule.description == """
            1. wait 150
            2. crash n2
            3. restart n2
            4. partition {n1 n2} {n3 n4 n5}
            5. bridge n3 between {n1 n2} {n4 n5}
            6. cut n1 -> n3
            7. heal
            8. join via n1
            9. loss 10%
            10. duplicate 5%
            """)
        let data = try JSONEncoder().encode(schedule)
        #expect(try JSONDecoder().decode(Schedule<NoRequest>.self, from: data) == schedule)
        #expect(String(decoding: try JSONEncoder().encode(Step.crash(2)), as: UTF8.self).contains("\"op\":\"crash\""))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Step.self, from: Data(#"{"op":"explode"}"#.utf8))
        }
    }

    @Test("bad schedules are rejected with the step and the reason", arguments: [
        ([Step.crash(7)], "invalid schedule: step 1 'crash n7': there is no node n7 (members: n1 n2 n3)"),
        ([.partition([[1], [2]])], "invalid schedule: step 1 'partition {n1} {n2}': not a partition of the members: n3 not in any group"),
        ([.partition([[1, 2], [2, 3]])], "invalid schedule: step 1 'partition {n1 n2} {n2 n3}': a node appears in more than one group"),
        ([.wait(ticks: -5)], "invalid schedule: step 1 'wait -5': a wait cannot be negative"),
        ([.restart(1)], "invalid schedule: step 1 'restart n1': n1 is not down"),
        ([.crash(1), .crash(1)], "invalid schedule: step 2 'crash n1': n1 is already down"),
        ([.setLoss(percent: 140)], "invalid schedule: step 1 'loss 140%': a percentage must be between 0 and 100, got 140"),
        ([.cut(from: 2, to: 2)], "invalid schedule: step 1 'cut n2 -> n2': a node cannot be cut from itself"),
    ])
    func invalid(steps: [Step], message: String) {
        #expect(throws: ScheduleError.self) { try runPingPong(nodes: 3, steps) }
        do { _ = try runPingPong(nodes: 3, steps) } catch { #expect("\(error)" == message) }
    }

    @Test("a join makes its node valid for later steps")
    func joinExtendsMembers() throws {
        #expect(throws: Never.self) { try runPingPong(nodes: 2, [.join(contact: 1), .crash(3)]) }
    }

    @Test("generated schedules are valid, and swarm options switch fault kinds on and off")
    func generated() throws {
        let configuration = SimulationConfiguration<PingPong>(parameters: .plain, nodes: 4, faults: [.crash, .partition, .loss, .duplication,
                                                                                 .delay, .clockSkew, .join, .pause, .hold],
                                                               maxSteps: 15, healTicks: 50)
        let generator = Simulator(configuration).generator()
        var kindsSeen: Set<FaultKind> = []
        var faultFree = 0
        for index in 0..<200 {
            let run = try generator.generate(from: ChoiceSource(seed: Seed(8).caseSeed(index)))
            try run.schedule.validate()
            if run.options.enabledKinds.isEmpty { faultFree += 1 }
            for step in run.schedule.steps {
                if let kind = step.faultKind {
                    kindsSeen.insert(kind)
                    #expect(run.options.enabledKinds.contains(kind), "\(step) under \(run.options)")
                }
            }
        }
        #expect(kindsSeen == [.crash, .partition, .join, .loss, .duplication, .pause, .hold])
        #expect(faultFree < 20, "about 1 in 512 runs has every fault off: \(faultFree)")
        #expect(SwarmOptions(enabling: [.crash, .loss]).description == "swarm: crashes, loss 10%")
    }

    @Test("a configured fault list limits what swarm testing switches on")
    func allowedFaults() throws {
        var configuration = SimulationConfiguration<PingPong>(parameters: .plain, nodes: 3, healTicks: 0)
        configuration.faults = [.partition]
        let generator = Simulator(configuration).generator()
        for index in 0..<100 {
            let run = try generator.generate(from: ChoiceSource(seed: Seed(2).caseSeed(index)))
            #expect(Set(run.options.enabledKinds).isSubset(of: [.partition]))
        }
    }
}
