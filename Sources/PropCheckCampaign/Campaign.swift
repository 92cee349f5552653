import Foundation
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// A fuzzing campaign over one protocol variant: generated runs (swarm options,
/// schedule, message fates) checked by the variant's checkers and liveness goal.
/// The first failure is shrunk and returned as a corpus entry with a replay token.
@usableFromInline
struct Campaign<Node: SimulatedNode> {
    @usableFromInline var target: CampaignTarget
    @usableFromInline var simulator: Simulator<Node>
    @usableFromInline var options: CampaignOptions

    @inlinable
    init(target: CampaignTarget, simulator: Simulator<Node>, options: CampaignOptions) {
        self.target = target
        self.simulator = simulator
        self.options = options
    }

    @inlinable var maxChoices: Int { simulator.configuration.maxChoices }

    /// Searches the campaign's cases in-process (uniformly, or guided by model
    /// coverage), then shrinks the lowest failing one.
    @inlinable
    func run() async -> CampaignReport {
        let generator = simulator.generator()
        // Guidance needs a model's coverage; without one, every case is drawn afresh.
        var options = self.options
        options.guided = options.guided && simulator.configuration.model != nil
        let seed = options.seed, maxChoices = self.maxChoices, keepsRecords = options.guided
        @Sendable func runCase(_ index: Int, _ prefix: [UInt64]?) -> CaseSearch.Case {
            let source = Campaign.source(seed: seed, index: index, prefix: prefix, maxChoices: maxChoices)
            let run: SimulationRun<Node>
            do {
                run = try generator.generate(from: source)
            } catch {
                return CaseSearch.Case(events: 0, failed: false, fired: [], error: "\(error)")
            }
            return CaseSearch.Case(events: run.statistics.events, failed: run.violation != nil,
                                   fired: run.options.enabledKinds.filter { run.statistics.count(of: $0) > 0 }.map(\.rawValue),
                                   coverage: run.coverage, record: keepsRecords ? ChoiceRecord(source) : nil)
        }
        let search = options.guided
            ? await GuidedSearch.run(options, mutator: ChoiceMutator(unitLabel: SimulationSpans.step), runCase: runCase)
            : await CaseSearch.run(options) { runCase($0, nil) }
        var failure: CorpusEntry?
        if let index = search.failingIndex { failure = await shrink(caseIndex: index, prefix: search.failingPrefix) }
        var report = search.report(for: target, options: options, allowed: simulator.configuration.faults, failure: failure)
        // A counterexample that replays as another run would be saved unreplayable: say so.
        if let failure, let token = try? ReplayToken.parse(failure.replay) {
            report.nondeterminism = try? target.nondeterminism(of: token.choices.values,
                                                               settings: options.settings(defaultFaults: target.defaultFaults))
        }
        return report
    }

    /// The choices of case `index`: drawn from its seed, or, for a case a guided search
    /// derived, `prefix` replayed and then drawn from its seed.
    @inlinable
    static func source(seed: Seed, index: Int, prefix: [UInt64]?, maxChoices: Int) -> ChoiceSource {
        guard let prefix else { return ChoiceSource(seed: seed.caseSeed(index), maxChoices: maxChoices) }
        return ChoiceSource(replaying: prefix, continuingWith: seed.caseSeed(index), maxChoices: maxChoices)
    }

