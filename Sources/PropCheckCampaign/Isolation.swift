import Foundation
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// Crash isolation (`--isolate`): every case runs in a child process (this executable,
/// re-invoked as `propcheck __case`), which streams each choice it draws to its
/// parent. A case that traps (a precondition, a fatal error, a bad index) or hangs
/// (past a wall-clock limit) therefore still has a recorded choice sequence: it
/// becomes a failure the shrinker minimises like any other, and the campaign goes on.
public struct Isolation: Sendable {
    /// This executable.
    public var executable: String
    /// Wall-clock limit per case.
    public var timeoutSeconds: Double

    /// What a child reported.
    public struct ChildRun: Sendable {
        /// The choices the child drew, streamed as it drew them.
        public var choices: [UInt64] = []
        /// The bound of each choice.
        public var maxima: [UInt64] = []
        /// The child's report, when it lived to print one.
        public var outcome: CaseOutcome?
        /// How the failure is told apart during shrinking: the property, `trap` or `hang`.
        public var failureKind: String?
        /// What the failure was, in words.
        public var failureMessage: String?
        /// The child's replay trace, one event per line, when it was asked for (`withTrace`).
        public var traceLines: [String]?
    }

    /// Finds the tool's executable: the running executable, whatever its file is
    /// called, unless this is a test runner (an `.xctest` bundle or `xctest`), which
    /// looks for an executable named `name` beside it, built in the same folder.
    public static func locate(named name: String = "propcheck") -> String {
        let first = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let isTestRunner = first.pathExtension == "xctest" || first.lastPathComponent == "xctest"
            || first.path.contains(".xctest/")
        if first.lastPathComponent == name || !isTestRunner { return first.path }
        return first.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Isolation through `executable` (a `PropCheckTool`'s, which answers `__case`),
    /// with a wall-clock limit per case.
    public init(executable: String = Isolation.locate(), timeoutSeconds: Double = 20) {
        self.executable = executable
        self.timeoutSeconds = timeoutSeconds
    }

    /// Runs one case in a child: fresh from `seed` and `index`, or replaying `choices`
    /// (then drawing fresh from `continuation`, when given, instead of zeros).
    /// With `withTrace`, the child also replays the case with its trace and sends it.
    public func run(_ target: CampaignTarget, settings: RunSettings, seed: Seed? = nil, index: Int? = nil,
                    choices: [UInt64]? = nil, continuation: Seed? = nil, withTrace: Bool = false) -> ChildRun {
        var arguments = ["__case", "--target", target.name,
                         "--faults", settings.faults.sorted().map(\.rawValue).joined(separator: ",")]
        if let nodes = settings.nodes { arguments += ["--nodes", String(nodes)] }
        if let property = settings.property { arguments += ["--property", property] }
        if !settings.conformance { arguments += ["--no-conformance"] }
        if let seed, let index { arguments += ["--seed", seed.description, "--index", String(index)] }
        if let choices { arguments += ["--choices", ChoiceSequence(choices).compactText] }
        if let continuation { arguments += ["--continue-seed", continuation.description] }
        if withTrace { arguments.append("--with-trace") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        // A trapping child should die at once: no interactive backtrace.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        var result = ChildRun()
        do { try process.run() } catch {
            result.failureKind = "isolation"
            result.failureMessage = "cannot start \(executable): \(error)"
            return result
        }
        // A cancelled work item stays queued until its deadline, so it must not keep the
        // process (and through it, its pipes) alive: thousands of short cases inside one
        // time limit would otherwise exhaust the file descriptors.
        let timer = DispatchWorkItem { [weak process] in
            if let process, process.isRunning { process.terminate() }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: timer)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        timer.cancel()
        try? output.fileHandleForReading.close()
        try? errors.fileHandleForReading.close()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("c ") {
                let parts = line.split(separator: " ")
                if parts.count == 3, let value = UInt64(parts[1]), let bound = UInt64(parts[2]) {
                    result.choices.append(value)
                    result.maxima.append(bound)
                }
            } else if line.hasPrefix("t ") {
                result.traceLines = (result.traceLines ?? []) + [String(line.dropFirst(2))]
            } else if line.hasPrefix("outcome ") {
                result.outcome = try? JSONDecoder().decode(CaseOutcome.self, from: Data(line.dropFirst(8).utf8))
            }
        }
        if process.terminationReason == .uncaughtSignal {
            let fatal = errorText.split(separator: "\n").first {
                $0.contains("Fatal error") || $0.contains("runtime failure") || $0.contains("error:")
            }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "* ")) }
            let timedOut = process.terminationStatus == SIGTERM
            result.failureKind = timedOut ? "hang" : "trap"
            result.failureMessage = timedOut
                ? "the case ran past \(Int(timeoutSeconds)) s of wall-clock time"
                : "the process died on signal \(process.terminationStatus)" + (fatal.map { ": \($0)" } ?? "")
        } else if let outcome = result.outcome, let property = outcome.property {
            result.failureKind = property
            result.failureMessage = outcome.message
        } else if result.outcome == nil {
            result.failureKind = "isolation"
            result.failureMessage = "the child exited with status \(process.terminationStatus) without a result"
        }
        return result
    }

    /// A campaign with every case in a child process; the lowest failing case is shrunk.
    public func campaign(_ target: CampaignTarget, options: CampaignOptions) async -> CampaignReport {
        let settings = options.settings(defaultFaults: target.defaultFaults)
        let failures = FailedChildren()
        let search = await CaseSearch.run(options) { index in
            let child = self.run(target, settings: settings, seed: options.seed, index: index)
            if child.failureKind != nil { failures.record(child, at: index) }
            return CaseSearch.Case(events: child.outcome?.events ?? 0, failed: child.failureKind != nil,
                                   fired: child.outcome?.fired ?? [])
        }
        var failure: CorpusEntry?
        if let index = search.failingIndex {
            failure = await shrink(target, settings: settings, seed: options.seed, index: index, firstSeen: failures.run(at: index))
        }
        return search.report(for: target, options: options, allowed: settings.faults, failure: failure)
    }

    /// Shrinks case `index` with every candidate run in a child, keeping failures of the
    /// same kind. `firstSeen` is the child that failed in the search: should the case not
    /// fail again (a hang past the limit on a loaded machine, a flaky or nondeterministic
    /// protocol), that failure is the entry, as seen and said to be so. Never dropped.
    public func shrink(_ target: CampaignTarget, settings: RunSettings, seed: Seed, index: Int,
                       firstSeen: ChildRun? = nil) async -> CorpusEntry? {
        let rerun = run(target, settings: settings, seed: seed, index: index)
        guard let kind = rerun.failureKind else {
            guard let firstSeen, let kind = firstSeen.failureKind else { return nil }
            return unrecurred(firstSeen, kind: kind, target: target, settings: settings, seed: seed, index: index)
        }
        let first = rerun
        // The child cannot send its spans or its size, but the schedule's are known from
        // planning its choices here: enough to delete and fold whole steps.
        let record = { (choices: [UInt64], interesting: Bool, maxima: [UInt64]) -> ShrinkRun in
            let plan = try? target.plan(choices, settings: settings)
            var run = ShrinkRun(isInteresting: interesting, choices: choices, maxima: maxima, spans: plan?.spans ?? [])
            run.size = plan?.steps.count
            return run
        }
        let shrinker = Shrinker(initial: record(first.choices, true, first.maxima),
                                budget: ShrinkBudget(maxCalls: 2_000, maxDuration: .seconds(120))) { candidate in
            let child = self.run(target, settings: settings, choices: candidate.values, continuation: candidate.continuation)
            return record(child.choices, child.failureKind == kind, child.maxima)
        }
        let best = await shrinker.shrink()
        let last = run(target, settings: settings, choices: best.choices)
        // A child that died never reported its schedule: read it from the choices.
        let planned = { (choices: [UInt64]) in try? target.plan(choices, settings: settings) }
        let shrunkPlan = last.outcome == nil ? planned(best.choices) : nil
        let originalSteps = first.outcome?.steps.count ?? planned(first.choices)?.steps.count ?? 0
        let token = ReplayToken(seed: seed.caseSeed(index), choices: ChoiceSequence(best.choices))
        return CorpusEntry(
            protocolName: target.protocolName, variant: target.variant, property: kind,
            message: last.failureMessage ?? first.failureMessage ?? kind, kind: kind == "hang" ? "liveness" : "safety",
            faults: settings.faults.sorted().map(\.rawValue), nodes: settings.nodes, checkedProperty: settings.property,
            conformance: target.hasModel ? settings.conformance && settings.property.map { $0 == conformancePropertyName } ?? true : nil,
            swarm: last.outcome?.swarm ?? shrunkPlan?.swarm ?? "(the process died before reporting)",
            schedule: last.outcome?.steps ?? shrunkPlan?.steps ?? [],
            plan: (shrunkPlan ?? planned(best.choices))?.recorded, replay: token.description,
            shrink: .init(calls: shrinker.statistics.calls, originalSteps: originalSteps,
                          shrunkSteps: last.outcome?.steps.count ?? shrunkPlan?.steps.count ?? 0,
                          originalChoices: first.choices.count,
                          shrunkChoices: best.choices.count),
            trace: [])
    }
}

