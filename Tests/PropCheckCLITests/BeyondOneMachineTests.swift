import Foundation
import Testing
import PropCheckCorpus
@testable import PropCheckCLI
import PropCheckCampaign

@Suite("Beyond one machine")
struct BeyondOneMachineTests {
    @Test("--shard-env reads a batch runner's 0-based index; a missing or bad one is a usage error")
    func shardFromEnvironment() throws {
        #expect(try CampaignCommand.shard(fromEnvironment: "JOB_COMPLETION_INDEX/4", ["JOB_COMPLETION_INDEX": "0"]) == (1, 4))
        #expect(try CampaignCommand.shard(fromEnvironment: "JOB_COMPLETION_INDEX/4", ["JOB_COMPLETION_INDEX": "3"]) == (4, 4))
        for (text, environment, problem) in [
            ("JOB_COMPLETION_INDEX/4", [:], "is not set"),
            ("JOB_COMPLETION_INDEX/4", ["JOB_COMPLETION_INDEX": "4"], "not a 0-based index below 4"),
            ("JOB_COMPLETION_INDEX/4", ["JOB_COMPLETION_INDEX": "one"], "not a 0-based index"),
            ("JOB_COMPLETION_INDEX", ["JOB_COMPLETION_INDEX": "1"], "expects NAME/N"),
            ("/4", [:], "expects NAME/N"),
        ] as [(String, [String: String], String)] {
            #expect { try CampaignCommand.shard(fromEnvironment: text, environment) } throws: { error in
                "\(error)".contains(problem)
            }
        }
    }

    @Test("--shard-env slices a campaign as --shard does, and not together with it")
    func shardEnvCampaign() async throws {
        setenv("PROPCHECK_TEST_SHARD_INDEX", "1", 1)
        defer { unsetenv("PROPCHECK_TEST_SHARD_INDEX") }
        var words = ["--variant", "gms2", "--iterations", "30", "--shard-env", "PROPCHECK_TEST_SHARD_INDEX/3"]
        var arguments = Arguments(words)
        let command = try CampaignCommand(tool: builtinTool, &arguments)
        #expect(command.options.shard == (2, 3))
        words += ["--shard", "1/3"]
        #expect(await propcheck(words) == .usage)
        #expect(await propcheck(["--shard-env", "PROPCHECK_TEST_UNSET/3"]) == .usage)
    }

    @Test("corpus merge gathers the shards' corpora, replaying each entry; duplicates merge once; bad files exit 2")
    func corpusMerge() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("merge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let one = root.appendingPathComponent("shard1"), two = root.appendingPathComponent("shard2")
        let merged = root.appendingPathComponent("merged")
        #expect(await propcheck(["--variant", "gms2", "--faults", "crash,join", "--corpus", one.path]) == .propertyFailed)
        #expect(await propcheck(["--variant", "gms2", "--faults", "crash,join", "--corpus", two.path]) == .propertyFailed)
        #expect(await propcheck(["--variant", "gms1", "--corpus", two.path]) == .propertyFailed)
        #expect(await propcheck(["corpus", "merge", one.path, two.path, "--into", merged.path]) == .success)
        let files = try Corpus(directory: merged).files().map(\.lastPathComponent)
        #expect(files.count == 2 && files.contains { $0.hasPrefix("gms-gms2-") } && files.contains { $0.hasPrefix("gms-gms1-") })
        // Merging again changes nothing.
        #expect(await propcheck(["corpus", "merge", one.path, "--into", merged.path]) == .success)
        #expect(try Corpus(directory: merged).files().count == 2)
        // A broken file is named and exits 2, but the good entries beside it still merge.
        let bad = root.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try "{\"format\": 1, \"prot".write(to: bad.appendingPathComponent("broken.json"), atomically: true, encoding: .utf8)
        let good = try Corpus(directory: one).files()[0]
        try FileManager.default.copyItem(at: good, to: bad.appendingPathComponent(good.lastPathComponent))
        let fresh = root.appendingPathComponent("fresh")
        #expect(await propcheck(["corpus", "merge", bad.path, "--into", fresh.path]) == .usage)
        #expect(try Corpus(directory: fresh).files().map(\.lastPathComponent) == [good.lastPathComponent])
        // Usage errors.
        #expect(await propcheck(["corpus", "merge", one.path]) == .usage)
        #expect(await propcheck(["corpus", "merge", "--into", merged.path]) == .usage)
        #expect(await propcheck(["corpus", "split", one.path, "--into", merged.path]) == .usage)
        #expect(await propcheck(["corpus", "merge", root.appendingPathComponent("nope").path, "--into", merged.path]) == .usage)
    }
}
