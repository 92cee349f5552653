import PropCheckSimulator
import Raft

/// The configuration Raft campaigns run with: five servers, every fault kind
/// (joins and removals included), every safety checker, linearizability, and the
/// liveness goal.
public func raftConfiguration<V: RaftVariant>(
    _ variant: V.Type = V.self, nodes: Int = 3, faults: Set<FaultKind> = Set(FaultKind.allCases)
) -> SimulationConfiguration<RaftNode<V>> {
    SimulationConfiguration(
        nodes: nodes, faults: faults, maxSteps: 40, maxWaitTicks: 300, maxExtraDelayTicks: 10,
        maxEvents: 50_000, healTicks: 3_000, liveness: raftLiveness(V.self), checkers: { raftCheckers(V.self) })
}
