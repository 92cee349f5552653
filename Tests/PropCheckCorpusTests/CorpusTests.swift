import Foundation
import Testing
import PropCheckCorpus

@Suite("Corpus files")
struct CorpusTests {
    static func entry(property: String = "no-gaps", replay: String = "pc1:1:0.1.2") -> CorpusEntry {
        CorpusEntry(protocolName: "gms", variant: "gms3", property: property, message: "n3 lost a message", kind: "safety",
                    faults: ["loss"], swarm: "swarm: loss 3%", schedule: ["request n1 1"], replay: replay,
                    shrink: .init(calls: 10, originalSteps: 5, shrunkSteps: 1, originalChoices: 30, shrunkChoices: 3),
                    trace: ["[0] t=0 n1 start"])
    }

    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("corpus-test-\(UUID().uuidString)")
    }

    @Test("an entry is saved under a content-derived name, read back equal, and never written twice")
    func saveAndLoad() throws {
        let corpus = Corpus(directory: temporaryDirectory())
        let (url, isNew) = try corpus.save(Self.entry())
        #expect(isNew)
        #expect(url.lastPathComponent.hasPrefix("gms-gms3-no-gaps-") && url.pathExtension == "json")
        #expect(try Corpus.load(url) == Self.entry())
        let again = try corpus.save(Self.entry())
        #expect(!again.isNew && again.url == url)
        _ = try corpus.save(Self.entry(replay: "pc1:1:0.1.3"))
        #expect(try corpus.files().count == 2, "a different failure gets a file of its own")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("\"protocol\" : \"gms\"") && text.contains("\"format\" : 1"))
    }

    @Test("concurrent writers of the same failure leave one intact file")
    func concurrentWriters() async throws {
        let corpus = Corpus(directory: temporaryDirectory())
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { (try? corpus.save(Self.entry()).isNew) ?? false } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        let files = try corpus.files()
        #expect(files.count == 1)
        #expect(try Corpus.load(files[0]) == Self.entry())
    }

    @Test("a broken or foreign file is an error that names the file and the problem", arguments: [
        ("{\"format\": 1, \"protocol\"", "is not a JSON object (broken or truncated file)"),
        ("{\"format\": 7}", "has format version 7; this propcheck reads version 1"),
        ("{\"protocol\": \"gms\"}", "has no 'format' field"),
        ("{\"format\": 1, \"protocol\": \"gms\"}", "lacks the field 'variant'"),
        ("{\"format\": \"1\"}", "has a 'format' of the wrong type: it must be an integer"),
        ("[1, 2]", "is not a JSON object (broken or truncated file)"),
    ])
    func badFiles(content: String, problem: String) throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("bad.json")
        try content.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: CorpusError(file: url.path, problem: problem)) { try Corpus.load(url) }
    }

    @Test("a directory, a FIFO or a missing path is named for what it is, never read as a file")
    func notFiles() throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub.json"), withIntermediateDirectories: true)
        #expect(throws: CorpusError(file: directory.appendingPathComponent("sub.json").path,
                                    problem: "is a directory, not a corpus file")) {
            try Corpus.load(directory.appendingPathComponent("sub.json"))
        }
        let fifo = directory.appendingPathComponent("fifo.json")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(throws: CorpusError(file: fifo.path, problem: "is not a regular file (a FIFO, socket or device), not a corpus file")) {
            try Corpus.load(fifo)
        }
        let missing = directory.appendingPathComponent("missing.json")
        #expect(throws: CorpusError(file: missing.path, problem: "cannot be read: No such file or directory")) {
            try Corpus.load(missing)
        }
    }
}
