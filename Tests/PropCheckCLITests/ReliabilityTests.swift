import Foundation
import Testing
import PropCheckCorpus
@testable import PropCheckCLI
import PropCheckCampaign

/// Runs the built propcheck in a child process and captures what it printed.
func runPropcheck(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Isolation.locate())
    process.arguments = arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, out, err)
}

/// A scratch directory, removed by the caller.
func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("reliability-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The gms2 entry of the project's corpus.
func gms2EntryFile() throws -> URL {
    let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpus")
    return try #require(try Corpus(directory: corpus).files().first { $0.lastPathComponent.hasPrefix("gms-gms2-") })
}

/// The gms2 corpus entry as a JSON object, to corrupt.
func gms2Entry() throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: gms2EntryFile())) as? [String: Any])
}

func write(_ object: [String: Any], to url: URL) throws {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
}

@Suite("Reliability: nothing found is lost, no input crashes the tool")
struct ReliabilityTests {
    @Test("a corpus that cannot be written: the failure is printed in full first, then the error naming the path; exit 2, no temporary left")
    func corpusWriteError() throws {
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("not-a-directory")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let run = try runPropcheck(["--variant", "gms2", "--faults", "crash,join", "--corpus", file.path])
        #expect(run.status == 2)
        #expect(run.output.contains("FAILED no-gaps") && run.output.contains("replay: pc1:"), "\(run.output)")
        #expect(run.output.contains("NOT SAVED"))
        #expect(run.errors.contains(file.path) && run.errors.contains("is not a directory"), "\(run.errors)")
        #expect(!run.errors.contains("NSCocoaErrorDomain"))
        let json = try runPropcheck(["--variant", "gms2", "--faults", "crash,join", "--corpus", file.path, "--format", "json"])
        #expect(json.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["failures"] as? [Any])?.count == 1)
        #expect(((object["errors"] as? [String]) ?? []).contains { $0.contains(file.path) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["not-a-directory"])
    }

    @Test("an --html that cannot be written names --html, after the failure is printed and saved")
    func htmlWriteError() throws {
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let blocker = root.appendingPathComponent("html")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let run = try runPropcheck(["--variant", "gms2", "--faults", "crash,join", "--corpus", root.appendingPathComponent("c").path,
                                    "--html", blocker.path])
        #expect(run.status == 2)
        #expect(run.output.contains("FAILED no-gaps") && run.output.contains("saved to"))
        #expect(run.errors.contains("--html \(blocker.path)") && !run.errors.contains("--output"), "\(run.errors)")
    }

