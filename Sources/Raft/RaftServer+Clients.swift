import PropCheckSimulator

/// The client a server hosts: requests from the schedule queue here and go out one
/// at a time, each with the next sequence number, so the cluster can apply a
/// retried request once.
public struct ClientSession: Sendable, Hashable {
    /// The client's identity.
    public let id: ClientID
    /// The next sequence number.
    public internal(set) var nextSeq = 1
    /// Requests not yet sent.
    public internal(set) var queue: [KVRequest] = []
    /// The request in flight: its sequence number, the request, and where it went.
    public internal(set) var outstanding: (seq: Int, request: KVRequest, target: NodeID)?
    /// Timeouts so far: each retry goes to the next server in turn, whatever the
    /// redirects said (a removed server's idea of the leader can be stale for ever).
    var retries = 0

    /// True when nothing is queued or in flight.
    public var isIdle: Bool { outstanding == nil && queue.isEmpty }

    init(id: ClientID) { self.id = id }

    public static func == (a: ClientSession, b: ClientSession) -> Bool {
        a.id == b.id && a.nextSeq == b.nextSeq && a.queue == b.queue && a.outstanding?.seq == b.outstanding?.seq
            && a.outstanding?.request == b.outstanding?.request && a.outstanding?.target == b.outstanding?.target
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(nextSeq)
        hasher.combine(outstanding?.seq)
    }
}

// The hosted client's side: send, retry, follow redirects.
extension RaftServer {
    mutating func sendNextClientRequest(_ context: inout NodeContext<RaftServer>) {
        guard client.outstanding == nil, !client.queue.isEmpty else { return }
        let request = client.queue.removeFirst()
        let seq = client.nextSeq
        client.nextSeq += 1
        let target = leader ?? (isMember ? id : knownNodes.first { $0 != id } ?? id)
        client.outstanding = (seq, request, target)
        context.observe(.invoke(client.id, seq: seq, request))
        context.send(.clientRequest(client.id, seq: seq, request), to: target)
        context.setTimer(.clientRetry, after: timing.clientRetry)
    }

    /// No answer in time: try the next server this one knows of.
    mutating func retryClientRequest(_ context: inout NodeContext<RaftServer>) {
        guard client.outstanding != nil else { return }
        client.retries += 1
        resend(to: knownNodes[client.retries % knownNodes.count], &context)
    }

    mutating func resend(to target: NodeID, _ context: inout NodeContext<RaftServer>) {
        guard let outstanding = client.outstanding else { return }
        client.outstanding = (outstanding.seq, outstanding.request, target)
        context.send(.clientRequest(client.id, seq: outstanding.seq, outstanding.request), to: target)
        context.setTimer(.clientRetry, after: timing.clientRetry)
    }

    mutating func clientAnswered(_ id: ClientID, seq: Int, _ result: KVResult, _ context: inout NodeContext<RaftServer>) {
        guard id == client.id, let outstanding = client.outstanding, outstanding.seq == seq else { return }
        client.outstanding = nil
        context.cancelTimer(.clientRetry)
        context.observe(.complete(id, seq: seq, outstanding.request, result))
        sendNextClientRequest(&context)
    }

    mutating func clientRedirected(_ id: ClientID, seq: Int, to hint: NodeID?, _ context: inout NodeContext<RaftServer>) {
        guard id == client.id, let outstanding = client.outstanding, outstanding.seq == seq else { return }
        // Follow a new hint at once; with none, the retry timer moves on.
        if let hint, hint != outstanding.target { resend(to: hint, &context) }
    }
}

