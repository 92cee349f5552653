import PropCheckEngine

/// Runs a protocol under schedules of faults: the entry point of the simulator.
///
/// Use ``generator`` with the engine's `forAll` to fuzz (swarm options, a schedule
/// and the run all come from one choice sequence, so a failing run shrinks), or
/// ``run(_:options:source:recordTrace:)`` to run a schedule written by hand.
public struct Simulator<Node: SimulatedNode>: Sendable {
    /// Cluster size, network, budgets and properties.
    public var configuration: SimulationConfiguration<Node>

    /// A simulator.
    public init(_ configuration: SimulationConfiguration<Node>) {
        self.configuration = configuration
    }

    /// True when the protocol takes client requests.
    public static var takesRequests: Bool { Node.Request.self != NoRequest.self }

    /// Runs `schedule` with the given swarm options, drawing the run's own decisions
    /// (message fates, delays, clock rates, nodes' random numbers) from `source`.
    /// An invalid schedule or configuration is an error naming the step.
    @inlinable
    public func run(
        _ schedule: Schedule<Node.Request>, options: SwarmOptions = SwarmOptions(),
        source: ChoiceSource = ChoiceSource(replaying: []), recordTrace: Bool = false
    ) throws(ScheduleError) -> SimulationRun<Node> {
        if let problem = configuration.problem { throw ScheduleError(step: nil, message: problem) }
        if let problem = options.problem { throw ScheduleError(step: nil, message: "swarm options: \(problem)") }
        guard schedule.initialNodes == configuration.nodes else {
            throw ScheduleError(step: nil, message:
                "the schedule starts \(schedule.initialNodes) nodes but the configuration has \(configuration.nodes)")
        }
        try schedule.validate()
        return execute(schedule, options: options, source: source, recordTrace: recordTrace)
    }

    /// Draws swarm options and a schedule from the source, then runs them: one value
    /// per case, so the whole run, faults and message fates included, shrinks.
    @inlinable
    public func generator(recordTrace: Bool = false) -> Gen<SimulationRun<Node>> {
        let configuration = self.configuration
        if let problem = configuration.problem { return .invalid("simulation: \(problem)") }
        return Gen { source in
            let (options, schedule) = try Simulator(configuration).plan(from: source)
            return Simulator(configuration).execute(schedule, options: options, source: source, recordTrace: recordTrace)
        }
    }

    /// The first half of a generated case: its swarm options and schedule, drawn from
    /// `source`, without running them. Replaying a case's choices through it tells
    /// what the case was even when running it kills the process.
    @inlinable
    public func plan(from source: ChoiceSource) throws -> (options: SwarmOptions, schedule: Schedule<Node.Request>) {
        // Echoing earlier values helps find value failures; whether it helps a campaign is
        // not measured yet, so simulations draw as they always have.
        source.echoesEarlierValues = false
        let options = SwarmOptions.draw(from: source, allowing: configuration.faults,
                                        takesRequests: Simulator.takesRequests,
                                        maxDelayTicks: configuration.maxExtraDelayTicks)
        let schedule = try ScheduleGenerator<Node>(
            initialNodes: configuration.nodes, options: options,
            maxSteps: configuration.maxSteps, maxWaitTicks: configuration.maxWaitTicks,
            maxPauseTicks: configuration.maxPauseTicks
        ).draw(from: source)
        return (options, schedule)
    }

    /// Replays a run from its recorded choices (as saved in a replay token), with its trace.
    @inlinable
    public func replay(_ choices: [UInt64], recordTrace: Bool = true) throws -> SimulationRun<Node> {
        try generator(recordTrace: recordTrace).generate(from: ChoiceSource(replaying: choices,
                                                                           maxChoices: configuration.maxChoices))
    }

    @inlinable
    func execute(_ schedule: Schedule<Node.Request>, options: SwarmOptions, source: ChoiceSource,
                 recordTrace: Bool) -> SimulationRun<Node> {
        source.echoesEarlierValues = false
        let simulation = Simulation(configuration: configuration, options: options,
                                    capacity: schedule.nodeCapacity, source: source, recordTrace: recordTrace)
        let violation = simulation.run(schedule)
        return SimulationRun(options: options, schedule: schedule, violation: violation,
                             statistics: simulation.statistics, trace: simulation.trace,
                             finalStates: simulation.states, coverage: simulation.modelCoverage?.coverage)
    }
}

/// The outcome of one run: what was injected, what went wrong, what happened.
public struct SimulationRun<Node: SimulatedNode>: CustomStringConvertible {
    /// The swarm options drawn for the run.
    public var options: SwarmOptions
    /// The external events.
    public var schedule: Schedule<Node.Request>
    /// The first property violated, or nil.
    public var violation: Violation?
    /// What the run did, counted.
    public var statistics: RunStatistics
    /// Every event, when the run was asked to keep them.
    public var trace: [TraceEvent<Node>]?
    /// Each node's volatile state at the end (nil for nodes that were down).
    public var finalStates: [Node?]
    /// The model states and transitions the run reached, when the protocol has a model.
    public var coverage: ModelCoverage?

    /// A run's outcome.
    public init(options: SwarmOptions, schedule: Schedule<Node.Request>, violation: Violation?,
                statistics: RunStatistics, trace: [TraceEvent<Node>]?, finalStates: [Node?],
                coverage: ModelCoverage? = nil) {
        self.coverage = coverage
        self.options = options
        self.schedule = schedule
        self.violation = violation
        self.statistics = statistics
        self.trace = trace
        self.finalStates = finalStates
    }

    /// Options, schedule, outcome and size, as a counterexample is read.
    public var description: String {
        var lines = [options.description, "schedule (\(schedule.steps.count) steps, \(schedule.initialNodes) nodes):"]
        lines += schedule.description.split(separator: "\n").map { "  " + $0 }
        lines.append(violation.map { "violation: \($0)" } ?? "no violation")
        let s = statistics
        lines.append("\(s.traceEvents) events (\(s.events) of them handled from the queue), \(s.messagesSent) messages (\(s.messagesDropped) dropped, "
            + "\(s.messagesDuplicated) duplicated, \(s.messagesLostToFaults) lost to faults), t=\(s.endTime)")
        return lines.joined(separator: "\n")
    }
}
