import PropCheckEngine
import PropCheckSimulator

/// The timers of a Raft server.
public enum RaftTimer: String, Hashable, Sendable, CustomStringConvertible {
    /// No leader heard from: stand for election.
    case election
    /// Leader: send AppendEntries to every follower.
    case heartbeat
    /// The minimum election timeout since hearing from a leader has passed (votes are
    /// ignored before then, so removed servers cannot disrupt the cluster).
    case lease
    /// The hosted client's request went unanswered: retry.
    case clientRetry = "client-retry"
    /// A joining server's request to be added went unanswered: retry.
    case joinRetry = "join-retry"
    public var description: String { rawValue }

    // The simulator keys timer generations by timer at every timer event; the
    // defaults for a String-backed enum hash and compare the raw strings.
    @usableFromInline var ordinal: Int {
        switch self {
        case .election: 0
        case .heartbeat: 1
        case .lease: 2
        case .clientRetry: 3
        case .joinRetry: 4
        }
    }

    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
    @inlinable public static func == (a: RaftTimer, b: RaftTimer) -> Bool { a.ordinal == b.ordinal }
}

/// What a Raft server keeps across a crash.
public struct RaftDurable: Sendable, Hashable {
    /// The latest term seen.
    public var term: Int
    /// The candidate voted for in `term`.
    public var votedFor: NodeID?
    /// The log.
    public var log: RaftLog

    /// Durable state.
    public init(term: Int, votedFor: NodeID?, log: RaftLog) {
        self.term = term
        self.votedFor = votedFor
        self.log = log
    }
}

/// Raft (the extended paper, with Ongaro's single-server membership changes) as a
/// pure state machine: one server, its variant (a planted bug, if any, and the
/// timing) a value it is built with, ``RaftVariant``.
///
/// Durable: `currentTerm`, `votedFor` and the log, persisted before any reply that
/// depends on them. Volatile: everything else, including the key-value store, which
/// a restarted server rebuilds by applying its log again as the commit index moves.
/// Each server also hosts a client session (the schedule's requests arrive there):
/// it sends one request at a time to the server it believes leads, retries on
/// timeout and follows redirects; writes go through the log, reads through a read
/// index (§6.4 of the thesis).
///
/// It is not generic on purpose: its handlers are compiled once, fully optimised,
/// where handlers generic over the variant looked up type metadata at every effect
/// (a tenth of a campaign's time). One node type serves every variant.
public struct RaftServer: SimulatedNode {
    public typealias Message = RaftMessage
    public typealias Timer = RaftTimer
    public typealias Durable = RaftDurable
    public typealias Observation = RaftObservation
    public typealias Request = KVRequest
    public typealias Parameters = RaftVariant

    /// A read waiting for its read index to be confirmed and applied.
    struct PendingRead: Hashable, Sendable {
        var round: Int
        var index: Int
        var client: ClientID
        var seq: Int
        var key: Int
    }

    /// This server.
    public let id: NodeID
    /// The planted bug; nil for the correct Raft.
    public let bug: RaftBug?
    /// Timeouts and intervals.
    public let timing: RaftTiming
    /// The configuration before any configuration entry (the cluster's first members).
    public let initialMembers: [NodeID]
    /// Which life of the server this is.
    public let life: Int

    // Durable state.
    /// The latest term this server has seen.
    public internal(set) var currentTerm = 0
    /// Whom it voted for in `currentTerm`.
    public internal(set) var votedFor: NodeID?
    /// Its log; index 1 is `log[0]`.
    public internal(set) var log = RaftLog()

    // Volatile state.
    /// Follower, candidate or leader.
    public internal(set) var role = RaftRole.follower
    /// The leader of `currentTerm`, when known.
    public internal(set) var leader: NodeID?
    /// The highest index known committed.
    public internal(set) var commitIndex = 0
    /// The highest index applied to `store`.
    public internal(set) var lastApplied = 0
    /// The replicated key-value store.
    public internal(set) var store = KVStore()
    /// The hosted client.
    public internal(set) var client: ClientSession
    /// Votes received as candidate.
    var votes: [NodeID] = []
    /// Leader: next index to send, index known replicated and latest read round
    /// acknowledged, per node (by `NodeID.index`).
    var nextIndex: [Int] = []
    var matchIndex: [Int] = []
    var ackedRound: [Int] = []
    /// Leader: the read round of the latest heartbeat sent, and reads awaiting confirmation.
    var readRound = 0
    var pendingReads: [PendingRead] = []
    /// Leader: the index of its no-op; reads and configuration changes wait for it to commit.
    var termStartIndex = 0
    /// True within the minimum election timeout of hearing from a leader.
    var leaseHeld = false
    /// Log indices of configuration entries, in order.
    var configurationIndices: [Int] = []
    /// Every server this one knows of, for client and join retries.
    var knownNodes: [NodeID]

