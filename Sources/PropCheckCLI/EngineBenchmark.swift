import PropCheckEngine
import ShrinkChallenges

/// `propcheck bench engine`: how fast the engine generates cases, and how quickly
/// and how well it shrinks the classic problems.
struct EngineBenchmark {
    /// Seeds per challenge.
    var seeds: Int
    /// Cases per throughput run.
    var cases: Int
    /// Only this challenge, when set.
    var challenge: String?

    /// One challenge's figures over all seeds.
    struct ChallengeFigures: Encodable {
        var name: String
        var minimum: String
        /// False for the problems of ``ShrinkChallenge/open``, not yet held to the 95% bar.
        var heldToTheBar: Bool
        var seeds: Int
        var reachedMinimum: Int
        /// Seeds whose first 100 cases (a property's default) already fail.
        var foundWithinDefaultCases: Int
        var meanShrinkCalls: Int
        var medianShrinkCalls: Int
        var maxShrinkCalls: Int
        var medianShrinkMicroseconds: Int
        var medianOriginalChoices: Int
        var medianShrunkChoices: Int
    }

    /// Everything the benchmark measured.
    struct Report: Encodable {
        var trivialCasesPerSecond: Int
        var listCasesPerSecond: Int
        var challenges: [ChallengeFigures]
    }

    func run() async -> Report {
        let trivial = await casesPerSecond(Gen<Int>.any)
        let lists = await casesPerSecond(Gen<Int>.int(in: 0...1000).array())
        var figures: [ChallengeFigures] = []
        let open = Set(ShrinkChallenge.open.map(\.name))
        for challenge in ShrinkChallenge.all + ShrinkChallenge.open where self.challenge == nil || challenge.name == self.challenge {
            var calls: [Int] = [], micros: [Int] = [], original: [Int] = [], shrunk: [Int] = []
            var reached = 0, foundEarly = 0
            for seed in 0..<seeds {
                // The search alone, within a property's default 100 cases (one shrink call).
                if await challenge.run(seed: Seed(UInt64(seed)), iterations: 100, budget: ShrinkBudget(maxCalls: 1)).found {
                    foundEarly += 1
                }
                let result = await challenge.run(seed: Seed(UInt64(seed)))
                guard let statistics = result.statistics else { continue }
                if result.reachedMinimum { reached += 1 }
                calls.append(statistics.calls)
                micros.append(Int(statistics.duration.inSeconds * 1e6))
                original.append(result.originalChoices)
                shrunk.append(result.shrunkChoices)
            }
            figures.append(ChallengeFigures(
                name: challenge.name, minimum: challenge.minimumDescription, heldToTheBar: !open.contains(challenge.name),
                seeds: seeds, reachedMinimum: reached, foundWithinDefaultCases: foundEarly,
                meanShrinkCalls: calls.isEmpty ? 0 : calls.reduce(0, +) / calls.count, medianShrinkCalls: median(calls), maxShrinkCalls: calls.max() ?? 0,
                medianShrinkMicroseconds: median(micros), medianOriginalChoices: median(original),
                medianShrunkChoices: median(shrunk)))
        }
        return Report(trivialCasesPerSecond: trivial, listCasesPerSecond: lists, challenges: figures)
    }

    /// Median over 5 runs of cases per second for an always-true property.
    private func casesPerSecond<T>(_ generator: Gen<T>) async -> Int {
        var rates: [Double] = []
        for run in 0..<5 {
            let report = await forAll(generator, name: "throughput",
                                      configuration: .init(iterations: cases, seed: Seed(UInt64(run)))) { _ in true }
            rates.append(Double(report.passed) / max(report.duration.inSeconds, 1e-9))
        }
        return Int(median(rates))
    }

    static func render(_ report: Report) -> String {
        var lines = [
            "Engine throughput (median of 5 runs, one core):",
            "  trivial property, Int input:        \(leftPad(grouped(report.trivialCasesPerSecond), 12)) cases/s",
            "  trivial property, [Int] input:      \(leftPad(grouped(report.listCasesPerSecond), 12)) cases/s",
            "",
            "Shrinking challenges (minimum: seeds reaching the canonical minimum; found: seeds failing within",
            "100 cases; calls: mean, median and max over seeds; * not yet held to the 95% bar):",
            "  " + rightPad("challenge", 19) + leftPad("minimum", 9) + leftPad("found", 9) + leftPad("mean", 7)
                + leftPad("calls", 7) + leftPad("max", 7) + leftPad("time", 10) + leftPad("choices", 14) + "  canonical minimum",
        ]
        for figure in report.challenges {
            lines.append("  " + rightPad(figure.name + (figure.heldToTheBar ? "" : " *"), 19)
                + leftPad("\(figure.reachedMinimum)/\(figure.seeds)", 9)
                + leftPad("\(figure.foundWithinDefaultCases)/\(figure.seeds)", 9) + leftPad("\(figure.meanShrinkCalls)", 7)
                + leftPad("\(figure.medianShrinkCalls)", 7) + leftPad("\(figure.maxShrinkCalls)", 7)
                + leftPad(formatDuration(.microseconds(figure.medianShrinkMicroseconds)), 10)
                + leftPad("\(figure.medianOriginalChoices) → \(figure.medianShrunkChoices)", 14)
                + "  " + figure.minimum)
        }
        return lines.joined(separator: "\n")
    }
}
