import PropCheck

/// Everything PropCheck needs to fuzz two-phase commit: the liveness goal, the
/// simulation configuration, and the targets (the correct protocol and the planted
/// bug) that the fuzzer, the in-test campaigns and pasted regression tests share.
public enum TwoPhaseCommitTargets {
    /// After the heal: the coordinator has decided every transaction it began, and
    /// every participant that voted yes knows the outcome.
    public static let everyoneLearns = LivenessGoal<Participant>(
        property: "decided",
        "every begun transaction decided, and known to every participant that voted yes",
        unmet: { cluster in
            undecided(in: cluster).map { "t\($0.transaction) at \($0.node)" }.joined(separator: ", ")
        },
        isMet: { cluster in undecided(in: cluster).isEmpty })

    /// The transactions not yet settled, and where.
    static func undecided(in cluster: ClusterView<Participant>) -> [(node: NodeID, transaction: Int)] {
        var pending: [(NodeID, Int)] = []
        for node in cluster.upNodes {
            guard let state = cluster[node] else { continue }
            if node == state.coordinator {
                pending += state.durable.transactions.filter { $0.commit == nil }.map { (node, $0.id) }
            } else {
                pending += state.durable.votes.filter { $0.yes && state.outcomes[$0.transaction] == nil }
                    .map { (node, $0.transaction) }
            }
        }
        return pending
    }

    /// The configuration campaigns run: a coordinator and two participants, crashes,
    /// partitions, loss, duplication and delay (joins would add nodes that take no part),
    /// the checkers, the liveness goal, and the executable model (``TwoPhaseCommitModel``).
    public static func configuration(_ variant: TwoPhaseCommitVariant) -> SimulationConfiguration<Participant> {
        SimulationConfiguration(parameters: variant, nodes: 3, faults: [.crash, .partition, .loss, .duplication, .delay],
                                maxSteps: 12, maxWaitTicks: 60, maxExtraDelayTicks: 10, maxEvents: 20_000,
                                healTicks: 400, liveness: everyoneLearns, model: TwoPhaseCommitModel(),
                                checkers: { [Atomicity(), CommitValidity()] })
    }

    /// The correct protocol.
    public static let correct = CampaignTarget(
        protocolName: "tpc", summary: "two-phase commit with presumed abort; decisions durable and re-sent",
        configuration: configuration(.correct))

    /// The planted bug.
    public static let commitOnTimeout = CampaignTarget(
        protocolName: "tpc", variant: "commit-on-timeout",
        summary: "the coordinator commits when votes are missing at the deadline (caught by atomicity or commit-validity)",
        isBroken: true, configuration: configuration(.commitOnTimeout),
        knownMinimum: KnownMinimum(steps: 1, lowerBound: 1,
                                   reason: "a transaction must begin (a request step); the missing vote can be a message lost under the swarm's loss setting"))

    /// Both targets, as the fuzzer and the tests look them up.
    public static let registry: TargetRegistry = {
        do { return try TargetRegistry([correct, commitOnTimeout]) } catch {
            preconditionFailure("the two-phase-commit targets are invalid: \(error)")
        }
    }()
}
