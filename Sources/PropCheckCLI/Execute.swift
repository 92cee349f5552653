import Foundation
import PropCheckCampaign
import PropCheckCorpus
import PropCheckEngine
import PropCheckReport
import PropCheckSimulator

/// Exit codes: 0 nothing failed, 1 a property failed, 2 bad usage or input, 3 internal error.
enum ExitCode: Int32 {
    case success = 0, propertyFailed = 1, usage = 2, internalError = 3
}

extension PropCheckTool {
    /// Runs the command line `words` (without the program name) and says how it ended.
    func execute(_ words: [String]) async -> ExitCode {
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
                    for variant in variants where !registry.targets.contains(where: { $0.isBroken && ($0.name == variant || $0.variant == variant) }) {
                        throw UsageError("--variant: no broken variant '\(variant)'; see '\(name) list'")
                    }
                    let zoo = ZooBenchmark(tool: self, seeds: seedsOption ?? (quick ? 3 : 20),
                                           iterations: iterations, jobs: jobs, variants: variants)
                    let rows = try await zoo.run()
                    print(format == "json" ? try encodeJSON(rows) : ZooBenchmark.render(rows, iterations: iterations))
                    return .success
                }
                let protocolName = try arguments.choice("--protocol", from: registry.protocols + ["all"]) ?? "all"
                try arguments.finish()
                if let challenge, ShrinkChallengeCatalogue.names.contains(challenge) == false {
                    throw UsageError("--challenge: no challenge named '\(challenge)'; known: \(ShrinkChallengeCatalogue.names.joined(separator: ", "))")
                }
                let engine = await EngineBenchmark(seeds: seeds, cases: cases, challenge: challenge).run()
                let sections = try benchmarks.map { benchmark in (benchmark.name, try benchmark.measure(quick)) }
                let targets = registry.targets.filter { !$0.isBroken && (protocolName == "all" || $0.protocolName == protocolName) }
                let campaigns = try await CampaignBenchmark(
                    tool: self, iterations: quick ? 1_000 : 10_000, targets: targets,
                    memoryIterations: protocolName != "all" ? [] : quick ? [1_000] : [1_000, 10_000, 100_000],
                    cores: ProcessInfo.processInfo.activeProcessorCount).run()
                if format == "json" {
                    print(try encodeJSON(BenchmarkReport(engine: engine, sections: sections.map { ($0.0, $0.1.json) },
                                                         campaigns: campaigns)))
                } else {
                    print(([EngineBenchmark.render(engine)] + sections.map(\.1.text) + [CampaignBenchmark.render(campaigns)])
                        .joined(separator: "\n\n"))
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
                return try await ZooCommand(tool: self, iterations: iterations, seed: seed, jobs: jobs, json: json).run()
            case "list":
                try arguments.finish()
                print(listing())
                return .success
            case "replay":
                let trace = try arguments.choice("--trace", from: registry.traceNames)
                let timeline = try arguments.timelineOptions(nodesOption: "--nodes")
                let determinism = arguments.flag("--check-determinism")
                let asTest = arguments.flag("--as-test")
                var files: [String] = []
                while let file = arguments.subcommand() { files.append(file) }
                try arguments.finish()
                guard !files.isEmpty else { throw UsageError("replay needs at least one corpus file") }
                if trace != "timeline" && timeline != TimelineOptions() {
                    throw UsageError("--width and --nodes shape '--trace timeline'; give that too")
                }
                return try ReplayCommand(tool: self, files: files, trace: trace, timeline: timeline, asTest: asTest,
                                         checkDeterminism: determinism).run()
            case "corpus":
                guard arguments.subcommand() == "merge" else { throw UsageError("corpus: the only action is 'merge'") }
                guard let into = try arguments.value("--into") else { throw UsageError("corpus merge needs --into DIR") }
                var sources: [String] = []
                while let source = arguments.subcommand() { sources.append(source) }
                try arguments.finish()
                guard !sources.isEmpty else { throw UsageError("corpus merge needs at least one corpus directory") }
                return try CorpusMergeCommand(tool: self, sources: sources, destination: into).run()
            case "report":
                let output = try arguments.value("--output") ?? "reports"
                let options = HTMLReport.Options(fold: !arguments.flag("--unfolded"), causeOnly: arguments.flag("--cause-only"))
                var files: [String] = []
                while let file = arguments.subcommand() { files.append(file) }
                try arguments.finish()
                guard !files.isEmpty else { throw UsageError("report needs at least one corpus file") }
                return try ReportCommand(tool: self, files: files, output: output, options: options).run()
            case nil:
                let command = try CampaignCommand(tool: self, &arguments)
                try arguments.finish()
                return try await command.run()
            case let other?:
                throw UsageError("unknown subcommand '\(other)'")
            }
        } catch let error as UsageError {
            printError("\(name): \(error)\nRun '\(name) --help' for usage.")
            return .usage
        } catch let error as InputError {
            printError("\(name): \(error)")
            return .usage
        } catch {
            printError("\(name): internal error: \(error)")
            return .internalError
        }
    }
}

/// Everything `propcheck bench` measured, for `--format json`.
struct BenchmarkReport: Encodable {
    var engine: EngineBenchmark.Report
    /// The tool's own sections, by name (the built-in tool's `simulator`).
    var sections: [(String, JSONValue)]
    var campaigns: CampaignBenchmark.Report

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(engine, forKey: Key(stringValue: "engine"))
        for (name, value) in sections { try container.encode(value, forKey: Key(stringValue: name)) }
        try container.encode(campaigns, forKey: Key(stringValue: "campaigns"))
    }
}

extension PropCheckTool {
    /// `propcheck list`.
    func listing() -> String {
        var lines = ["Protocols and variants (✗ = known broken, found by its campaign):"]
        let width = registry.targets.map(\.name.count).max() ?? 20
        for target in registry.targets {
            lines.append("  \(target.isBroken ? "✗" : " ") \(rightPad(target.name, width)) \(target.summary)")
        }
        lines.append("")
        lines.append("Properties:")
        for protocolName in registry.protocols {
            let targets = registry.of(protocol: protocolName)
            let properties = (targets.first { !$0.isBroken } ?? targets[0]).properties
            lines.append("  \(protocolName): " + properties.joined(separator: ", "))
        }
        lines.append("  every protocol: step-budget (a run that exhausts its event budget)")
        lines.append("")
        lines.append("Fault kinds: " + FaultKind.allCases.map(\.rawValue).joined(separator: ", "))
        if let listingNotes {
            lines.append("")
            lines.append(listingNotes)
        }
        return lines.joined(separator: "\n")
    }
}