// The server's side: writes through the log, reads through a read index.
extension RaftServer {
    mutating func handleClientRequest(_ request: KVRequest, client: ClientID, seq: Int, from sender: NodeID,
                                      _ context: inout NodeContext<RaftServer>) {
        guard role == .leader else {
            context.send(.redirect(client, seq: seq, leader: leader), to: sender)
            return
        }
        switch request {
        case .kv(.get(let key)):
            if bug == .staleLocalRead {
                context.send(.clientReply(client, seq: seq, .value(store.read(key))), to: client.node)
                return
            }
            // §6.4 of the thesis: the read waits until a quorum has confirmed, after it
            // arrived, that this server still leads, and until the state machine has
            // caught up with the commit index of that moment (at least this term's no-op).
            pendingReads.append(PendingRead(round: readRound + 1, index: max(commitIndex, termStartIndex),
                                            client: client, seq: seq, key: key))
            broadcastAppendEntries(heartbeat: true, &context)
            serveReads(&context)
        case .kv(let operation):
            if bug != .applyTwice, let answer = store.answered(client, seq: seq) {
                context.send(.clientReply(client, seq: seq, answer), to: client.node)
                return
            }
            appendAsLeader(.client(client, seq: seq, operation), &context)
        case .removeServer(let node):
            guard configurationChangeAllowed, configuration.contains(node), configuration.count > 1 else {
                context.send(.clientReply(client, seq: seq, .refused), to: client.node)
                return
            }
            appendAsLeader(.configuration(configuration.filter { $0 != node }), &context)
            // Answered once appended: an administrator's request, outside the key-value
            // history that linearizability judges.
            context.send(.clientReply(client, seq: seq, .ok), to: client.node)
        }
    }

    /// Appends a new entry of the current term and sends it out.
    mutating func appendAsLeader(_ command: LogEntry.Command, _ context: inout NodeContext<RaftServer>) {
        let before = configuration
        appendToLog(LogEntry(term: currentTerm, command: command))
        persist(&context)
        context.observe(.logUpdated(from: log.count, lastIndex: log.count, lastTerm: currentTerm))
        if configuration != before {
            context.observe(.configuration(configuration))
            for node in configuration { track(node) }
        }
        advanceCommitIndex(&context)
        broadcastAppendEntries(&context)
    }

    /// Answers the reads whose round a quorum has acknowledged and whose index is applied.
    mutating func serveReads(_ context: inout NodeContext<RaftServer>) {
        guard role == .leader, !pendingReads.isEmpty else { return }
        var rounds = configuration.filter { $0 != id }.map { $0.index < ackedRound.count ? ackedRound[$0.index] : 0 }
        if isMember { rounds.append(Int.max) }
        rounds.sort(by: >)
        let confirmed = rounds.count >= quorum ? rounds[quorum - 1] : 0
        var waiting: [PendingRead] = []
        for read in pendingReads {
            if read.round <= confirmed && read.index <= lastApplied {
                context.send(.clientReply(read.client, seq: read.seq, .value(store.read(read.key))), to: read.client.node)
            } else {
                waiting.append(read)
            }
        }
        pendingReads = waiting
    }
}

// Membership changes, one server at a time (thesis §4.1).
extension RaftServer {
    /// True when the leader may start a configuration change: it has committed an
    /// entry of its term, and (unless `add-two-servers`) no other change is pending.
    var configurationChangeAllowed: Bool {
        guard role == .leader, commitIndex >= termStartIndex else { return false }
        if bug == .addTwoServers { return true }
        return (configurationIndices.last ?? 0) <= commitIndex
    }

    /// A new server asks a member to be added; it asks again until it sees itself in
    /// a configuration.
    mutating func requestToJoin(_ context: inout NodeContext<RaftServer>) {
        guard configurationIndices.isEmpty else { return }
        let others = knownNodes.filter { $0 != id }
        guard !others.isEmpty else { return }
        let target = leader ?? others[Int(context.random(upTo: UInt64(others.count - 1)))]
        context.send(.addServer(id), to: target)
        context.setTimer(.joinRetry, after: timing.clientRetry)
    }

    mutating func handleAddServer(_ node: NodeID, _ context: inout NodeContext<RaftServer>) {
        learn(node)
        guard role == .leader else {
            if let leader, leader != id { context.send(.addServer(node), to: leader) }
            return
        }
        guard !configuration.contains(node), configurationChangeAllowed else { return }
        appendAsLeader(.configuration(configuration + [node]), &context)
    }
}
