import Foundation
import PropCheckCampaign
import PropCheckEngine
import PropCheckReport

/// `propcheck bench --zoo`: the fuzzer's power, per broken variant, over several
/// campaign seeds: runs to the first failure, what shrinking cost, and how small
/// the counterexample came out (schedule steps, and the messages delivered and
/// dropped in its run).
struct ZooBenchmark {
    var tool: PropCheckTool
    /// Campaign seeds per variant (1...seeds).
    var seeds: Int
    /// Most runs per campaign.
    var iterations: Int
    /// Jobs per campaign.
    var jobs: Int
    /// Only these variants (all broken ones when empty).
    var variants: [String]

    /// One variant's figures.
    struct Row: Encodable {
        var variant: String
        var caughtBy: [String: Int]
        var caught: Int
        var seeds: Int
        var medianRunsToFailure: Int?
        var maxRunsToFailure: Int?
        var medianShrinkCalls: Int?
        var medianShrinkSeconds: Double?
        var medianShrunkSteps: Int?
        var smallestShrunkSteps: Int?
        var medianDelivered: Int?
        var medianDropped: Int?
        /// Steps of the smallest counterexample known for the bug, and the argued lower bound.
        var knownMinimumSteps: Int?
        var lowerBoundSteps: Int?
    }

    func run() async throws -> [Row] {
        let targets = tool.registry.targets.filter { $0.isBroken && (variants.isEmpty || variants.contains($0.name) || variants.contains($0.variant)) }
        var rows: [Row] = []
        for target in targets {
            var runs: [Int] = [], calls: [Int] = [], seconds: [Double] = [], steps: [Int] = []
            var delivered: [Int] = [], dropped: [Int] = []
            var caughtBy: [String: Int] = [:]
            for seed in 1...seeds {
                let options = CampaignOptions(iterations: iterations, seed: Seed(UInt64(seed)), jobs: jobs)
                let clock = ContinuousClock(), start = clock.now
                let report = target.traps ? await tool.isolation.campaign(target, options: options) : await target.run(options)
                guard let failure = report.failure else { continue }
                caughtBy[failure.property, default: 0] += 1
                runs.append(report.iterations)
                calls.append(failure.shrink.calls)
                seconds.append(max((clock.now - start).inSeconds - report.seconds, 0))
                steps.append(failure.shrink.shrunkSteps)
                if !target.traps, let token = try? ReplayToken.parse(failure.replay) {
                    let settings = options.settings(defaultFaults: target.defaultFaults)
                    if let run = try? target.report(token.choices.values, settings: settings) {
                        delivered.append(run.events.filter { if case .deliver = $0.kind { true } else { false } }.count)
                        dropped.append(run.events.filter { if case .drop = $0.kind { true } else { false } }.count)
                    }
                }
            }
            rows.append(Row(variant: target.name, caughtBy: caughtBy, caught: runs.count, seeds: seeds,
                            medianRunsToFailure: runs.isEmpty ? nil : median(runs), maxRunsToFailure: runs.max(),
                            medianShrinkCalls: calls.isEmpty ? nil : median(calls),
                            medianShrinkSeconds: seconds.isEmpty ? nil : median(seconds),
                            medianShrunkSteps: steps.isEmpty ? nil : median(steps), smallestShrunkSteps: steps.min(),
                            medianDelivered: delivered.isEmpty ? nil : median(delivered),
                            medianDropped: dropped.isEmpty ? nil : median(dropped),
                            knownMinimumSteps: target.knownMinimum?.steps, lowerBoundSteps: target.knownMinimum?.lowerBound))
        }
        return rows
    }

    static func render(_ rows: [Row], iterations: Int) -> String {
        let width = rows.map(\.variant.count).max().map { $0 + 2 } ?? 20
        var lines = ["Bug finding (campaign seeds 1...N, at most \(grouped(iterations)) runs each; medians over the seeds that caught it):",
                     "  " + rightPad("variant", width) + leftPad("caught", 8) + leftPad("runs", 8) + leftPad("max", 8)
                        + leftPad("calls", 8) + leftPad("shrink", 10) + leftPad("steps", 7) + leftPad("min", 5)
                        + leftPad("known", 9) + leftPad("recv", 6) + leftPad("drop", 6) + "  property"]
        func cell(_ value: Int?) -> String { value.map(grouped) ?? "-" }
        for row in rows {
            let seconds = row.medianShrinkSeconds.map { formatDuration(.milliseconds(Int($0 * 1000))) } ?? "-"
            let properties = row.caughtBy.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  " + rightPad(row.variant, width) + leftPad("\(row.caught)/\(row.seeds)", 8)
                + leftPad(cell(row.medianRunsToFailure), 8) + leftPad(cell(row.maxRunsToFailure), 8)
                + leftPad(cell(row.medianShrinkCalls), 8) + leftPad(seconds, 10) + leftPad(cell(row.medianShrunkSteps), 7)
                + leftPad(cell(row.smallestShrunkSteps), 5)
                + leftPad(row.knownMinimumSteps.map { known in "\(known) ≥\(row.lowerBoundSteps ?? 0)" } ?? "-", 9)
                + leftPad(cell(row.medianDelivered), 6)
                + leftPad(cell(row.medianDropped), 6) + "  " + (properties.isEmpty ? "-" : properties))
        }
        return lines.joined(separator: "\n")
    }
}