extension Isolation {
    /// The entry for a failure that did not recur when its case was run again: the case
    /// as first seen, unshrunk, its message saying so.
    func unrecurred(_ child: ChildRun, kind: String, target: CampaignTarget, settings: RunSettings, seed: Seed,
                    index: Int) -> CorpusEntry {
        let plan = try? target.plan(child.choices, settings: settings)
        let token = ReplayToken(seed: seed.caseSeed(index), choices: ChoiceSequence(child.choices))
        return CorpusEntry(
            protocolName: target.protocolName, variant: target.variant, property: kind,
            message: (child.failureMessage ?? kind) + " (it did not recur when the case was run again: "
                + "flaky, nondeterministic, or a hang on a loaded machine)",
            kind: kind == "hang" ? "liveness" : "safety",
            faults: settings.faults.sorted().map(\.rawValue), nodes: settings.nodes, checkedProperty: settings.property,
            conformance: target.hasModel ? settings.conformance && settings.property.map { $0 == conformancePropertyName } ?? true : nil,
            swarm: child.outcome?.swarm ?? plan?.swarm ?? "(the process died before reporting)",
            schedule: child.outcome?.steps ?? plan?.steps ?? [], plan: plan?.recorded, replay: token.description,
            shrink: .init(calls: 0, originalSteps: plan?.steps.count ?? 0, shrunkSteps: plan?.steps.count ?? 0,
                          originalChoices: child.choices.count, shrunkChoices: child.choices.count),
            trace: [])
    }
}

/// The children that failed during a search, by case index: what a failure looked
/// like when it happened, kept in case it does not happen again.
final class FailedChildren: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [Int: Isolation.ChildRun] = [:]

    func record(_ run: Isolation.ChildRun, at index: Int) { lock.withLock { runs[index] = run } }
    func run(at index: Int) -> Isolation.ChildRun? { lock.withLock { runs[index] } }
}