    /// Regenerates case `caseIndex`, shrinks it with the engine, and makes the corpus
    /// entry. Should shrinking not reproduce the failure, the entry holds the failure as
    /// found: a failure is never dropped.
    @inlinable
    func shrink(caseIndex: Int, prefix: [UInt64]? = nil) async -> CorpusEntry? {
        let caseSeed = options.seed.caseSeed(caseIndex)
        let source = Campaign.source(seed: options.seed, index: caseIndex, prefix: prefix, maxChoices: maxChoices)
        guard let found = try? simulator.generator().generate(from: source), found.violation != nil else { return nil }
        let token = ReplayToken(seed: caseSeed, choices: ChoiceSequence(source.choices))
        let report = await forAll(simulator.generator(), name: target.name,
                                  configuration: PropertyConfiguration(replay: token.description, maxChoicesPerCase: maxChoices)) { run in
            // A shrink keeps to safety or liveness, and says so when it moved to another property.
            try run.requireNoViolation()
        }
        // Should the shrunk case not fail (it always should), keep the case as found.
        let counterexample = report.counterexample.flatMap { $0.value.violation != nil ? $0 : nil }
        let run = counterexample?.value ?? found
        let replay = counterexample?.replayToken ?? token
        guard let violation = run.violation else { return nil }
        let replayed = try? simulator.replay(replay.choices.values)
        // A safety failure's last events show it; a liveness failure's run, summed up.
        let events = replayed?.trace ?? []
        let trace = violation.kind == .liveness ? SimulationNotes.failure(events, violation: violation)
            : TraceRenderer.log(events).split(separator: "\n").suffix(40).joined(separator: "\n")
        return CorpusEntry(
            protocolName: target.protocolName, variant: target.variant, property: violation.property,
            message: violation.description, kind: violation.kind.rawValue,
            faults: simulator.configuration.faults.sorted().map(\.rawValue),
            nodes: options.nodes, checkedProperty: options.property,
            conformance: simulator.configuration.model == nil ? nil : simulator.configuration.checksConformance,
            swarm: run.options.description,
            schedule: run.schedule.steps.map(\.description),
            plan: try? target.plan(replay.choices.values, settings: options.settings(defaultFaults: target.defaultFaults)).recorded,
            replay: replay.description,
            shrink: .init(calls: counterexample?.shrinkStatistics.calls ?? 0,
                          originalSteps: found.schedule.steps.count,
                          shrunkSteps: run.schedule.steps.count,
                          originalChoices: token.choices.count,
                          shrunkChoices: replay.choices.count,
                          originalProperty: found.violation?.property == violation.property ? nil : found.violation?.property),
            trace: trace.split(separator: "\n").map(String.init))
    }
}

/// The search phase every campaign shares, in-process or isolated: the cases run on
/// `options.jobs` concurrent jobs, each job stops once a lower-numbered case is known
/// to fail, and the lowest failing case is the result. Cases are seeded by index
/// alone, so the outcome is the one a single job would give.
@usableFromInline
enum CaseSearch {
    /// What one case did.
    @usableFromInline
    struct Case: Sendable {
        var events: Int
        var failed: Bool
        var fired: [String]
        /// Why the case could not run at all (its generator threw): the search stops there.
        var error: String?
        /// The model states and transitions it reached, when the protocol has a model.
        var coverage: ModelCoverage?
        /// Its choices, for a guided search to derive new cases from.
        var record: ChoiceRecord?

        @usableFromInline
        init(events: Int, failed: Bool, fired: [String], error: String? = nil, coverage: ModelCoverage? = nil,
             record: ChoiceRecord? = nil) {
            self.events = events
            self.failed = failed
            self.fired = fired
            self.error = error
            self.coverage = coverage
            self.record = record
        }
    }

    /// What the search found.
    @usableFromInline
    struct Result: Sendable {
        var runs = 0
        var events = 0
        var fired: [String: Int] = [:]
        @usableFromInline var failingIndex: Int?
        /// The prefix a guided search derived the failing case from (nil: drawn from its seed).
        @usableFromInline var failingPrefix: [UInt64]?
        /// The model coverage of the cases up to the reported one, when there is a model.
        var coverage: ModelCoverage?
        /// The choice sequences a guided search kept for reaching new model states.
        var keptCases = 0
        /// The lowest case that could not run, and why.
        var error: (index: Int, message: String)?
        /// Runs a single job would have made: those up to the failing case.
        var countedRuns = 0
        var seconds = 0.0

        /// The campaign report, once the failure (if any) is shrunk.
        @usableFromInline
        func report(for target: CampaignTarget, options: CampaignOptions, allowed: Set<FaultKind>,
                    failure: CorpusEntry?) -> CampaignReport {
            let elapsed = max(seconds, 1e-9)
            return CampaignReport(
                target: target.name, protocolName: target.protocolName, variant: target.variant,
                seed: options.seed.description, iterations: countedRuns, failure: failure, runsWithFault: fired,
                faultKindsThatNeverFired: allowed.sorted().map(\.rawValue).filter { fired[$0, default: 0] == 0 },
                schedulesPerSecond: Int(Double(runs) / elapsed), eventsPerSecond: Int(Double(events) / elapsed),
                seconds: elapsed, error: error.map { "case \($0.index) could not run: \($0.message)" },
                modelCoverage: coverage.map { CoverageFigures(states: $0.states.count, transitions: $0.transitions.count) },
                search: options.guided ? "guided" : "uniform", keptCases: options.guided ? keptCases : nil)
        }
    }

