import Groupy
import PropCheckSimulator

/// The configuration GMS campaigns of `version` run with: a group of `nodes` members, the
/// faults inside Groupy's model (crashes, joins, loss, duplication, delay; no
/// partitions unless asked), every view-synchrony checker and the liveness goal.
public func gmsConfiguration(
    _ version: GMSVersion, nodes: Int = 5,
    faults: Set<FaultKind> = [.crash, .join, .loss, .duplication, .delay]
) -> SimulationConfiguration<GroupMember> {
    SimulationConfiguration(
        parameters: version, nodes: nodes, faults: faults, maxSteps: 20, maxWaitTicks: 50, maxExtraDelayTicks: 10,
        maxEvents: 200_000, healTicks: 1_500, liveness: gmsLiveness(),
        suspectOnPartition: true, checkers: { viewSynchronyCheckers() })
}