    /// A server of `variant` starting (`durable` nil) or restarting from what it persisted.
    public init(id: NodeID, cluster: ClusterInfo, durable: Durable?, parameters variant: RaftVariant) {
        self.id = id
        self.bug = variant.bug
        self.timing = variant.timing
        self.initialMembers = cluster.initialMembers
        self.life = cluster.life
        self.client = ClientSession(id: ClientID(node: id, life: cluster.life))
        self.knownNodes = cluster.nodes.contains(id) ? cluster.nodes : cluster.nodes + [id]
        if let durable {
            currentTerm = durable.term
            votedFor = durable.votedFor
            log = durable.log
            configurationIndices = log.indices.filter {
                if case .configuration = log[$0].command { true } else { false }
            }.map { $0 + 1 }
        }
    }

    /// The voting members: the last configuration in the log, committed or not.
    public var configuration: [NodeID] {
        guard let index = configurationIndices.last, case .configuration(let members) = log[index - 1].command else {
            return initialMembers
        }
        return members
    }

    /// Votes or acknowledgements needed in the current configuration.
    var quorum: Int { configuration.count / 2 + 1 }

    /// True when this server is a voting member.
    public var isMember: Bool { configuration.contains(id) }

    /// True when the latest configuration leaves this server out and has not committed.
    var isBeingRemoved: Bool {
        guard let latest = configurationIndices.last, latest > commitIndex else { return false }
        let earlier = configurationIndices.dropLast().last
        guard let earlier, case .configuration(let previous) = log[earlier - 1].command else {
            return !isMember && initialMembers.contains(id)
        }
        return !isMember && previous.contains(id)
    }

    /// Draws a client request for generated schedules.
    public static var requestGenerator: Gen<KVRequest> { KVRequest.generator }

    /// Runs once after `init`, at first start, restart and join.
    public mutating func start(_ context: inout NodeContext<RaftServer>) {
        resetElectionTimer(&context)
        // A new server (never in any configuration) asks to be added.
        if !isMember && configurationIndices.isEmpty { requestToJoin(&context) }
    }

