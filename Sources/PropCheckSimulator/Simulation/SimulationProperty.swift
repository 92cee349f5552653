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
///   - timeline: how the counterexample's timeline is drawn (width, nodes).
///   - property: the claim about a run; the default claims it has no violation, and
///     fails with the violation's kind, safety or liveness, as the failure's kind (see
///     ``SimulationRun/requireNoViolation()``).
@inlinable  // so the simulation is specialised for the caller's node type
public func forAll<Node: SimulatedNode>(
    _ simulator: Simulator<Node>,
    name: String = "simulation",
    configuration: PropertyConfiguration? = nil,
    timeline: TimelineOptions = .init(),
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
        counterexample.notes += SimulationNotes.trace(of: replayed, timeline: timeline)
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

    /// The run's trace as notes: a safety failure's per-node timeline (see
    /// ``timelineTail(_:events:)``), a liveness failure's summary (see
    /// ``failure(_:violation:timeline:)``).
    public static func trace<Node>(of run: SimulationRun<Node>, timeline: TimelineOptions = .init()) -> [String] {
        [failure(run.trace ?? [], violation: run.violation, timeline: timeline)]
    }

    /// How a failed run is shown in a log. A safety violation ends the run at the bad
    /// event, so the end of the timeline shows it. A liveness failure's run ends when
    /// time runs out, after hundreds of uneventful rounds: it is summed up instead,
    /// what was unmet, what was still pending (nodes down or paused, messages in
    /// flight) and the last events of each node; its whole trace is a replay away.
    public static func failure<Node>(_ trace: [TraceEvent<Node>], violation: Violation?,
                                     timeline: TimelineOptions = .init()) -> String {
        guard let violation, violation.kind == .liveness else {
            return timelineTail(TraceRenderer.timeline(trace, options: timeline), events: trace.count)
        }
        var lines = ["the run (\(trace.count) events) never met '\(violation.property)': \(violation.message)"]
        // Who was up at the end, and what the network still held.
        var state: [NodeID: String] = [:]
        var inFlight: [Int: (from: NodeID, to: NodeID, kind: String)] = [:]
        var copyOf: [Int: Int] = [:]
        var last: [NodeID: [TraceEvent<Node>]] = [:]
        for event in trace {
            if let node = event.node {
                last[node, default: []].append(event)
                if last[node, default: []].count > lastEvents { last[node, default: []].removeFirst() }
            }
            switch event.kind {
            case .start(let node), .restart(let node), .join(let node, _), .resume(let node): state[node] = "up"
            case .crash(let node): state[node] = "down"
            case .pause(let node, let until): state[node] = "paused until t=\(until)"
            case .send(let from, let to, let id, let message): inFlight[id] = (from, to, message.kind)
            case .duplicate(_, _, let id, let original, _): copyOf[id] = original
            case .deliver(_, _, let id, _), .drop(_, _, let id, _, _): inFlight[copyOf[id] ?? id] = nil
            default: break
            }
        }
        let nodes = state.keys.sorted().filter { timeline.nodes?.contains($0) ?? true }
        func fit(_ text: String) -> String {
            text.count <= timeline.width ? text : String(text.prefix(max(timeline.width - 1, 16))) + "…"
        }
        let notUp = nodes.compactMap { node in state[node].flatMap { $0 == "up" ? nil : "\(node) \($0)" } }
        lines.append(fit("at the end, t=\(max(violation.time, trace.last?.time ?? 0)): " + (notUp.isEmpty ? "every node up" : notUp.joined(separator: ", "))))
        var pending: [String: Int] = [:]
        for message in inFlight.values { pending["\(message.kind) \(message.from)→\(message.to)", default: 0] += 1 }
        lines.append(pending.isEmpty ? "no message in flight"
            : fit("in flight: \(inFlight.count) (" + pending.sorted { $0.key < $1.key }
                .map { $0.value > 1 ? "\($0.key) ×\($0.value)" : $0.key }.joined(separator: ", ") + ")"))
        lines.append("the last events of each node:")
        for node in nodes {
            for event in last[node] ?? [] { lines.append(fit("  \(node) [\(event.index)] t=\(event.time) \(event.summary)")) }
        }
        lines.append(fit("the whole run: replay the token, with --trace timeline or log"))
        return lines.joined(separator: "\n")
    }

    /// Events shown per node in a liveness failure's summary.
    public static let lastEvents = 4

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
