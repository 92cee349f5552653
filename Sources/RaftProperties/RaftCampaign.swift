import PropCheckSimulator
import Raft

/// The configuration Raft campaigns of `variant` run with: three servers, every
/// fault kind (joins and removals included), every safety checker,
/// linearizability, and the liveness goal. Storage faults only for a variant that
/// writes without syncing: Raft persists (writes and syncs) before every reply, so
/// for every other variant they are inert, and the campaign would warn so.
public func raftConfiguration(
    _ variant: RaftVariant = .correct, nodes: Int = 3, faults: Set<FaultKind>? = nil
) -> SimulationConfiguration<RaftServer> {
    let defaultFaults = variant.bug == .replyBeforeSync
        ? Set(FaultKind.allCases) : Set(FaultKind.allCases).subtracting([.storage])
    return SimulationConfiguration(
        parameters: variant, nodes: nodes, faults: faults ?? defaultFaults, maxSteps: 40, maxWaitTicks: 300, maxExtraDelayTicks: 10,
        maxEvents: 50_000, healTicks: 3_000, liveness: raftLiveness(), model: RaftModel(), checkers: { raftCheckers() })
}
