import PropCheckEngine
import PropCheckSimulator
import ExampleProtocols

typealias Step = ScheduleStep<NoRequest>

/// Runs PingPong by hand under `steps`, with its trace.
func runPingPong(nodes: Int = 3, _ steps: [Step], options: SwarmOptions = SwarmOptions(),
                 source: ChoiceSource = ChoiceSource(replaying: []),
                 configure: (inout SimulationConfiguration<PingPong>) -> Void = { _ in }) throws -> SimulationRun<PingPong> {
    var configuration = SimulationConfiguration<PingPong>(parameters: .plain, nodes: nodes, healTicks: 0)
    configure(&configuration)
    return try Simulator(configuration).run(Schedule(initialNodes: nodes, steps: steps), options: options,
                                           source: source, recordTrace: true)
}

extension SimulationRun {
    /// The (from, to, reason) of every dropped message.
    var drops: [(from: NodeID, to: NodeID, reason: String)] {
        (trace ?? []).compactMap { event in
            if case .drop(let from, let to, _, _, let reason) = event.kind { return (from, to, reason) }
            return nil
        }
    }

    /// The (from, to) of every delivered message.
    var deliveries: [(from: NodeID, to: NodeID)] {
        (trace ?? []).compactMap { event in
            if case .deliver(let from, let to, _, _) = event.kind { return (from, to) }
            return nil
        }
    }
}
