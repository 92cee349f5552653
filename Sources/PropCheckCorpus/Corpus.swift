import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PropCheckEngine

/// The directory of saved counterexamples: one JSON file per distinct minimal
/// failure, named `<protocol>-<variant>-<property>-<hash>.json` after its content,
/// written atomically (a temporary file, then a hard link to the final name, which
/// fails if the name exists), never written twice.
public struct Corpus: Sendable {
    /// Where the files live.
    public var directory: URL

    /// The corpus in `directory` (created on first write).
    public init(directory: URL) { self.directory = directory }

    /// The file name of `entry`: the same minimal failure always gets the same name.
    public static func fileName(for entry: CorpusEntry) -> String {
        var hash = StableHash()
        for part in [entry.protocolName, entry.variant, entry.property, entry.replay] { hash.combine(part); hash.combine([0]) }
        let short = String(String(hash.value, radix: 16).suffix(8))
        return "\(entry.protocolName)-\(entry.variant)-\(entry.property)-\(String(repeating: "0", count: 8 - short.count))\(short).json"
    }

    /// Saves `entry` unless a file with its name exists; returns the file and whether it is new.
    /// The temporary file has a unique name, so parallel writers never clobber each other.
    @discardableResult
    public func save(_ entry: CorpusEntry) throws -> (url: URL, isNew: Bool) {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(Corpus.fileName(for: entry))
        if fileManager.fileExists(atPath: url.path) { return (url, false) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        try encoder.encode(entry).write(to: temporary)
        defer { try? fileManager.removeItem(at: temporary) }
        // link(2) publishes the complete file under its final name atomically and fails
        // if the name is taken, so two writers of the same failure cannot both win
        // (rename would silently replace).
        if link(temporary.path, url.path) == 0 { return (url, true) }
        let failure = errno
        if failure == EEXIST { return (url, false) }
        throw CorpusError(file: url.path, problem: "cannot be written: \(String(cString: strerror(failure)))")
    }

    /// The corpus files in the directory, sorted by name (none if it does not exist).
    public func files() throws -> [URL] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Reads one corpus file; the error names the file and what is wrong with it.
    public static func load(_ url: URL) throws(CorpusError) -> CorpusEntry {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CorpusError(file: url.path, problem: "cannot be read: \(error.localizedDescription)")
        }
        struct Header: Decodable { var format: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw CorpusError(file: url.path, problem: "is not a JSON object (broken or truncated file)")
        }
        guard let format = header.format else { throw CorpusError(file: url.path, problem: "has no 'format' field") }
        guard format == CorpusEntry.currentFormat else {
            throw CorpusError(file: url.path, problem:
                "has format version \(format); this propcheck reads version \(CorpusEntry.currentFormat)")
        }
        do {
            return try JSONDecoder().decode(CorpusEntry.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw CorpusError(file: url.path, problem: "lacks the field '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw CorpusError(file: url.path, problem: "has a wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw CorpusError(file: url.path, problem: "cannot be decoded: \(error)")
        }
    }
}

/// A corpus file that cannot be used: which file, and what is wrong.
public struct CorpusError: Error, CustomStringConvertible, Equatable {
    /// The file's path.
    public var file: String
    /// What is wrong with it.
    public var problem: String

    /// An error about `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file) \(problem)" }
}
