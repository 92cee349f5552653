import Groupy
import PropCheckSimulator

/// Hand-written runs mirroring seed 000, Groupy's own test sessions.
public enum GroupyScenarios {
    /// `test:more(5, gms3, 1000)` with lost messages: five workers multicasting colour
    /// changes under 5% message loss while the leader is killed three times (n1, n2,
    /// then n3), as in the seed's console log.
    public static let lossAndLeaderCrashes: Schedule<Int> = {
        var steps: [ScheduleStep<Int>] = [.setLoss(percent: 5)]
        for round in 0..<3 {
            for step in 0..<12 {
                steps.append(.request(NodeID(5 - (step % (4 - round))), 1 + (step * 7 + round) % 20))
                steps.append(.wait(ticks: 10))
            }
            steps.append(.crash(NodeID(round + 1)))
            steps.append(.wait(ticks: 20))
        }
        return Schedule(initialNodes: 5, steps: steps)
    }()

    /// `test:first(1, gms3, 1000)`, then `test:add(2, ...)` and `test:add(3, ...)`: one
    /// worker, two joins through it, three more through the second, with multicasts in
    /// between.
    public static let joins: Schedule<Int> = Schedule(initialNodes: 1, steps: [
        .request(1, 3), .join(contact: 1), .join(contact: 1), .wait(ticks: 20), .request(2, 5),
        .join(contact: 2), .join(contact: 2), .join(contact: 2), .wait(ticks: 20), .request(4, 7), .request(6, 9),
        .wait(ticks: 50),
    ])

    /// The swarm options scenarios run with: crashes and joins on (loss comes from the
    /// schedule's own `loss 5%` step), leaders may die mid-multicast.
    public static let options = SwarmOptions(enabling: [.crash, .join], requests: true)
}
