import PropCheckEngine
import PropCheckSimulator
import Raft
import RaftProperties

typealias CorrectRaft = RaftServer

/// Runs `steps` on a Raft cluster of `nodes` servers with every checker (but the one
/// of property `skipping`, if named, and then the model's conformance check too, which
/// would stop most planted bugs at their first wrong step, before what the test wants
/// to see), recording the trace.
func runRaft(
    _ variant: RaftVariant = .correct, nodes: Int = 5, _ steps: [ScheduleStep<KVRequest>],
    options: SwarmOptions = SwarmOptions(enabling: [.crash, .partition, .join], requests: true), choices: [UInt64] = [],
    skipping property: String? = nil
) throws -> SimulationRun<RaftServer> {
    var configuration = raftConfiguration(variant, nodes: nodes)
    if let property {
        let all = configuration.checkers
        configuration.checkers = { all().filter { $0.property != property } }
        configuration.checksConformance = false
    }
    return try Simulator(configuration).run(
        Schedule(initialNodes: nodes, steps: steps), options: options,
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

    /// The whole trace, one event per line.
    var log: String { TraceRenderer.log(trace ?? []) }
}
