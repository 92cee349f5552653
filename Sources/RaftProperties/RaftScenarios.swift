import PropCheckSimulator
import Raft

/// Hand-written runs mirroring the seed documents.
public enum RaftScenarios {
    /// Seed 002, the Go test: five servers; the leader (n1 wins the first election
    /// with these choices) is disconnected, the rest elect another, then it comes back.
    public static let disconnectLeader: Schedule<KVRequest> = Schedule(initialNodes: 5, steps: [
        .wait(ticks: 100), .request(2, .kv(.put(key: 0, value: 1))), .wait(ticks: 20),
        .partition([[1], [2, 3, 4, 5]]), .wait(ticks: 300), .request(3, .kv(.put(key: 0, value: 2))),
        .wait(ticks: 200), .heal, .wait(ticks: 200), .request(1, .kv(.get(key: 0))), .wait(ticks: 100),
    ])

    /// Seeds 001 and 004: three servers in a message soup (loss, duplication and
    /// reordering all on), clients writing and reading throughout.
    public static let messageSoup: Schedule<KVRequest> = {
        var steps: [ScheduleStep<KVRequest>] = [.setLoss(percent: 20), .setDuplication(percent: 20)]
        for round in 0..<12 {
            steps.append(.request(NodeID(1 + round % 3), round % 3 == 2 ? .kv(.get(key: round % 2))
                                    : .kv(.add(key: round % 2, delta: 1 + round))))
            steps.append(.wait(ticks: 40))
        }
        return Schedule(initialNodes: 3, steps: steps)
    }()

    /// The swarm options of the soup: delays up to 10 ticks on top of its loss and duplication.
    public static let soupOptions: SwarmOptions = {
        var options = SwarmOptions(enabling: [.loss, .duplication, .delay], requests: true)
        options.maxExtraDelayTicks = 10
        return options
    }()

    /// Seed 003's two sites: n1 to n3 in one data centre, n4 and n5 in the other,
    /// 20 ms inside a site and 170 ms across (a tick is a millisecond).
    public static let twoSites = Topology.sites([[1, 2, 3], [4, 5]], localTicks: 20, remoteTicks: 170)

    /// Seed 003's leader-kill loop: `rounds` times, wait for a leader, kill it 3 s
    /// after its election, restart it from its persisted term half a second later.
    /// The schedule depends on who wins each election, so it is built by running
    /// its prefix (runs are deterministic: the same prefix elects the same leader).
    public static func leaderKillLoop(rounds: Int, simulator: Simulator<RaftNode<RaftVariants.CorrectWAN>>,
                                      options: SwarmOptions) throws -> Schedule<KVRequest> {
        var steps: [ScheduleStep<KVRequest>] = []
        for round in 0..<rounds {
            steps.append(.wait(ticks: 3_000))
            let run = try simulator.run(Schedule(initialNodes: 5, steps: steps), options: options)
            guard let leader = run.finalStates.compactMap({ $0 }).filter({ $0.role == .leader })
                .max(by: { $0.currentTerm < $1.currentTerm }) else { continue }
            steps += [.request(leader.id, .kv(.add(key: 0, delta: round + 1))), .wait(ticks: 3_000),
                      .crash(leader.id), .wait(ticks: 500), .restart(leader.id)]
        }
        return Schedule(initialNodes: 5, steps: steps)
    }
}
