import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// A fuzzing campaign over one protocol variant: generated runs (swarm options,
/// schedule, message fates) checked by the variant's checkers and liveness goal.
/// The first failure is shrunk and returned as a corpus entry with a replay token.
struct Campaign<Node: SimulatedNode> {
    var target: CampaignTarget
    var simulator: Simulator<Node>
    var options: CampaignOptions

    func run() async -> CampaignReport {
        var events = 0
        let report = await forAll(simulator.generator(), name: target.name,
                                  configuration: PropertyConfiguration(iterations: options.iterations, seed: options.seed)) { run, context in
            events += run.statistics.events
            for kind in run.options.enabledKinds where run.statistics.count(of: kind) > 0 { context.label(kind.rawValue) }
            return run.violation == nil
        }
        var failure: CorpusEntry?
        if let counterexample = report.counterexample, let violation = counterexample.value.violation {
            let replayed = try? simulator.replay(counterexample.replayToken.choices.values)
            let trace = replayed.flatMap { $0.trace.map(TraceRenderer.log) } ?? ""
            failure = CorpusEntry(
                protocolName: target.protocolName, variant: target.variant, property: violation.property,
                message: violation.description, kind: violation.kind.rawValue,
                faults: simulator.configuration.faults.sorted().map(\.rawValue),
                swarm: counterexample.value.options.description,
                schedule: counterexample.value.schedule.steps.map(\.description),
                replay: counterexample.replayToken.description,
                shrink: .init(calls: counterexample.shrinkStatistics.calls,
                              originalSteps: counterexample.original.schedule.steps.count,
                              shrunkSteps: counterexample.value.schedule.steps.count,
                              originalChoices: counterexample.originalChoiceCount,
                              shrunkChoices: counterexample.replayToken.choices.count),
                trace: trace.split(separator: "\n").suffix(40).map(String.init))
        }
        let fired = Dictionary(uniqueKeysWithValues: report.labelCounts.map { ($0.label, $0.count) })
        let silent = simulator.configuration.faults.sorted().map(\.rawValue).filter { fired[$0, default: 0] == 0 }
        let elapsed = max(report.duration.inSeconds, 1e-9)
        let passed = report.passed
        return CampaignReport(
            target: target.name, seed: options.seed.description, iterations: passed + (failure == nil ? 0 : 1),
            failure: failure, runsWithFault: fired, faultKindsThatNeverFired: silent,
            schedulesPerSecond: Int(Double(passed) / elapsed), eventsPerSecond: Int(Double(events) / elapsed),
            seconds: elapsed)
    }
}

/// What a campaign runs: how many cases, from which seed, with which faults.
public struct CampaignOptions: Sendable {
    /// Runs to generate.
    public var iterations: Int
    /// The campaign's seed.
    public var seed: Seed
    /// Fault kinds swarm testing may switch on; nil keeps the target's own list.
    public var faults: Set<FaultKind>?

    /// Options.
    public init(iterations: Int, seed: Seed, faults: Set<FaultKind>? = nil) {
        self.iterations = iterations
        self.seed = seed
        self.faults = faults
    }
}

/// What a campaign found and how fast it ran.
public struct CampaignReport: Encodable, Sendable {
    /// `protocol/variant`.
    public var target: String
    public var seed: String
    /// Runs made (the failing one included).
    public var iterations: Int
    /// The shrunk failure, ready for the corpus.
    public var failure: CorpusEntry?
    /// Runs in which each fault kind actually fired.
    public var runsWithFault: [String: Int]
    /// Fault kinds the campaign was allowed to inject that never fired: a warning sign.
    public var faultKindsThatNeverFired: [String]
    public var schedulesPerSecond: Int
    /// Simulated events per second, shrinking runs included.
    public var eventsPerSecond: Int
    public var seconds: Double

    /// The report as people read it.
    public var text: String {
        var lines = ["\(target): \(iterations) runs from seed \(seed) in \(formatDuration(.milliseconds(Int(seconds * 1000)))): "
            + "\(schedulesPerSecond) schedules/s, \(eventsPerSecond) events/s"]
        let fired = runsWithFault.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("  runs in which each fault fired: " + (fired.isEmpty ? "none" : fired))
        if !faultKindsThatNeverFired.isEmpty {
            lines.append("  WARNING: these fault kinds never fired: \(faultKindsThatNeverFired.joined(separator: ", "))"
                + " (a fuzzer whose faults are inert passes falsely)")
        }
        if let failure {
            lines.append("  ✗ FAILED \(failure.property): \(failure.message)")
            lines.append("  shrunk from \(failure.shrink.originalSteps) to \(failure.shrink.shrunkSteps) schedule steps "
                + "(\(failure.shrink.originalChoices) to \(failure.shrink.shrunkChoices) choices) in \(failure.shrink.calls) calls")
            lines.append("  \(failure.swarm)")
            lines += failure.schedule.enumerated().map { "    \($0.offset + 1). \($0.element)" }
            lines.append("  trace (last events):")
            lines += failure.trace.map { "    " + $0 }
            lines.append("  replay: \(failure.replay)")
        } else {
            lines.append("  ✓ no property failed")
        }
        return lines.joined(separator: "\n")
    }
}

