import PropCheckSimulator
import Raft

/// The configuration Raft campaigns of `variant` run with: three servers, every
/// fault kind (joins and removals included), every safety checker,
/// linearizability, and the liveness goal.
public func raftConfiguration(
    _ variant: RaftVariant = .correct, nodes: Int = 3, faults: Set<FaultKind> = Set(FaultKind.allCases)
) -> SimulationConfiguration<RaftServer> {
    SimulationConfiguration(
        parameters: variant, nodes: nodes, faults: faults, maxSteps: 40, maxWaitTicks: 300, maxExtraDelayTicks: 10,
        maxEvents: 50_000, healTicks: 3_000, liveness: raftLiveness(), checkers: { raftCheckers() })
}
