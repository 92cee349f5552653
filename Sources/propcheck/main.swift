import Foundation
import GroupyProperties
import PropCheckCampaign
import PropCheckEngine
import PropCheckSimulator

/// Exit codes: 0 nothing failed, 1 a property failed, 2 bad usage or input, 3 internal error.
enum ExitCode: Int32 {
    case success = 0, propertyFailed = 1, usage = 2, internalError = 3
}

/// Runs the command line `words` (without the program name) and says how it ended.
func propcheck(_ words: [String]) async -> ExitCode {
    var arguments = Arguments(words)
    if arguments.flag("--help") || arguments.flag("-h") {
        print(words.first.flatMap { subcommandUsage[$0] } ?? usage)
        return .success
    }
    do {
        switch arguments.subcommand() {
        case "bench":
            let quick = arguments.flag("--quick")
            let seedsOption = try arguments.integer("--seeds", in: 1...10_000)
            let seeds = seedsOption ?? (quick ? 10 : 50)
            let cases = try arguments.integer("--cases", in: 1...100_000_000) ?? (quick ? 20_000 : 200_000)
            let challenge = try arguments.value("--challenge")
            let format = try arguments.choice("--format", from: ["text", "json"]) ?? "text"
            if arguments.flag("--zoo") {
                let iterations = try arguments.integer("--iterations", in: 1...100_000_000) ?? 10_000
                let jobs = try arguments.integer("--jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
                var variants: [String] = []
                while let variant = try arguments.value("--variant") { variants.append(variant) }
                try arguments.finish()
                for variant in variants where !CampaignTarget.all.contains(where: { $0.isBroken && ($0.name == variant || $0.variant == variant) }) {
                    throw UsageError("--variant: no broken variant '\(variant)'; see 'propcheck list'")
                }
                let zoo = ZooBenchmark(seeds: seedsOption ?? (quick ? 3 : 20),
                                       iterations: iterations, jobs: jobs, variants: variants)
                let rows = try await zoo.run()
                print(format == "json" ? try encodeJSON(rows) : ZooBenchmark.render(rows, iterations: iterations))
                return .success
            }
            let protocolName = try arguments.choice("--protocol", from: ["pingpong", "gms", "raft", "all"]) ?? "all"
            try arguments.finish()
            if let challenge, ShrinkChallengeCatalogue.names.contains(challenge) == false {
                throw UsageError("--challenge: no challenge named '\(challenge)'; known: \(ShrinkChallengeCatalogue.names.joined(separator: ", "))")
            }
            let engine = await EngineBenchmark(seeds: seeds, cases: cases, challenge: challenge).run()
            let simulator = try SimulatorBenchmark(ticks: quick ? 20_000 : 100_000, schedules: quick ? 200 : 1000).run()
            let targets = ["pingpong", "gms4", "raft"].compactMap(CampaignTarget.named)
                .filter { protocolName == "all" || $0.protocolName == protocolName }
            let campaigns = try await CampaignBenchmark(
                iterations: quick ? 1_000 : 10_000, targets: targets,
                memoryIterations: protocolName != "all" ? [] : quick ? [1_000] : [1_000, 10_000, 100_000],
                cores: ProcessInfo.processInfo.activeProcessorCount).run()
            if format == "json" {
                print(try encodeJSON(BenchmarkReport(engine: engine, simulator: simulator, campaigns: campaigns)))
            } else {
                print(EngineBenchmark.render(engine) + "\n\n" + SimulatorBenchmark.render(simulator) + "\n\n"
                      + CampaignBenchmark.render(campaigns))
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
        case "report":
            let output = try arguments.value("--output") ?? "reports"
            var files: [String] = []
            while let file = arguments.subcommand() { files.append(file) }
            try arguments.finish()
            guard !files.isEmpty else { throw UsageError("report needs at least one corpus file") }
            return try ReportCommand(files: files, output: output).run()
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
    var campaigns: CampaignBenchmark.Report
}

/// `propcheck list`.
func listing() -> String {
    var lines = ["Protocols and variants (✗ = known broken, found by its campaign):"]
    let width = CampaignTarget.all.map(\.name.count).max() ?? 20
    for target in CampaignTarget.all {
        lines.append("  \(target.isBroken ? "✗" : " ") \(rightPad(target.name, width)) \(target.summary)")
    }
    lines.append("")
    lines.append("Properties:")
    var protocols: [String] = []
    for target in CampaignTarget.all where !protocols.contains(target.protocolName) { protocols.append(target.protocolName) }
    for name in protocols {
        let properties = CampaignTarget.of(protocol: name).first { !$0.isBroken }?.properties ?? []
        lines.append("  \(name): " + properties.joined(separator: ", "))
    }
    lines.append("  every protocol: step-budget (a run that exhausts its event budget)")
    lines.append("")
    lines.append("Fault kinds: " + FaultKind.allCases.map(\.rawValue).joined(separator: ", "))
    lines.append("")
    lines.append("Scenarios (hand-written runs, in the test suites):")
    lines.append("  gms: seed 000, five workers, 5% loss, three leader crashes (GroupyScenarios.lossAndLeaderCrashes); joins")
    lines.append("  raft: seed 002, disconnect the leader and reconnect (RaftScenarios.disconnectLeader); seeds 001/004,")
    lines.append("        a message soup on three servers (messageSoup); seed 003, two sites with the leader killed")
    lines.append("        3 s after every election (leaderKillLoop); Figure 8 on five servers, each network change on")
    lines.append("        its tick (figure8: commit-previous-term loses a committed entry, the correct Raft does not)")
    return lines.joined(separator: "\n")
}
