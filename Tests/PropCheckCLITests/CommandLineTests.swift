import Foundation
import Testing
import PropCheckCorpus
@testable import PropCheckCLI
import BuiltinTargets
import PropCheckCampaign

/// The command line as a user meets it: bad usage and bad files exit 2 with a message.
@Suite("Command line")
struct CommandLineTests {
    @Test("argument errors exit 2", arguments: [
        ["--bogus"], ["--iterations", "-1"], ["--iterations", "many"], ["--shard", "5/4"], ["--shard", "1"],
        ["--seed", "xyz"], ["--variant", "nope"], ["--faults", "crash,meteor"], ["--protocol", "paxos"],
        ["--jobs", "0"], ["replay"], ["report"], ["frobnicate"], ["bench", "--challenge", "nope"], ["bench", "--protocol", "nope"], ["bench", "--zoo", "--variant", "nope"], ["zoo", "--iterations", "0"],
        ["replay", "x.json", "--trace", "timeline", "--width", "5"], ["replay", "x.json", "--trace", "timeline", "--nodes", "n1,bogus"],
        ["replay", "x.json", "--trace", "timeline", "--nodes", "n0"], ["replay", "x.json", "--width", "80"],
        ["--width", "80"], ["report", "x.json", "--fold"],
    ])
    func usageErrors(words: [String]) async {
        #expect(await propcheck(words) == .usage)
    }

    @Test("a missing, corrupt or foreign corpus file exits 2")
    func badCorpusFiles() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let corrupt = directory.appendingPathComponent("corrupt.json")
        try "{\"format\": 1, \"prot".write(to: corrupt, atomically: true, encoding: .utf8)
        let future = directory.appendingPathComponent("future.json")
        try "{\"format\": 9}".write(to: future, atomically: true, encoding: .utf8)
        #expect(await propcheck(["replay", directory.appendingPathComponent("missing.json").path]) == .usage)
        #expect(await propcheck(["replay", corrupt.path]) == .usage)
        #expect(await propcheck(["replay", future.path]) == .usage)
        #expect(await propcheck(["report", corrupt.path, "--output", directory.path]) == .usage)
    }

    @Test("report writes one page per corpus file; a campaign with --html writes one per failure")
    func reports() async throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpus")
        let files = try Corpus(directory: corpus).files().filter {
            $0.lastPathComponent.hasPrefix("gms-gms2-") || $0.lastPathComponent.hasPrefix("raft-apply-twice-linearizability-4e5a")
        }
        #expect(files.count == 2)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
        #expect(await propcheck(["report"] + files.map(\.path) + ["--output", output.path]) == .success)
        let pages = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(pages == files.map { $0.deletingPathExtension().lastPathComponent + ".html" }.sorted())
        let campaignCorpus = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        let html = output.appendingPathComponent("campaign")
        #expect(await propcheck(["--variant", "gms2", "--faults", "crash,join", "--corpus", campaignCorpus.path,
                                 "--html", html.path]) == .propertyFailed)
        let page = try #require(try FileManager.default.contentsOfDirectory(atPath: html.path).first)
        #expect(page.hasPrefix("gms-gms2-") && page.hasSuffix(".html"))
    }

    @Test("replay draws the timeline of the nodes and in the width asked for; a node the run lacks is bad input")
    func timelineOptions() async throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpus")
        let file = try #require(try Corpus(directory: corpus).files().first { $0.lastPathComponent.hasPrefix("gms-gms2-") })
        #expect(await propcheck(["replay", file.path, "--trace", "timeline", "--width", "60", "--nodes", "n1,3"]) == .propertyFailed)
        #expect(await propcheck(["replay", file.path, "--trace", "timeline", "--nodes", "n9"]) == .usage)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cause-\(UUID().uuidString)")
        #expect(await propcheck(["report", file.path, "--cause-only", "--unfolded", "--output", output.path]) == .success)
        let page = try String(contentsOf: output.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".html"),
                              encoding: .utf8)
        #expect(!page.contains("<details class=\"fold\">") && !page.contains("id=\"cause-only\""),
                "drawn unfolded, and only the causal past: no switch to hide the rest")
    }

    @Test("a corpus file of a broken variant replays and still fails: exit 1")
    func replayStillFails() async throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpus")
        let file = try #require(try Corpus(directory: corpus).files().first { $0.lastPathComponent.hasPrefix("gms-gms2-") })
        #expect(await propcheck(["replay", file.path, "--check-determinism"]) == .propertyFailed)
    }

    @Test("a stale corpus file (its choices no longer draw its run) replays its recorded plan and still fails: exit 1; a broken plan or an unknown fault kind: exit 2")
    func replayStaleFile() async throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpus")
        let file = try #require(try Corpus(directory: corpus).files().first { $0.lastPathComponent.hasPrefix("gms-gms2-") })
        var entry = try Corpus.load(file)
        entry.swarm = "swarm: partitions"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        let (stale, _) = try Corpus(directory: directory).save(entry)
        #expect(await propcheck(["replay", stale.path, "--check-determinism"]) == .propertyFailed)
        let pages = directory.appendingPathComponent("pages")
        #expect(await propcheck(["report", stale.path, "--output", pages.path]) == .success)
        let page = try String(contentsOf: pages.appendingPathComponent(stale.deletingPathExtension().lastPathComponent + ".html"),
                              encoding: .utf8)
        #expect(page.contains("<strong>Warning:</strong> this entry&#39;s choices no longer draw the run it recorded"))
        let plan = try #require(entry.plan)
        entry.plan = nil
        let (planless, _) = try Corpus(directory: directory.appendingPathComponent("planless")).save(entry)
        #expect(await propcheck(["replay", planless.path]) == .propertyFailed)
        // A plan that is not a schedule of the variant's is bad input, not an internal error.
        entry.plan = .init(options: plan.options, schedule: .string("crash everything"), planChoices: plan.planChoices)
        let (broken, _) = try Corpus(directory: directory.appendingPathComponent("broken")).save(entry)
        #expect(await propcheck(["replay", broken.path]) == .usage)
        entry.faults.append("meteor")
        let (foreign, _) = try Corpus(directory: directory.appendingPathComponent("foreign")).save(entry)
        #expect(await propcheck(["replay", foreign.path]) == .usage)
    }

    @Test("--as-test writes a test that replays under the campaign's settings; a trapping variant gets a comment")
    func pastedTests() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpus")
        let file = try #require(try Corpus(directory: corpus).files().first { $0.lastPathComponent.hasPrefix("gms-gms2-") })
        var entry = try Corpus.load(file)
        entry.nodes = 7
        entry.checkedProperty = "no-gaps"
        let text = regressionTest(entry, file: file.path, tool: builtinTool)
        #expect(text.contains("RunSettings(faults: [.crash, .join], nodes: 7, property: \"no-gaps\")"))
        #expect(text.contains("#expect(result.violation?.property == \"no-gaps\")"))
        let trap = regressionTest(entry, file: file.path, traps: true, tool: builtinTool)
        #expect(!trap.contains("@Test") && trap.contains("propcheck replay"))
    }

    @Test("a small campaign of the correct variants passes; a broken variant fails and is saved")
    func campaigns() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        #expect(await propcheck(["--iterations", "20", "--corpus", directory.path]) == .success)
        #expect(await propcheck(["--variant", "gms2", "--faults", "crash,join", "--corpus", directory.path]) == .propertyFailed)
        let saved = try Corpus(directory: directory).files()
        #expect(saved.count == 1 && saved[0].lastPathComponent.hasPrefix("gms-gms2-"))
        #expect(try Corpus.load(saved[0]).schedule.count == 1)
    }
}