    /// Handles a message from `sender`.
    public mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<RaftServer>) {
        learn(sender)
        if let term = message.term, term > currentTerm {
            // §4.2.3 of the thesis: within the minimum election timeout of hearing from a
            // leader, a vote request neither bumps the term nor gets a vote. The leader
            // itself is such a server too (as in etcd): otherwise a removed server, which
            // no longer gets heartbeats and so keeps standing, deposes it again and again
            // (found by a campaign: a client never served). A leader that really is cut
            // off still steps down once a reply or AppendEntries carries a higher term.
            if case .requestVote = message, leaseHeld || role == .leader { return }
            if !(bug == .noStepDownOnReply && message.isReply) {
                becomeFollower(term: term, leader: nil, &context)
            }
        }
        switch message {
        case .requestVote(let term, let lastIndex, let lastTerm):
            handleVoteRequest(from: sender, term: term, lastIndex: lastIndex, lastTerm: lastTerm, &context)
        case .vote(let term, let granted):
            handleVote(from: sender, term: term, granted: granted, &context)
        case .appendEntries(let append):
            handleAppendEntries(append, from: sender, &context)
        case .appendReply(let term, let success, let index, let round):
            handleAppendReply(from: sender, term: term, success: success, index: index, round: round, &context)
        case .clientRequest(let client, let seq, let request):
            handleClientRequest(request, client: client, seq: seq, from: sender, &context)
        case .clientReply(let client, let seq, let result):
            clientAnswered(client, seq: seq, result, &context)
        case .redirect(let client, let seq, let leader):
            clientRedirected(client, seq: seq, to: leader, &context)
        case .addServer(let node):
            handleAddServer(node, &context)
        }
    }

    /// Handles a timer that fired.
    public mutating func timerFired(_ timer: Timer, _ context: inout NodeContext<RaftServer>) {
        if bug == .replyBeforeSync { context.sync() }  // the group commit
        switch timer {
        case .election: electionTimedOut(&context)
        case .heartbeat:
            guard role == .leader else { return }
            broadcastAppendEntries(heartbeat: true, &context)
            context.setTimer(.heartbeat, after: timing.heartbeat)
        case .lease: leaseHeld = false
        case .clientRetry: retryClientRequest(&context)
        case .joinRetry: requestToJoin(&context)
        }
    }

    /// Queues a client request at the hosted client.
    public mutating func request(_ request: KVRequest, _ context: inout NodeContext<RaftServer>) {
        client.queue.append(request)
        if client.outstanding == nil { sendNextClientRequest(&context) }
    }

    // MARK: - Shared helpers

    /// Writes the durable state (what the variant persists of it). Called before any
    /// message that depends on it is sent: effects run in order.
    mutating func persist(_ context: inout NodeContext<RaftServer>) {
        var durable = Durable(term: currentTerm, votedFor: votedFor, log: log)
        if bug == .volatileTermAndVote { durable.term = 0; durable.votedFor = nil }
        if bug == .volatileLog { durable.log = [] }
        // The planted bug writes but leaves the sync to the next timer (see timerFired).
        if bug == .replyBeforeSync { context.write(durable) } else { context.persist(durable) }
    }

    /// Adopts a newer term (or a known leader of this one) as follower.
    mutating func becomeFollower(term: Int, leader newLeader: NodeID?, _ context: inout NodeContext<RaftServer>) {
        if term > currentTerm {
            currentTerm = term
            votedFor = nil
            persist(&context)
        }
        leader = newLeader
        guard role != .follower else { return }
        role = .follower
        pendingReads.removeAll()
        context.cancelTimer(.heartbeat)
        resetElectionTimer(&context)
        context.observe(.role(.follower, term: currentTerm))
    }

    mutating func resetElectionTimer(_ context: inout NodeContext<RaftServer>) {
        // A few ticks per node number keep timeouts apart even when every random draw
        // is 0 (the simplest choices shrinking moves towards): someone always wins.
        let jitter = Int(context.random(upTo: UInt64(timing.electionJitter)))
        // BUGGIFY: now and then a timeout far too early, as a paused or slow-clocked
        // server would have: an election while a leader is alive.
        let early = context.misbehave(oneIn: 16)
        context.setTimer(.election, after: (early ? timing.heartbeat / 2 : timing.electionTimeout + jitter) + 3 * id.rawValue)
    }

    /// Notes a server this one has heard from.
    mutating func learn(_ node: NodeID) {
        if !knownNodes.contains(node) { knownNodes.append(node) }
    }

    /// Makes the per-node leader arrays long enough for `node`.
    mutating func track(_ node: NodeID) {
        let needed = node.index + 1
        guard nextIndex.count < needed else { return }
        let missing = needed - nextIndex.count
        nextIndex += Array(repeating: log.count + 1, count: missing)
        matchIndex += Array(repeating: 0, count: missing)
        ackedRound += Array(repeating: 0, count: missing)
    }

    /// Appends entries at the end of the log, keeping the configuration index current.
    mutating func appendToLog(_ entry: LogEntry) {
        log.append(entry)
        if case .configuration = entry.command { configurationIndices.append(log.count) }
    }

    /// Cuts the log back to `length` entries.
    mutating func truncateLog(to length: Int) {
        log.truncate(to: length)
        while let last = configurationIndices.last, last > length { configurationIndices.removeLast() }
    }
}

extension RaftServer: StateSummary {
    /// `leader t3 · log 5 (last t3) · commit 4 · applied 4 · config {n1 n2 n3}`.
    public var stateSummary: String {
        let entries = log.count <= 8 ? log.map(\.description).joined(separator: ", ")
            : log.prefix(3).map(\.description).joined(separator: ", ") + ", …, " + log.suffix(3).map(\.description).joined(separator: ", ")
        return "\(role) t\(currentTerm)" + (votedFor.map { " voted \($0)" } ?? "") + " · log [\(entries)] · commit \(commitIndex)"
            + " · applied \(lastApplied) · config {\(configuration.map(\.description).joined(separator: " "))}"
            + (client.isIdle ? "" : " · client waiting")
    }
}
