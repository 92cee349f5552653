import PropCheckEngine

extension Simulator {
    /// Cases a simulation property runs unless told otherwise. Bugs a few faults deep
    /// need hundreds of runs: over 20 campaign seeds, 10 of the 19 built-in broken
    /// variants needed a median of 1 to 141 runs to their first failure and the other 9
    /// needed 300 to 2,300 (`propcheck bench --zoo`), where value properties default to
    /// 100 cases. A user's planted bugs were first found at cases 422 and 2,087.
    @inlinable public static var defaultIterations: Int { 1_000 }

    /// The configuration simulation properties run with by default: ``defaultIterations``
    /// cases and a choice limit every run of this configuration fits.
    @inlinable public var defaultPropertyConfiguration: PropertyConfiguration {
        PropertyConfiguration(iterations: Simulator.defaultIterations, maxChoicesPerCase: configuration.maxChoices)
    }
}

/// Checks that `property` holds for generated runs of `simulator` (by default: that
/// no checker and no liveness goal was violated). Each case is a whole run (swarm
/// options, a schedule and every message's fate), so a failure shrinks to the faults
/// it needs. The report classifies cases by the fault kinds that fired, and its
/// counterexample carries the shrunk run's trace as notes (the schedule, then the
/// per-node timeline of its last events), so a failure shows the run, not only the
/// schedule.
///
/// - Parameters:
///   - simulator: the protocol, cluster, faults and checkers.
///   - name: names the property in reports and derives the default seed.
///   - configuration: nil runs ``Simulator/defaultPropertyConfiguration``; a given one
///     has its choice limit raised to what the simulator's runs may draw.
///   - property: the claim about a run; the default claims it has no violation, and
///     fails with the violation's kind, safety or liveness, as the failure's kind (see
///     ``SimulationRun/requireNoViolation()``).
@inlinable  // so the simulation is specialised for the caller's node type
public func forAll<Node: SimulatedNode>(
    _ simulator: Simulator<Node>,
    name: String = "simulation",
    configuration: PropertyConfiguration? = nil,
    property: (SimulationRun<Node>, CaseContext) async throws -> Bool = { run, _ in try run.requireNoViolation() }
) async -> PropertyReport<SimulationRun<Node>> {
    var configuration = configuration ?? simulator.defaultPropertyConfiguration
    configuration.maxChoicesPerCase = max(configuration.maxChoicesPerCase, simulator.configuration.maxChoices)
    var report = await forAll(simulator.generator(), name: name, configuration: configuration) { run, context in
        for kind in run.options.enabledKinds {
            context.classify(run.statistics.count(of: kind) > 0, "\(kind.rawValue) fired")
        }
        return try await property(run, context)
    }
    if var counterexample = report.counterexample,
       let replayed = try? simulator.replay(counterexample.replayToken.choices.values) {
        counterexample.notes += SimulationNotes.trace(of: replayed)
        report.outcome = .failed(counterexample)
    }
    return report
}

extension SimulationRun {
    /// Throws the run's violation, if any, as a ``PropertyFailure`` whose kind is the
    /// violation's, safety or liveness; true otherwise. A shrink then keeps to that
    /// kind: a safety failure never becomes a run that merely stalls, while it may move
    /// to a smaller violation of another safety property, which is usually the same bug
    /// seen by another checker (a commit index past the log, then the entry it loses).
    @inlinable public func requireNoViolation() throws -> Bool {
        guard let violation else { return true }
        throw PropertyFailure(violation.description, kind: violation.kind.rawValue)
    }
}

/// How a counterexample's run is shown in a property report.
public enum SimulationNotes {
    /// Timeline rows kept at the end of a long run: enough to see what led to the
    /// violation, few enough for a test log.
    public static let timelineRows = 60

    /// The run's trace as notes: its per-node timeline (see ``timelineTail(_:events:)``).
    public static func trace<Node>(of run: SimulationRun<Node>) -> [String] {
        let trace = run.trace ?? []
        return [timelineTail(TraceRenderer.timeline(trace), events: trace.count)]
    }

    /// A rendered timeline, headed, cut to its last ``timelineRows`` rows when it is
    /// longer (the violation is at the end), saying how much was left out.
    public static func timelineTail(_ timeline: String, events: Int) -> String {
        let rows = timeline.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The header (the box's top, the node names, a rule) stays; so does the box's bottom.
        let header = 3
        guard rows.count > header + timelineRows + 1 else { return "the run (\(events) events):\n" + timeline }
        let kept = rows.prefix(header) + rows.suffix(timelineRows + 1)
        return "the run's last \(timelineRows) of \(rows.count - header - 1) timeline rows (\(events) events; "
            + "replay the token for the whole trace):\n" + kept.joined(separator: "\n")
    }
}
