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

    /// Figure 8 of the Raft paper, played out by hand on five servers with the
    /// simplest choices (no loss, no jitter), so every election is won by the server
    /// whose timer fires first. Each network change falls on the tick where it must:
    ///
    /// 1. n1 leads term 1; cut off with n2, it appends a write X at index 2 that only
    ///    n2 receives.
    /// 2. n3 wins term 2 with n4 and n5 and is isolated at once, so its no-op (index 2,
    ///    term 2) stays on n3 alone.
    /// 3. n1 wins term 4 with n2 and n4. The links to n2 and n5 are cut the moment it
    ///    wins, so only n4 gets [X, no-op]; reopened, n2's answer to a heartbeat shows
    ///    it holds X. X is now on a majority (n1, n2, n4), the no-op is not.
    /// 4. n1 dies before its no-op reaches n2; n3 wins term 7 with n2 and n5, whose
    ///    logs end in term 1, and will overwrite X.
    ///
    /// A leader that commits X by counting replicas (`commit-previous-term`) has
    /// applied it, and n3 leads without it: leader completeness, then state machine
    /// safety, fail. The correct leader waits for its no-op, so X was never committed.
    /// Random schedules do not find this: it needs six network changes, each on the
    /// right tick.
    public static let figure8: Schedule<KVRequest> = Schedule(initialNodes: 5, steps: [
        .wait(ticks: 60), .partition([[1, 2], [3, 4, 5]]), .request(1, .kv(.put(key: 0, value: 7))),
        .wait(ticks: 47), .partition([[1, 2, 4, 5], [3]]),
        .wait(ticks: 55), .cut(from: 1, to: 2), .cut(from: 1, to: 5),
        .wait(ticks: 5), .partition([[1, 2, 4], [3], [5]]),
        .wait(ticks: 7), .cut(from: 1, to: 2), .crash(1), .partition([[2, 3, 5], [1, 4]]),
        .wait(ticks: 150),
    ])

    /// Seed 003's two sites: n1 to n3 in one data centre, n4 and n5 in the other,
    /// 20 ms inside a site and 170 ms across (a tick is a millisecond).
    public static let twoSites = Topology.sites([[1, 2, 3], [4, 5]], localTicks: 20, remoteTicks: 170)

    /// Seed 003's leader-kill loop: `rounds` times, wait for a leader, kill it 3 s
    /// after its election, restart it from its persisted term half a second later.
    /// The schedule depends on who wins each election, so it is built by running
    /// its prefix (runs are deterministic: the same prefix elects the same leader).
    public static func leaderKillLoop(rounds: Int, simulator: Simulator<RaftServer>,
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
