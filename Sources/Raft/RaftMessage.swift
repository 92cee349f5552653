import PropCheckSimulator

/// What Raft servers, and the clients they host, send each other.
public enum RaftMessage: SimulatedMessage, Hashable {
    /// A candidate asks for a vote (§5.2), with its log's last index and term (§5.4.1).
    case requestVote(term: Int, lastLogIndex: Int, lastLogTerm: Int)
    /// The answer to a vote request.
    case vote(term: Int, granted: Bool)
    /// Log replication and heartbeat (§5.3).
    case appendEntries(AppendEntries)
    /// The answer to AppendEntries: on success, the index up to which the follower's
    /// log now matches the leader's; on failure, where the leader should retry from.
    case appendReply(term: Int, success: Bool, index: Int, round: Int)
    /// A client's request, sent to the server it thinks leads.
    case clientRequest(ClientID, seq: Int, KVRequest)
    /// The leader's answer to a client.
    case clientReply(ClientID, seq: Int, KVResult)
    /// Not the leader: try `leader` (nil when unknown).
    case redirect(ClientID, seq: Int, leader: NodeID?)
    /// A new server asks to be added to the configuration.
    case addServer(NodeID)

    /// The arguments of AppendEntries.
    public struct AppendEntries: Hashable, Sendable {
        /// The leader's term.
        public var term: Int
        /// The index of the entry before the new ones.
        public var prevLogIndex: Int
        /// Its term.
        public var prevLogTerm: Int
        /// New entries; empty for a heartbeat.
        public var entries: [LogEntry]
        /// The leader's commit index.
        public var leaderCommit: Int
        /// The leader's read round when it sent this: a reply confirms it still led then.
        public var round: Int
    }

    /// The sender's term, for messages between servers.
    public var term: Int? {
        switch self {
        case .requestVote(let term, _, _), .vote(let term, _), .appendReply(let term, _, _, _): term
        case .appendEntries(let append): append.term
        case .clientRequest, .clientReply, .redirect, .addServer: nil
        }
    }

    /// True for answers to a server's own requests (votes and append replies).
    public var isReply: Bool {
        switch self {
        case .vote, .appendReply: true
        default: false
        }
    }

    public var kind: String {
        switch self {
        case .requestVote: "request_vote"
        case .vote: "vote"
        case .appendEntries(let append): append.entries.isEmpty ? "heartbeat" : "append_entries"
        case .appendReply: "append_reply"
        case .clientRequest: "client_request"
        case .clientReply: "client_reply"
        case .redirect: "redirect"
        case .addServer: "add_server"
        }
    }

    public var description: String {
        switch self {
        case .requestVote(let term, let index, let lastTerm): "request_vote(t\(term) last \(index)/t\(lastTerm))"
        case .vote(let term, let granted): "vote(t\(term) \(granted ? "yes" : "no"))"
        case .appendEntries(let a):
            "\(kind)(t\(a.term) prev \(a.prevLogIndex)/t\(a.prevLogTerm)"
                + (a.entries.isEmpty ? "" : " [\(a.entries.map(\.description).joined(separator: ", "))]")
                + " commit \(a.leaderCommit))"
        case .appendReply(let term, let success, let index, _): "append_reply(t\(term) \(success ? "ok" : "no") \(index))"
        case .clientRequest(let client, let seq, let request): "client_request(\(client)#\(seq) \(request))"
        case .clientReply(let client, let seq, let result): "client_reply(\(client)#\(seq) \(result))"
        case .redirect(let client, let seq, let leader): "redirect(\(client)#\(seq) to \(leader.map(\.description) ?? "?"))"
        case .addServer(let node): "add_server(\(node))"
        }
    }
}

/// What a Raft server reports to checkers and traces.
public enum RaftObservation: Sendable, CustomStringConvertible, RoleObservation, ClientObservation {
    /// The server took a role in a term.
    case role(RaftRole, term: Int)
    /// The server's log changed from index `from` on; it now ends at `lastIndex` with
    /// an entry of `lastTerm`. (Checkers look at the log itself; `from` spares them
    /// re-reading the unchanged prefix.)
    case logUpdated(from: Int, lastIndex: Int, lastTerm: Int)
    /// The server's commit index moved to `index`.
    case committed(Int)
    /// The server applied the entry at `index` to its state machine.
    case applied(index: Int, LogEntry)
    /// A client hosted here sent request `seq` (linearizability's invocation).
    case invoke(ClientID, seq: Int, KVRequest)
    /// That request was answered (linearizability's response).
    case complete(ClientID, seq: Int, KVRequest, KVResult)
    /// The server's configuration (the last one in its log) changed.
    case configuration([NodeID])

    public var description: String {
        switch self {
        case .role(let role, let term): "\(role) in term \(term)"
        case .logUpdated(_, let index, let term): "log ends at \(index)/t\(term)"
        case .committed(let index): "commit \(index)"
        case .applied(let index, let entry): "apply \(index) \(entry)"
        case .invoke(let client, let seq, let request): "\(client)#\(seq) invoke \(request)"
        case .complete(let client, let seq, let request, let result): "\(client)#\(seq) \(request) -> \(result)"
        case .configuration(let members): "configuration {\(members.map(\.description).joined(separator: " "))}"
        }
    }

    public var roleChange: (role: String, term: Int)? {
        if case .role(let role, let term) = self { (role.rawValue, term) } else { nil }
    }

    public var clientEvent: ClientEvent? {
        switch self {
        case .invoke(let client, let seq, let request):
            .invoke(operation: "\(client)#\(seq)", client: client.description, description: request.description)
        case .complete(let client, let seq, _, let result):
            .complete(operation: "\(client)#\(seq)", result: result.description, outcome: result == .refused ? .failed : .ok)
        default: nil
        }
    }
}

/// A server's role.
public enum RaftRole: String, Sendable, Hashable, CustomStringConvertible {
    case follower, candidate, leader
    public var description: String { rawValue }
}
