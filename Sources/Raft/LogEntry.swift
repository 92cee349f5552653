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
