import Foundation
import PropCheckEngine

/// Exit codes: 0 nothing failed, 1 a property failed, 2 bad usage or input, 3 internal error.
enum ExitCode: Int32 {
    case success = 0, propertyFailed = 1, usage = 2, internalError = 3
}

let usage = """
    Usage: propcheck [--iterations N] [--seed S] [--protocol NAME|all] [--format text|json]
           propcheck <subcommand> [options]

    With no subcommand, runs a fuzzing campaign: N generated runs (default 1000) per
    protocol from seed S (hex, default 5eed), each with swarm-chosen faults, checked
    by the protocol's properties; the first failure is shrunk and printed with its
    trace and a replay token. Exit status: 0 nothing failed, 1 a property failed,
    2 bad usage, 3 internal error. Protocols: pingpong, gms1, gms2, gms3, gms3-offbyone, gms4.

    Subcommands:
      bench       Benchmark the engine (cases per second; shrinking of the classic problems:
                  canonical minimum reached, median calls and time) and the simulator
                  (events and schedules per second on PingPong, 5 nodes).
                  Options: --seeds N (default 50), --cases N (default 200000),
                  --challenge NAME, --format text|json, --quick (10 seeds, 20000 cases)

    Build with `swift build -c release` before benchmarking: debug builds are 10-50x slower.
    """

func main() async -> ExitCode {
    var arguments = Arguments(CommandLine.arguments.dropFirst())
    if arguments.flag("--help") || arguments.flag("-h") {
        print(usage)
        return .success
    }
    do {
        switch arguments.subcommand() {
        case "bench":
            let quick = arguments.flag("--quick")
            let seeds = try arguments.integer("--seeds", in: 1...10_000) ?? (quick ? 10 : 50)
            let cases = try arguments.integer("--cases", in: 1...100_000_000) ?? (quick ? 20_000 : 200_000)
            let challenge = try arguments.value("--challenge")
            let format = try arguments.choice("--format", from: ["text", "json"]) ?? "text"
            try arguments.finish()
            if let challenge, ShrinkChallengeCatalogue.names.contains(challenge) == false {
                throw UsageError("--challenge: no challenge named '\(challenge)'; known: \(ShrinkChallengeCatalogue.names.joined(separator: ", "))")
            }
            let engine = await EngineBenchmark(seeds: seeds, cases: cases, challenge: challenge).run()
            let simulator = try SimulatorBenchmark(ticks: quick ? 20_000 : 100_000, schedules: quick ? 200 : 1000).run()
            if format == "json" {
                print(try encodeJSON(BenchmarkReport(engine: engine, simulator: simulator)))
            } else {
                print(EngineBenchmark.render(engine) + "\n\n" + SimulatorBenchmark.render(simulator))
            }
            return .success
        case let other?:
            throw UsageError("unknown subcommand '\(other)'")
        case nil:
            let iterations = try arguments.integer("--iterations", in: 0...100_000_000) ?? 1000
            let seed = try arguments.value("--seed").map { text throws(UsageError) in
                guard let seed = Seed(text) else { throw UsageError("--seed expects 1 to 16 hex digits, got '\(text)'") }
                return seed
            } ?? Seed(0x5eed)
            let protocols = try arguments.choice("--protocol", from: CampaignTargets.names + ["all"]).map {
                $0 == "all" ? CampaignTargets.names : [$0]
            } ?? CampaignTargets.names
            let format = try arguments.choice("--format", from: ["text", "json"]) ?? "text"
            try arguments.finish()
            var reports: [CampaignReport] = []
            for name in protocols {
                guard let report = await CampaignTargets.run(name, iterations: iterations, seed: seed) else { continue }
                reports.append(report)
                if format == "text" { print(report.text) }
            }
            if format == "json" { print(try encodeJSON(reports)) }
            return reports.contains { $0.failure != nil } ? .propertyFailed : .success
        }
    } catch let error as UsageError {
        printError("propcheck: \(error)\nRun 'propcheck --help' for usage.")
        return .usage
    } catch {
        printError("propcheck: internal error: \(error)")
        return .internalError
    }
}

exit(await main().rawValue)

/// Everything `propcheck bench` measured, for `--format json`.
struct BenchmarkReport: Encodable {
    var engine: EngineBenchmark.Report
    var simulator: SimulatorBenchmark.Report
}
