/// The result of checking a property: the outcome plus the run's statistics.
public struct PropertyReport<Value>: CustomStringConvertible {
    /// How a run ended.
    public enum Outcome {
        /// Every case passed (and every coverage requirement was met).
        case passed
        /// A case failed; here it is, shrunk.
        case failed(Counterexample<Value>)
        /// Too many cases were discarded (by `assume` or a `filter`) to reach the iterations.
        case gaveUp(reason: String)
        /// Every case passed but a `cover` requirement was not met.
        case insufficientCoverage([String])
        /// The configuration or a generator is unusable (a bad replay token, a negative
        /// iteration count, a range whose lower bound is above its upper bound).
        case invalidInput(String)
    }

    /// The property's name.
    public var name: String
    /// How the run ended.
    public var outcome: Outcome
    /// The run's seed.
    public var seed: Seed
    /// Cases that passed.
    public var passed: Int
    /// Cases discarded by `assume` or an exhausted `filter`.
    public var discarded: Int
    /// How often each label and class occurred, most frequent first.
    public var labelCounts: [(label: String, count: Int)]
    /// Wall-clock time of the whole run.
    public var duration: Duration

    /// True for `.passed`.
    public var isSuccess: Bool {
        if case .passed = outcome { return true }
        return false
    }

    /// The counterexample, if a case failed.
    public var counterexample: Counterexample<Value>? {
        if case .failed(let counterexample) = outcome { return counterexample }
        return nil
    }

    /// The report as people read it.
    public var description: String {
        var lines: [String] = []
        switch outcome {
        case .passed:
            lines.append("✓ \(name): passed \(passed) cases (seed \(seed)\(discarded > 0 ? ", \(discarded) discarded" : ""))")
        case .failed(let counterexample):
            lines.append("✗ \(name): failed after \(counterexample.caseIndex + 1) cases (seed \(seed))")
            lines.append(counterexample.description)
        case .gaveUp(let reason):
            lines.append("✗ \(name): gave up after \(passed) passing cases: \(reason)")
        case .insufficientCoverage(let shortfalls):
            lines.append("✗ \(name): insufficient coverage after \(passed) cases (seed \(seed))")
            lines += shortfalls.map { "  " + $0 }
        case .invalidInput(let message):
            lines.append("✗ \(name): \(message)")
        }
        let total = passed + discarded
        if !labelCounts.isEmpty && total > 0 {
            lines.append("Labels:")
            for (label, count) in labelCounts {
                let percent = Double(count) * 100 / Double(max(passed, 1))
                lines.append("  \(formatPercent(percent)) \(label)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// A failing case, shrunk, with everything needed to understand and reproduce it.
public struct Counterexample<Value>: CustomStringConvertible {
    /// The shrunk input.
    public var value: Value
    /// The input as first found, before shrinking.
    public var original: Value
    /// What went wrong on the shrunk input ("returned false", or the error thrown).
    public var failure: String
    /// Notes the property recorded while checking the shrunk input.
    public var notes: [String]
    /// Index of the failing case in the run.
    public var caseIndex: Int
    /// Choices the original case drew.
    public var originalChoiceCount: Int
    /// The shrunk case's choices and seed: passing it back replays the failure exactly.
    public var replayToken: ReplayToken
    /// What shrinking cost.
    public var shrinkStatistics: ShrinkStatistics

    public var description: String {
        var lines = ["Counterexample:", indent(prettyDescription(of: value)), "Failure: \(failure)"]
        lines += notes.map { "Note: \($0)" }
        lines.append("Original (\(originalChoiceCount) choices):")
        lines.append(indent(prettyDescription(of: original)))
        let stats = shrinkStatistics
        lines.append("Shrunk to \(replayToken.choices.count) choices in \(stats.calls) calls, "
            + "\(formatDuration(stats.duration))\(stats.budgetExhausted ? " (budget exhausted)" : "")")
        lines.append("Replay: \(replayToken)")
        return lines.joined(separator: "\n")
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}

func formatPercent(_ percent: Double) -> String {
    let tenths = roundedToInt(percent * 10)
    let text = "\(tenths / 10).\(tenths % 10)%"
    return String(repeating: " ", count: max(0, 6 - text.count)) + text
}

/// A duration as people read it: `830 µs`, `12.4 ms`, `3.20 s`.
public func formatDuration(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let micros = Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    if micros < 1000 { return "\(roundedToInt(micros)) µs" }
    if micros < 1e6 { return "\(roundedToInt(micros / 100) / 10).\(roundedToInt(micros / 100) % 10) ms" }
    let centis = roundedToInt(micros / 1e4)
    return "\(centis / 100).\(String(format2(centis % 100))) s"
}

private func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

/// Rounds a non-negative figure to the nearest integer without libm, which the
/// engine does not link.
func roundedToInt(_ value: Double) -> Int { Int(value + 0.5) }

extension Duration {
    /// The duration in seconds, for rates.
    public var inSeconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
