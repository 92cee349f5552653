import PropCheckEngine
import PropCheckSimulator
import Groupy
import GroupyProperties

/// Runs `steps` on a GMS group of `nodes` members, with its trace.
func runGroup(
    _ version: GMSVersion, nodes: Int, _ steps: [ScheduleStep<Int>], options: SwarmOptions = SwarmOptions(),
    choices: [UInt64] = [], faults: Set<FaultKind> = [], suspectOnPartition: Bool = false
) throws -> SimulationRun<GroupMember> {
    var configuration = gmsConfiguration(version, nodes: nodes)
    configuration.suspectOnPartition = suspectOnPartition
    return try Simulator(configuration).run(Schedule(initialNodes: nodes, steps: steps), options: options,
                                            source: ChoiceSource(replaying: choices), recordTrace: true)
}

extension SimulationRun {
    /// The observations of `node`, rendered.
    func observations(of node: NodeID) -> [String] {
        (trace ?? []).compactMap { event in
            if case .observe(node, let observation) = event.kind { return observation.description }
            return nil
        }
    }
}

extension SimulationRun where Node == GroupMember {
    func member(_ node: NodeID) -> GroupMember? { finalStates[node.index] }
}
