import Linearizability
import PropCheckCLI
import PropCheckCorpus
import PropCheckEngine

/// `propcheck bench`'s linearizability figures: the checker on generated register
/// histories with known answers (``SyntheticHistory``), in the shapes Porcupine is
/// tested on: one register with many lost answers (Jepsen's etcd histories), and
/// multi-key stores with 1, 10 and 50 clients. Per shape: wrong answers and unknowns
/// at the default budget, and median times of the verdict and of the witness.
struct LinearizabilityBenchmark {
    struct Row: Codable {
        var shape: String
        var operations: Int
        var indeterminate: Int
        var seeds: Int
        var wrong: Int
        var unknown: Int
        /// Median verdict time, µs, over linearizable and violating histories.
        var verdictMicros: Double
        /// The longest verdict, µs.
        var verdictMaxMicros: Double
        /// Median time of `check` on the violating ones (verdict plus 1-minimal witness), µs.
        var witnessMicros: Double
        /// Median witness size.
        var witnessSize: Int
    }

    static let shapes = SyntheticHistory.Shape.porcupine

    var seeds: Int

    func run() -> [Row] {
        let checker = LinearizabilityChecker(model: RegisterModel())
        let clock = ContinuousClock()
        func micros(_ duration: Duration) -> Double { duration.inSeconds * 1e6 }
        return Self.shapes.map { shape in
            var verdictTimes: [Double] = [], witnessTimes: [Double] = [], sizes: [Int] = []
            var wrong = 0, unknown = 0, operations: [Int] = [], lost: [Int] = []
            for seed in 0..<UInt64(seeds) {
                for anomaly in [false, true] {
                    let history = SyntheticHistory(seed: seed, shape: shape, anomaly: anomaly)
                    operations.append(history.operations.count)
                    lost.append(history.indeterminate)
                    var verdict = LinearizabilityVerdict<RegisterModel.Operation, Int>.linearizable
                    verdictTimes.append(micros(clock.measure { verdict = checker.verdict(history.operations) }))
                    switch verdict {
                    case .linearizable: if !history.isLinearizable { wrong += 1 }
                    case .notLinearizable: if history.isLinearizable { wrong += 1 }
                    case .unknown: unknown += 1
                    }
                    guard anomaly else { continue }
                    var checked = verdict
                    witnessTimes.append(micros(clock.measure { checked = checker.check(history.operations) }))
                    if case .notLinearizable(let witness) = checked { sizes.append(witness.count) }
                }
            }
            return Row(shape: shape.name, operations: median(operations), indeterminate: median(lost), seeds: seeds,
                       wrong: wrong, unknown: unknown, verdictMicros: median(verdictTimes), verdictMaxMicros: verdictTimes.max() ?? 0,
                       witnessMicros: median(witnessTimes), witnessSize: median(sizes))
        }
    }

    static func render(_ rows: [Row]) -> String {
        var lines = ["Linearizability on generated register histories (known answers; each seed linearizable and with one stale read):",
                     "  shape                  ops  lost  seeds  wrong  unknown    verdict        max    witness  size"]
        for row in rows {
            let figures = [(String(row.operations), 6), (String(row.indeterminate), 6), (String(row.seeds), 7),
                           (String(row.wrong), 7), (String(row.unknown), 9), (time(row.verdictMicros), 11),
                           (time(row.verdictMaxMicros), 11), (time(row.witnessMicros), 11), (String(row.witnessSize), 6)]
            lines.append("  " + rightPad(row.shape, 20) + figures.map { leftPad($0.0, $0.1) }.joined())
        }
        lines.append("  (medians; verdict: `verdict()`, witness: `check()` on the violating histories, with its 1-minimal witness)")
        return lines.joined(separator: "\n")
    }

    private static func time(_ micros: Double) -> String { formatDuration(.nanoseconds(Int64(micros * 1_000))) }
}

let linearizabilityBenchmark = ToolBenchmark(name: "linearizability") { quick in
    let rows = LinearizabilityBenchmark(seeds: quick ? 5 : 25).run()
    return (LinearizabilityBenchmark.render(rows), try JSONValue(encoding: rows))
}