    /// Runs `runCase` on the campaign's cases; a nil result ends that job's search.
    @usableFromInline
    static func run(_ options: CampaignOptions, runCase: @escaping @Sendable (Int) -> Case?) async -> Result {
        let clock = ContinuousClock(), started = clock.now
        let count = options.caseCount
        let jobs = max(1, min(options.jobs, count))
        let lowestFailure = LowestFailure()
        let ledger = CaseLedger(jobs: jobs)
        let progress = options.progress
        let partial = await withTaskGroup(of: Result.self) { group in
            for job in 0..<jobs {
                group.addTask {
                    var result = Result()
                    var position = job
                    defer { ledger.done(job: job) }
                    while position < count {
                        let index = options.caseIndex(at: position)
                        if let known = lowestFailure.value, known < index { break }
                        ledger.start(job: job, index: index)
                        guard let outcome = runCase(index) else { break }
                        if let message = outcome.error {
                            // Not a silent stop: the report says which case and why.
                            lowestFailure.offer(index)
                            ledger.countNothing(above: index - 1)
                            result.error = (index, message)
                            break
                        }
                        result.runs += 1
                        result.events += outcome.events
                        ledger.finish(job: job, index: index, fired: outcome.fired, coverage: outcome.coverage,
                                      failed: outcome.failed)
                        progress?.advance(failed: outcome.failed)
                        if outcome.failed {
                            lowestFailure.offer(index)
                            result.failingIndex = index
                            break
                        }
                        position += jobs
                    }
                    return result
                }
            }
            return await group.reduce(into: [Result]()) { $0.append($1) }
        }
        progress?.finish()
        var total = Result()
        for job in partial {
            total.runs += job.runs
            total.events += job.events
        }
        total.error = partial.compactMap(\.error).min { $0.index < $1.index }
        total.failingIndex = partial.compactMap(\.failingIndex).filter { $0 < total.error?.index ?? Int.max }.min()
        let stop = total.failingIndex ?? total.error.map { $0.index - 1 }
        total.countedRuns = stop.map(options.casesUpTo) ?? count
        // Exactly the cases up to the reported one: the same figures for any number of
        // jobs, however far ahead of a slow case the others ran.
        (total.fired, total.coverage) = ledger.counts(upTo: stop ?? Int.max)
        total.seconds = (clock.now - started).inSeconds
        return total
    }
}

/// Which fault kinds fired in which cases, for the cases up to the one a search reports.
/// Jobs run ahead of each other, so a case beyond the failing one may finish before
/// the failure is known; its record is kept apart until every lower case is done (the
/// watermark), and only then counted. So it holds only the records above the slowest
/// case in flight, and its memory does not grow with the campaign.
final class CaseLedger: @unchecked Sendable {
    private let lock = NSLock()
    /// Per job: the case it is running, or Int.max once it has stopped.
    private var current: [Int]
    /// Finished cases at or above the watermark: index, fired kinds, model coverage.
    private var pending: [(index: Int, fired: [String], coverage: ModelCoverage?)] = []
    /// Counts over every finished case below the watermark.
    private var folded: [String: Int] = [:]
    /// Model coverage of every finished case below the watermark, once any case had some.
    private var foldedCoverage: ModelCoverage?
    /// The lowest failing case seen (or the case below one that could not run):
    /// nothing above it is ever counted.
    private var lowestFailure = Int.max

    init(jobs: Int) { current = Array(repeating: Int.min, count: jobs) }

    func start(job: Int, index: Int) { lock.withLock { current[job] = index } }

    func finish(job: Int, index: Int, fired: [String], coverage: ModelCoverage?, failed: Bool) {
        lock.withLock {
            if failed {
                lowestFailure = min(lowestFailure, index)
                pending.removeAll { $0.index > index }
            }
            if index <= lowestFailure { pending.append((index, fired, coverage)) }
            // The job's next case is above this one; until it starts, this one bounds it.
            current[job] = index + 1
            fold()
        }
    }

    func done(job: Int) { lock.withLock { current[job] = Int.max; fold() } }

    /// Nothing above `index` counts (the case after it could not run).
    func countNothing(above index: Int) {
        lock.withLock {
            lowestFailure = min(lowestFailure, index)
            pending.removeAll { $0.index > index }
        }
    }

    /// Counts fault kinds and model coverage over every case up to `stop`, inclusive.
    func counts(upTo stop: Int) -> (fired: [String: Int], coverage: ModelCoverage?) {
        lock.withLock {
            var counts = folded, coverage = foldedCoverage
            for record in pending where record.index <= stop {
                for kind in record.fired { counts[kind, default: 0] += 1 }
                if let covered = record.coverage { coverage = coverage ?? ModelCoverage(); coverage!.merge(covered) }
            }
            return (counts, coverage)
        }
    }