@Suite("Crash isolation")
struct IsolationTests {
    @Test("a variant that traps is caught in a child process, shrunk, saved, and the campaign goes on")
    func trapIsCaught() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        #expect(await propcheck(["--variant", "trap", "--iterations", "40", "--corpus", directory.path]) == .propertyFailed)
        let saved = try Corpus(directory: directory).files()
        let entry = try Corpus.load(try #require(saved.first))
        #expect(entry.property == "trap" && entry.message.contains("signal"))
        #expect(entry.shrink.shrunkChoices < entry.shrink.originalChoices)
        #expect(await propcheck(["replay", saved[0].path]) == .propertyFailed, "replay isolates it too")
    }
}

@Suite("Interrupted campaigns")
struct InterruptedCampaignTests {
    @Test("killing a campaign once a failure is reported leaves its corpus file complete")
    func killAfterReport() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Isolation.locate())
        process.arguments = ["--protocol", "all", "--variant", "gms2", "--faults", "crash,join", "--iterations", "100000",
                             "--corpus", directory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("saved to"), process.isRunning || !text.isEmpty {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(text.contains("saved to"))
        let files = try Corpus(directory: directory).files()
        #expect(files.count == 1)
        #expect(try Corpus.load(try #require(files.first)).variant == "gms2")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}

@Suite("JSON output")
struct JSONOutputTests {
    @Test("--format json prints one object with the figures a CI job reads, peak memory included")
    func campaignSummary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Isolation.locate())
        process.arguments = ["--protocol", "pingpong", "--variant", "pingpong", "--iterations", "50", "--jobs", "1",
                             "--corpus", directory.path, "--format", "json"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["iterations"] as? Int == 50)
        #expect((object["failures"] as? [Any])?.isEmpty == true)
        #expect((object["schedulesPerSecond"] as? Int ?? 0) > 0 && (object["eventsPerSecond"] as? Int ?? 0) > 0)
        #expect((object["peakMemoryBytes"] as? Int ?? 0) > 1_000_000)
        #expect(object["seed"] as? String == "5eed")
    }
}

@Suite("Help")
struct HelpTests {
    @Test("--help works for the command and each subcommand", arguments: [[], ["list"], ["replay"], ["report"], ["corpus"], ["zoo"], ["bench"]])
    func help(words: [String]) async {
        #expect(await propcheck(words + ["--help"]) == .success)
        #expect(words.isEmpty || builtinTool.subcommandUsage[words[0]] != nil)
    }
}

/// The shipped tool over the built-in targets (without the simulator benchmark).
let builtinTool = PropCheckTool(registry: BuiltinTargets.registry)

/// Runs `words` as `propcheck` would.
func propcheck(_ words: [String]) async -> ExitCode {
    await builtinTool.execute(words)
}
