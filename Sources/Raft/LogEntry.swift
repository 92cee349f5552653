import PropCheckSimulator

/// One entry of a Raft log: the term of the leader that created it and what it does.
public struct LogEntry: Hashable, Sendable, CustomStringConvertible {
    /// The term in which a leader appended the entry.
    public var term: Int
    /// What applying the entry does.
    public var command: Command

    /// An entry.
    public init(term: Int, command: Command) {
        self.term = term
        self.command = command
    }

    /// What an entry does when applied.
    public enum Command: Hashable, Sendable, CustomStringConvertible {
        /// The no-op a new leader appends to commit its predecessors' entries.
        case noop
        /// A client's write (or, for a read-through-log client, any operation).
        case client(ClientID, seq: Int, KVOperation)
        /// A new configuration: the voting members, effective as soon as it is appended.
        case configuration([NodeID])

        public var description: String {
            switch self {
            case .noop: "noop"
            case .client(let client, let seq, let operation): "\(client)#\(seq) \(operation)"
            case .configuration(let members): "config {\(members.map(\.description).joined(separator: " "))}"
            }
        }
    }

    public var description: String { "t\(term):\(command)" }
}

/// A Raft log, indexed from 1 as in the paper; index 0 is the empty prefix, term 0.
extension Array where Element == LogEntry {
    /// The term of the entry at `index`; 0 for index 0. Traps outside `0...count`:
    /// reading past either end of a log is a bug in the caller.
    @inlinable public func term(at index: Int) -> Int {
        precondition(index >= 0 && index <= count, "log index \(index) outside 0...\(count)")
        return index == 0 ? 0 : self[index - 1].term
    }

    /// The term of the last entry, 0 when empty.
    @inlinable public var lastTerm: Int { last?.term ?? 0 }

    /// The entry at a 1-based `index`.
    @inlinable public func entry(at index: Int) -> LogEntry { self[index - 1] }
}