    @Test("a corrupt file at the name a campaign writes is replaced, not trusted; a write failure leaves no temporary")
    func corruptFileAtName() throws {
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = Corpus(directory: root)
        var entry = try Corpus.load(try gms2EntryFile())
        entry.message = "as saved"
        let url = root.appendingPathComponent(Corpus.fileName(for: entry))
        try "{\"format\": 1, \"prot".write(to: url, atomically: true, encoding: .utf8)
        let (saved, isNew) = try corpus.save(entry)
        #expect(saved == url && isNew)
        #expect(try Corpus.load(url).message == "as saved")
        // A good file at the name is kept.
        #expect(try corpus.save(entry).isNew == false)
        // Stale temporaries of a writer that died are removed on the next save.
        let stale = root.appendingPathComponent(".\(url.lastPathComponent).DEAD.tmp")
        try "partial".write(to: stale, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: stale.path)
        let fresh = root.appendingPathComponent(".other.json.LIVE.tmp")
        try "in progress".write(to: fresh, atomically: true, encoding: .utf8)
        entry.replay = "pc1:1:0"
        _ = try corpus.save(entry)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: fresh.path), "a young temporary may be another writer's")
    }

    @Test("entry fields are range-checked as the CLI's options are: nodes, checkedProperty, the plan's swarm options; exit 2 naming the file")
    func entryFieldsChecked() async throws {
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var cases: [(String, [String: Any], String)] = []
        for nodes in [100_000, 33, 0, -3] {
            var entry = try gms2Entry()
            entry["nodes"] = nodes
            cases.append(("nodes\(nodes)", entry, "'nodes' \(nodes)"))
        }
        var unknownProperty = try gms2Entry()
        unknownProperty["checkedProperty"] = "no-such-property"
        cases.append(("property", unknownProperty, "'checkedProperty' 'no-such-property'"))
        for (field, value) in [("duplicationPercent", -5), ("lossPercent", 101), ("maxExtraDelayTicks", -1)] {
            var entry = try gms2Entry()
            var plan = try #require(entry["plan"] as? [String: Any])
            var options = try #require(plan["options"] as? [String: Any])
            options[field] = value
            options["lossPercent"] = field == "lossPercent" ? value : 10
            plan["options"] = options
            entry["plan"] = plan
            entry["replay"] = "pc1:1:5.5.5"  // diverged, so the plan is run
            cases.append((field, entry, field))
        }
        for (name, entry, problem) in cases {
            let file = root.appendingPathComponent("\(name).json")
            try write(entry, to: file)
            for command in [["replay", file.path], ["report", file.path, "--output", root.path]] {
                let run = try runPropcheck(command)
                #expect(run.status == 2, "\(name) \(command[0]): exit \(run.status)\n\(run.errors)")
                #expect(run.errors.contains(file.path) && run.errors.contains(problem), "\(name): \(run.errors)")
            }
        }
    }

    @Test("replay --as-test escapes whatever a corpus file holds: one test function, no code from the file")
    func asTestEscapes() throws {
        var entry = try Corpus.load(try gms2EntryFile())
        let injection = "x\n}\n@Test func evil() { system(\"rm -rf /\") }\n//"
        entry.message = injection
        entry.schedule = ["wait 1\r\n@Test func evil2() {}"]
        entry.property = "p\") ; evil() ; (\""
        entry.checkedProperty = "q\\\"\u{1B}[31m"
        entry.replay = "pc1:1:0\")"
        let text = regressionTest(entry, file: "/tmp/x\u{202E}y.json", tool: builtinTool)
        let declarations = text.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("@Test") }
        #expect(declarations.count == 1, "\(text)")
        // Every line is a comment, the declaration, or one of the four statements.
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            #expect(trimmed.hasPrefix("//") || trimmed.hasPrefix("@Test func ") || trimmed.hasPrefix("let ")
                    || trimmed.hasPrefix("#expect(") || trimmed == "}", "unexpected line: \(line)")
        }
        #expect(text.contains(#"#expect(result.violation?.property == "p\") ; evil() ; (\"")"#))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0 == "\r" })
    }

    @Test("control characters from a corpus file reach neither the terminal nor the HTML raw")
    func controlCharactersEscaped() throws {
        #expect(VisibleText.escaped("a\u{1B}]0;title\u{07}b\u{0}c\u{202E}d") == #"a\u{1B}]0;title\u{7}b\u{0}c\u{202E}d"#)
        #expect(VisibleText.escaped("line\nnext\ttab", keepingLineBreaks: true) == "line\nnext\ttab")
        #expect(VisibleText.swiftLiteral("a\"b\\c\n") == #""a\"b\\c\u{A}""#)
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var entry = try gms2Entry()
        entry["message"] = "evil \u{1B}[2J\u{202E} message"
        let file = root.appendingPathComponent("hostile.json")
        try write(entry, to: file)
        let report = try runPropcheck(["report", file.path, "--output", root.path])
        #expect(report.status == 0, "\(report.errors)")
        let page = try String(contentsOf: root.appendingPathComponent("hostile.html"), encoding: .utf8)
        #expect(!page.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        #expect(page.contains(#"evil \u{1B}[2J\u{202E} message"#))
    }

    @Test("replay reports each bad file and replays the good ones; --check-determinism is never silently ignored")
    func replayEveryFile() throws {
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let broken = root.appendingPathComponent("broken.json")
        try "{\"format\": 1, \"prot".write(to: broken, atomically: true, encoding: .utf8)
        let good = root.appendingPathComponent("good.json")
        try write(try gms2Entry(), to: good)
        let run = try runPropcheck(["replay", broken.path, good.path])
        #expect(run.status == 2)
        #expect(run.output.contains("still fails: no-gaps"), "the good file after the bad one is replayed")
        #expect(run.errors.contains(broken.path))
        #expect(try runPropcheck(["replay", good.path, "--as-test", "--check-determinism"]).status == 2)
        // A trapping variant's entry is checked in two child processes.
        let trap = try runPropcheck(["--variant", "trap", "--iterations", "40", "--corpus", root.appendingPathComponent("c").path])
        #expect(trap.status == 1)
        let entry = try #require(try Corpus(directory: root.appendingPathComponent("c")).files().first)
        let determinism = try runPropcheck(["replay", entry.path, "--check-determinism"])
        #expect(determinism.status == 1 && determinism.output.contains("deterministic over"), "\(determinism.output)")
    }
}
