/// A Raft log, indexed from 1 as in the paper (index 0 is the empty prefix, term 0),
/// stored as a value whose copies share their storage in chunks.
///
/// A server hands its log to the simulator at every persist, and then appends to
/// it. With an array that append copies the whole log (copy on write), which made
/// a run quadratic in its log's length; here it copies the last chunk and the list
/// of chunks only. As a collection it is zero-based, like the array it replaces
/// (`log[0]` is the entry at index 1); ``term(at:)`` and ``entry(at:)`` take the
/// paper's 1-based indices.
public struct RaftLog: Sendable {
    /// Entries per chunk.
    @usableFromInline static var chunkCapacity: Int { 64 }

    /// A run of up to `chunkCapacity` entries. Mutated in place only while one log
    /// holds it (checked before every write), so sharing one across threads is safe.
    @usableFromInline
    final class Chunk: @unchecked Sendable {
        // Written only by the one log that holds the chunk (see `makeUnique`): the
        // dynamic exclusivity check on every read cost more than the read.
        @usableFromInline @exclusivity(unchecked) var entries: [LogEntry]

        @usableFromInline init(_ entries: [LogEntry]) {
            self.entries = entries
            self.entries.reserveCapacity(RaftLog.chunkCapacity)
        }
    }

    @usableFromInline var chunks: [Chunk] = []
    /// How many entries the log holds.
    public private(set) var count = 0

    /// An empty log.
    public init() {}

    /// A log holding `entries`, in order.
    public init(_ entries: some Sequence<LogEntry>) {
        for entry in entries { append(entry) }
    }

    /// Appends `entry` at the end.
    public mutating func append(_ entry: LogEntry) {
        if count % Self.chunkCapacity == 0 {
            chunks.append(Chunk([entry]))
        } else {
            let last = chunks.count - 1
            makeUnique(last)
            chunks[last].entries.append(entry)
        }
        count += 1
    }

    /// Keeps the first `length` entries and drops the rest.
    public mutating func truncate(to length: Int) {
        precondition(length >= 0 && length <= count, "cannot truncate a log of \(count) entries to \(length)")
        let kept = (length + Self.chunkCapacity - 1) / Self.chunkCapacity
        chunks.removeSubrange(kept...)
        if length % Self.chunkCapacity != 0 {
            makeUnique(kept - 1)
            chunks[kept - 1].entries.removeSubrange((length % Self.chunkCapacity)...)
        }
        count = length
    }

    /// The term of the entry at 1-based `index`; 0 for index 0. Traps outside
    /// `0...count`: reading past either end of a log is a bug in the caller.
    @inlinable public func term(at index: Int) -> Int {
        precondition(index >= 0 && index <= count, "log index \(index) outside 0...\(count)")
        return index == 0 ? 0 : self[index - 1].term
    }

    /// The term of the last entry, 0 when empty.
    @inlinable public var lastTerm: Int { last?.term ?? 0 }

    /// The entry at a 1-based `index`.
    @inlinable public func entry(at index: Int) -> LogEntry { self[index - 1] }

    @usableFromInline mutating func makeUnique(_ chunk: Int) {
        if !isKnownUniquelyReferenced(&chunks[chunk]) { chunks[chunk] = Chunk(chunks[chunk].entries) }
    }
}

extension RaftLog: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inlinable public subscript(position: Int) -> LogEntry {
        get {
            precondition(position >= 0 && position < count, "log position \(position) outside 0..<\(count)")
            return chunks[position / Self.chunkCapacity].entries[position % Self.chunkCapacity]
        }
        set {
            precondition(position >= 0 && position < count, "log position \(position) outside 0..<\(count)")
            makeUnique(position / Self.chunkCapacity)
            chunks[position / Self.chunkCapacity].entries[position % Self.chunkCapacity] = newValue
        }
    }
}

extension RaftLog: Hashable {
    /// Compares chunk by chunk, skipping the chunks the two share: a log and an earlier
    /// copy of it differ in their last chunks at most, so this costs what changed.
    public static func == (a: RaftLog, b: RaftLog) -> Bool {
        a.count == b.count && a.commonPrefixCount(with: b) == a.count
    }

    /// How many entries, from the first, `self` and `other` hold alike: the index after
    /// which they first differ. Chunks the two share are skipped without reading them.
    public func commonPrefixCount(with other: RaftLog) -> Int {
        let limit = Swift.min(count, other.count)
        var common = 0
        for (mine, theirs) in zip(chunks, other.chunks) where common < limit {
            if mine === theirs {
                common = Swift.min(common + mine.entries.count, limit)
                continue
            }
            for (x, y) in zip(mine.entries, theirs.entries) {
                guard common < limit, x == y else { return common }
                common += 1
            }
            if mine.entries.count != theirs.entries.count { return common }
        }
        return common
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for entry in self { hasher.combine(entry) }
    }
}

extension RaftLog: ExpressibleByArrayLiteral {
    public init(arrayLiteral entries: LogEntry...) { self.init(entries) }
}

extension RaftLog: CustomStringConvertible {
    /// `[t1:noop, t2:put k0=7]`, as an array of the entries would print.
    public var description: String { "[" + map(\.description).joined(separator: ", ") + "]" }
}
