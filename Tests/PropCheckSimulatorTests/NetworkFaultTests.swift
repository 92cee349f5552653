import Testing
import PropCheckEngine
import PropCheckSimulator
import ExampleProtocols

@Suite("Network faults")
struct NetworkFaultTests {
    @Test("a partition blocks exactly the links between its groups, both ways")
    func partitionBlocksCrossLinks() throws {
        let run = try runPingPong(nodes: 4, [.partition([[1, 2], [3, 4]]), .wait(ticks: 35)])
        let side = { (node: NodeID) in node.rawValue <= 2 ? 0 : 1 }
        #expect(!run.drops.isEmpty)
        for drop in run.drops {
            #expect(drop.reason == "partition")
            #expect(side(drop.from) != side(drop.to), "\(drop) crosses no cut")
        }
        for delivery in run.deliveries { #expect(side(delivery.from) == side(delivery.to)) }
        // Every cross link in both directions saw a drop: nothing cut was left out.
        let cut = Set(run.drops.map { "\($0.from)->\($0.to)" })
        #expect(cut == ["n1->n3", "n1->n4", "n2->n3", "n2->n4", "n3->n1", "n3->n2", "n4->n1", "n4->n2"])
    }

    @Test("a one-way cut blocks one direction only")
    func oneWayCut() throws {
        let run = try runPingPong(nodes: 3, [.cut(from: 1, to: 2), .wait(ticks: 35)])
        #expect(!run.drops.isEmpty)
        #expect(run.drops.allSatisfy { $0.from == 1 && $0.to == 2 && $0.reason == "partition" })
        #expect(run.deliveries.contains { $0.from == 2 && $0.to == 1 }, "n2 still reaches n1")
    }

    @Test("a bridge node keeps talking to both sides; heal restores every link")
    func bridgeAndHeal() throws {
        let run = try runPingPong(nodes: 3, [.bridge(2, [[1], [3]]), .wait(ticks: 25), .heal, .wait(ticks: 25)])
        let healAt = try #require(run.trace?.first { if case .network("heal") = $0.kind { true } else { false } }?.time)
        #expect(run.drops.allSatisfy { Set([$0.from, $0.to]) == [1, 3] })
        #expect(run.deliveries.contains { $0.from == 1 && $0.to == 2 } && run.deliveries.contains { $0.from == 3 && $0.to == 2 })
        let after = (run.trace ?? []).filter { $0.time > healAt + 1 }
        #expect(after.contains { if case .deliver(1, 3, _, _) = $0.kind { true } else { false } })
        #expect(!after.contains { if case .drop = $0.kind { true } else { false } })
    }

    @Test("loss and duplication happen at their configured rates over many messages")
    func rates() throws {
        var sent = 0, dropped = 0, duplicated = 0
        for seed in 0..<20 {
            let options = SwarmOptions(enabling: [.loss, .duplication])
            let run = try runPingPong(nodes: 3, [.setLoss(percent: 20), .setDuplication(percent: 10), .wait(ticks: 300)],
                                      options: options, source: ChoiceSource(seed: Seed(UInt64(seed))))
            sent += run.statistics.messagesSent
            dropped += run.statistics.messagesDropped
            duplicated += run.statistics.messagesDuplicated
        }
        let lossRate = Double(dropped) / Double(sent), duplicationRate = Double(duplicated) / Double(sent)
        #expect(sent > 2000)
        #expect(abs(lossRate - 0.20) < 0.03, "loss \(lossRate)")
        #expect(abs(duplicationRate - 0.10) < 0.03, "duplication \(duplicationRate)")
    }

    @Test("per-link latency follows the topology: two sites, fast inside, slow across")
    func twoSites() throws {
        let run = try runPingPong(nodes: 4, [.wait(ticks: 300)]) { configuration in
            configuration.topology = .sites([[1, 2], [3, 4]], localTicks: 20, remoteTicks: 170)
        }
        var sentAt: [Int: Int] = [:]
        for event in run.trace ?? [] {
            switch event.kind {
            case .send(_, _, let id, _): sentAt[id] = event.time
            case .deliver(let from, let to, let id, _):
                let expected = (from.rawValue <= 2) == (to.rawValue <= 2) ? 20 : 170
                #expect(event.time - sentAt[id]! == expected, "\(from)->\(to)")
            default: break
            }
        }
    }

    @Test("extra delays reorder messages on a link")
    func delaysReorder() throws {
        let options = SwarmOptions(enabling: [.delay])
        let run = try runPingPong(nodes: 2, [.wait(ticks: 400)], options: options, source: ChoiceSource(seed: Seed(4)))
        let pings = run.deliveries.isEmpty ? [] : (run.trace ?? []).compactMap { event -> Int? in
            if case .deliver(1, 2, _, .ping(let round)) = event.kind { return round }
            return nil
        }
        #expect(run.statistics.messagesDelayed > 0)
        #expect(pings != pings.sorted(), "with delays up to 20 ticks and 10-tick heartbeats, pings overtake each other")
    }
}