    /// Moves the records below the watermark (every lower case is finished, so no
    /// failure below them can still appear) and not above a failure into the counts.
    private func fold() {
        let watermark = min(current.min() ?? Int.max, lowestFailure)
        guard pending.contains(where: { $0.index < watermark }) else { return }
        var kept: [(index: Int, fired: [String], coverage: ModelCoverage?)] = []
        for record in pending {
            if record.index < watermark {
                for kind in record.fired { folded[kind, default: 0] += 1 }
                if let covered = record.coverage {
                    foldedCoverage = foldedCoverage ?? ModelCoverage()
                    foldedCoverage!.merge(covered)
                }
            } else {
                kept.append(record)
            }
        }
        pending = kept
    }
}

/// The lowest failing case index found so far, shared by the jobs of a search.
final class LowestFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var lowest: Int?

    var value: Int? { lock.withLock { lowest } }

    func offer(_ index: Int) {
        lock.withLock { if lowest == nil || index < lowest! { lowest = index } }
    }
}

/// What a campaign runs: which cases, from which seed, with which faults, on how
/// many concurrent jobs.
public struct CampaignOptions: Sendable {
    /// Runs to generate (before sharding).
    public var iterations: Int
    /// The campaign's seed.
    public var seed: Seed
    /// Fault kinds swarm testing may switch on; nil keeps the target's own list.
    public var faults: Set<FaultKind>?
    /// Concurrent jobs.
    public var jobs: Int
    /// This machine's slice of the cases: `(k, n)` runs case indices `i` with
    /// `i % n == k - 1`; the union over k = 1...n is the whole campaign.
    public var shard: (index: Int, count: Int)
    /// Where progress is reported while cases run, if anywhere.
    public var progress: (any CampaignProgress)?
    /// Check only this property (the step budget always applies); nil checks all.
    public var property: String?
    /// Cluster size; nil keeps the target's own.
    public var nodes: Int?
    /// False checks no model's conformance (its coverage is still recorded).
    public var conformance = true
    /// Derive cases from earlier ones that reached new model states (see
    /// ``GuidedSearch``) instead of drawing every case afresh; for a target with a model.
    public var guided = false

    /// Options.
    public init(iterations: Int, seed: Seed, faults: Set<FaultKind>? = nil, jobs: Int = 1,
                shard: (index: Int, count: Int) = (1, 1), progress: (any CampaignProgress)? = nil) {
        self.iterations = iterations
        self.seed = seed
        self.faults = faults
        self.jobs = jobs
        self.shard = shard
        self.progress = progress
    }

    /// The settings the campaign's runs are read under, given the target's default faults.
    public func settings(defaultFaults: Set<FaultKind>) -> RunSettings {
        RunSettings(faults: faults ?? defaultFaults, nodes: nodes, property: property, conformance: conformance)
    }

    /// The case indices this campaign (this shard of it) runs, in order.
    public var cases: [Int] {
        Array(stride(from: shard.index - 1, to: iterations, by: shard.count))
    }

    /// How many cases this campaign (this shard of it) runs.
    public var caseCount: Int {
        let first = shard.index - 1
        return first < iterations ? (iterations - first + shard.count - 1) / shard.count : 0
    }

    /// The index of the case at `position` of this shard's run (0-based), without
    /// building the list: a campaign's memory does not grow with its length.
    public func caseIndex(at position: Int) -> Int { shard.index - 1 + position * shard.count }

    /// How many of this shard's cases have an index up to `index`, inclusive.
    public func casesUpTo(_ index: Int) -> Int {
        let first = shard.index - 1
        guard index >= first else { return 0 }
        return min(caseCount, (index - first) / shard.count + 1)
    }
}

/// Receives progress from running jobs (a terminal progress bar, periodic CI lines).
public protocol CampaignProgress: Sendable {
    /// One case finished.
    func advance(failed: Bool)
    /// All cases finished.
    func finish()
}

