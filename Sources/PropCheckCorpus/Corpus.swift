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

    /// Saves `entry` unless a file with its name holds it already; returns the file and
    /// whether it is new. The temporary file has a unique name, so parallel writers never
    /// clobber each other, and it is removed whatever happens. A corrupt file at the name
    /// (a truncated write of an earlier run) is replaced, atomically. Every failure is a
    /// ``CorpusError`` naming the path and the cause.
    @discardableResult
    public func save(_ entry: CorpusEntry) throws(CorpusError) -> (url: URL, isNew: Bool) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CorpusError(file: directory.path, problem: "is not a directory, so no corpus entry can be saved in it")
        }
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CorpusError(file: directory.path, problem: "cannot be created as the corpus directory: \(Corpus.cause(of: error))")
        }
        removeStaleTemporaries()
        let url = directory.appendingPathComponent(Corpus.fileName(for: entry))
        let corruptAtName = fileManager.fileExists(atPath: url.path) && (try? Corpus.load(url)) == nil
        if fileManager.fileExists(atPath: url.path) && !corruptAtName { return (url, false) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        // Registered before the write: a write that fails half-way (a full disk) leaves nothing.
        defer { try? fileManager.removeItem(at: temporary) }
        do {
            try encoder.encode(entry).write(to: temporary)
        } catch {
            throw CorpusError(file: url.path, problem: "cannot be written: \(Corpus.cause(of: error))")
        }
        if corruptAtName {
            // rename(2) replaces the corrupt file whole: readers see the old file or the new one.
            guard rename(temporary.path, url.path) == 0 else {
                throw CorpusError(file: url.path, problem: "is corrupt and cannot be replaced: \(String(cString: strerror(errno)))")
            }
            return (url, true)
        }
        // link(2) publishes the complete file under its final name atomically and fails
        // if the name is taken, so two writers of the same failure cannot both win
        // (rename would silently replace).
        if link(temporary.path, url.path) == 0 { return (url, true) }
        let failure = errno
        if failure == EEXIST { return (url, false) }
        throw CorpusError(file: url.path, problem: "cannot be written: \(String(cString: strerror(failure)))")
    }

    /// Temporary files older than this are left from a writer that died (kill -9, a full
    /// disk): removed. Younger ones may belong to a writer still at work.
    public static let staleTemporaryAge: TimeInterval = 600

    /// Removes the temporary files of writers that died.
    func removeStaleTemporaries() {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory.path) else { return }
        let now = Date()
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let path = directory.appendingPathComponent(name).path
            if let modified = (try? fileManager.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
               now.timeIntervalSince(modified) > Corpus.staleTemporaryAge {
                try? fileManager.removeItem(atPath: path)
            }
        }
    }

    /// A Foundation error as people read it: the POSIX cause when there is one, not the
    /// domain and code.
    static func cause(of error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        return error.localizedDescription
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
        // What the path is, first: reading a FIFO would block, a directory is no file.
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            throw CorpusError(file: url.path, problem: "cannot be read: \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            let kind = (status.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file (a FIFO, socket or device)"
            throw CorpusError(file: url.path, problem: "is \(kind), not a corpus file")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CorpusError(file: url.path, problem: "cannot be read: \(cause(of: error))")
        }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw CorpusError(file: url.path, problem: "is not a JSON object (broken or truncated file)")
        }
        struct Header: Decodable { var format: Int? }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: data) } catch {
            throw CorpusError(file: url.path, problem: "has a 'format' of the wrong type: it must be an integer")
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
