import Foundation
import GroupyProperties
import PropCheckCampaign
import PropCheckEngine
import PropCheckSimulator

/// Exit codes: 0 nothing failed, 1 a property failed, 2 bad usage or input, 3 internal error.
enum ExitCode: Int32 {
    case success = 0, propertyFailed = 1, usage = 2, internalError = 3
}

let usage = """
    Usage: propcheck [--iterations N] [--seed S] [--protocol gms|pingpong|all] [--variant NAME]
                     [--faults LIST] [--jobs N] [--shard K/N] [--corpus DIR] [--format text|json]
                     [--trace log|timeline|anim|groupy] [--isolate] [--property NAME] [--nodes N]
           propcheck list
           propcheck replay FILE... [--trace log|timeline|anim|groupy] [--check-determinism] [--as-test]
           propcheck zoo [--iterations N] [--seed S] [--jobs N] [--format text|json]
           propcheck bench [--quick] [--seeds N] [--cases N] [--challenge NAME] [--format text|json]

    With no subcommand, runs a fuzzing campaign: N generated runs (default 1000) per
    protocol variant from seed S (hex, default 5eed), each with swarm-chosen faults
    (LIST: comma-separated kinds, see 'list'), checked by the variant's properties.
    Without --variant, only the correct variants run. The first failure of each is
    shrunk, printed with its trace, and saved to the corpus (default ./corpus).
    --jobs N runs cases on N cores (default: all); --shard K/N runs the K-th of N
    disjoint slices of the cases. Results do not depend on either: case i is seeded
    by (S, i) alone, and the failure reported is the lowest-numbered one.
    --property NAME checks that property alone (and the step budget); --nodes N
    sets the cluster size. --isolate runs each case in a child process, so a case that traps or hangs
    (20 s wall clock) is recorded and shrunk like any failure; variants that can
    trap (see 'list') always run isolated.

    list      protocols, variants (with the known-broken ones), properties, fault kinds
    replay    re-run corpus files; print the counterexample and its trace
              (--check-determinism: replay twice, report the first event that differs;
              --as-test: print a Swift Testing test that replays it, to paste into a suite)
    zoo       run every variant (default faults); exit 0 only if every broken one is
              caught and every correct one passes
    bench     benchmark the engine and the simulator (build with -c release)

    Exit status: 0 nothing failed, 1 a property failed, 2 bad usage or input file,
    3 internal error.
    """

/// Runs the command line `words` (without the program name) and says how it ended.
func propcheck(_ words: [String]) async -> ExitCode {
    var arguments = Arguments(words)
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
        case "__case":
            return try runIsolatedCase(&arguments)
        case "zoo":
            let iterations = try arguments.integer("--iterations", in: 1...100_000_000) ?? 1000
            let seed = try arguments.seed("--seed") ?? Seed(0x5eed)
            let jobs = try arguments.integer("--jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
            let json = (try arguments.choice("--format", from: ["text", "json"]) ?? "text") == "json"
            try arguments.finish()
            return try await ZooCommand(iterations: iterations, seed: seed, jobs: jobs, json: json).run()
        case "list":
            try arguments.finish()
            print(listing())
            return .success
        case "replay":
            let trace = try arguments.choice("--trace", from: ["log", "timeline", "anim", "groupy"]) ?? "log"
            let determinism = arguments.flag("--check-determinism")
            let asTest = arguments.flag("--as-test")
            var files: [String] = []
            while let file = arguments.subcommand() { files.append(file) }
            try arguments.finish()
            guard !files.isEmpty else { throw UsageError("replay needs at least one corpus file") }
            return try ReplayCommand(files: files, trace: trace, asTest: asTest, checkDeterminism: determinism).run()
        case nil:
            let command = try CampaignCommand(&arguments)
            try arguments.finish()
            return try await command.run()
        case let other?:
            throw UsageError("unknown subcommand '\(other)'")
        }
    } catch let error as UsageError {
        printError("propcheck: \(error)\nRun 'propcheck --help' for usage.")
        return .usage
    } catch let error as InputError {
        printError("propcheck: \(error)")
        return .usage
    } catch {
        printError("propcheck: internal error: \(error)")
        return .internalError
    }
}

exit(await propcheck(Array(CommandLine.arguments.dropFirst())).rawValue)

/// Everything `propcheck bench` measured, for `--format json`.
struct BenchmarkReport: Encodable {
    var engine: EngineBenchmark.Report
    var simulator: SimulatorBenchmark.Report
}

/// `propcheck list`.
func listing() -> String {
    var lines = ["Protocols and variants (✗ = known broken, found by its campaign):"]
    for target in CampaignTarget.all {
        lines.append("  \(target.isBroken ? "✗" : " ") \(rightPad(target.name, 20)) \(target.summary)")
    }
    lines.append("")
    lines.append("Properties:")
    lines.append("  gms: " + gmsPropertyNames.joined(separator: ", "))
    lines.append("  pingpong: all-connected")
    lines.append("  every protocol: step-budget (a run that exhausts its event budget)")
    lines.append("")
    lines.append("Fault kinds: " + FaultKind.allCases.map(\.rawValue).joined(separator: ", "))
    return lines.joined(separator: "\n")
}