/// What a campaign found and how fast it ran.
public struct CampaignReport: Encodable, Sendable {
    /// `protocol/variant`.
    public var target: String
    /// The protocol.
    public var protocolName: String
    /// The variant.
    public var variant: String
    /// The campaign's seed, in hex.
    public var seed: String
    /// Runs made (the failing one included).
    public var iterations: Int
    /// The shrunk failure, ready for the corpus.
    public var failure: CorpusEntry?
    /// Runs in which each fault kind actually fired.
    public var runsWithFault: [String: Int]
    /// Fault kinds the campaign was allowed to inject that never fired: a warning sign.
    public var faultKindsThatNeverFired: [String]
    /// Generated runs per second of searching.
    public var schedulesPerSecond: Int
    /// Simulated events per second, shrinking runs included.
    public var eventsPerSecond: Int
    /// Wall-clock time of the search for a failure (shrinking not included).
    public var seconds: Double
    /// Set when a case could not run at all (its generator threw): the campaign stopped
    /// there, and its runs are those before it.
    public var error: String?
    /// Set when the failure's replay is another run (see ``Nondeterminism``).
    public var nondeterminism: Nondeterminism?
    /// Distinct model states and transitions the runs reached, for a target with a model.
    public var modelCoverage: CoverageFigures?
    /// How cases were chosen: `uniform` (each drawn afresh) or `guided`.
    public var search: String
    /// For a guided search, how many cases it kept to derive others from.
    public var keptCases: Int?

    /// A report (campaigns run elsewhere, such as in child processes, make their own).
    public init(target: String, protocolName: String, variant: String, seed: String, iterations: Int,
                failure: CorpusEntry?, runsWithFault: [String: Int], faultKindsThatNeverFired: [String],
                schedulesPerSecond: Int, eventsPerSecond: Int, seconds: Double, error: String? = nil,
                modelCoverage: CoverageFigures? = nil, search: String = "uniform", keptCases: Int? = nil) {
        self.modelCoverage = modelCoverage
        self.search = search
        self.keptCases = keptCases
        self.target = target
        self.protocolName = protocolName
        self.variant = variant
        self.seed = seed
        self.iterations = iterations
        self.failure = failure
        self.runsWithFault = runsWithFault
        self.faultKindsThatNeverFired = faultKindsThatNeverFired
        self.schedulesPerSecond = schedulesPerSecond
        self.eventsPerSecond = eventsPerSecond
        self.seconds = seconds
        self.error = error
    }

    /// The report as people read it.
    public var text: String {
        var lines = ["\(target): \(iterations) runs from seed \(seed) in \(formatDuration(.milliseconds(Int(seconds * 1000)))): "
            + "\(schedulesPerSecond) schedules/s, \(eventsPerSecond) handled events/s"]
        let fired = runsWithFault.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("  runs in which each fault fired: " + (fired.isEmpty ? "none" : fired))
        if let modelCoverage {
            lines.append("  model coverage (\(search) search): \(modelCoverage.states) abstract states, \(modelCoverage.transitions) transitions"
                + (keptCases.map { ", \($0) cases kept to derive from" } ?? ""))
        }
        if !faultKindsThatNeverFired.isEmpty {
            lines.append("  WARNING: these fault kinds never fired: \(faultKindsThatNeverFired.joined(separator: ", "))"
                + " (a fuzzer whose faults are inert passes falsely)")
        }
        if let error { lines.append("  ✗ ERROR: \(error)") }
        if let failure {
            lines.append("  ✗ FAILED \(failure.property): \(failure.message)")
            lines.append("  shrunk from \(failure.shrink.originalSteps) to \(failure.shrink.shrunkSteps) schedule steps "
                + "(\(failure.shrink.originalChoices) to \(failure.shrink.shrunkChoices) choices) in \(failure.shrink.calls) calls")
            if let first = failure.shrink.originalProperty {
                lines.append("  first seen as a violation of \(first); shrunk to a smaller one of \(failure.property)")
            }
            lines.append("  \(failure.swarm)")
            lines += failure.schedule.enumerated().map { "    \($0.offset + 1). \($0.element)" }
            lines.append(failure.kind == Violation.Kind.liveness.rawValue ? "  the run, summed up:" : "  trace (last events):")
            lines += failure.trace.map { "    " + $0 }
            lines.append("  replay: \(failure.replay)")
            if let nondeterminism { lines.append("  ✗ " + nondeterminism.description) }
        } else if error == nil {
            lines.append("  ✓ no property failed")
        }
        return lines.joined(separator: "\n")
    }
}


/// How much of a model a campaign covered: distinct abstract states and transitions
/// (see ``ModelCoverage``), comparable between campaigns of the same model.
public struct CoverageFigures: Codable, Sendable, Hashable {
    /// Distinct abstract cluster states reached.
    public var states: Int
    /// Distinct transitions between them taken.
    public var transitions: Int

    /// Figures.
    public init(states: Int, transitions: Int) {
        self.states = states
        self.transitions = transitions
    }
}
