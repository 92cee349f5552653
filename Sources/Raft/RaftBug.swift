import PropCheckSimulator

/// The Raft bug zoo: single-switch mistakes from the literature, each planted in an
/// otherwise correct node. A campaign against a variant must find its bug.
public enum RaftBug: String, CaseIterable, Sendable, Codable {
    /// Grants a vote without comparing logs (§5.4.1's up-to-date check).
    case voteWithoutLogCheck = "vote-without-log-check"
    /// Commits an entry of an earlier term by counting its replicas (Figure 8).
    case commitPreviousTerm = "commit-previous-term"
    /// Keeps currentTerm and votedFor in volatile memory only.
    case volatileTermAndVote = "volatile-term-vote"
    /// Keeps the log in volatile memory only.
    case volatileLog = "volatile-log"
    /// Accepts AppendEntries from a leader of an older term.
    case acceptStaleAppend = "accept-stale-append"
    /// Ignores a higher term in a reply: a deposed leader keeps leading.
    case noStepDownOnReply = "no-step-down-on-reply"
    /// Truncates the log after a stale or duplicated AppendEntries even when nothing conflicts.
    case truncateWithoutConflict = "truncate-without-conflict"
    /// Overwrites a conflicting entry but keeps the suffix after it.
    case keepConflictingSuffix = "keep-conflicting-suffix"
    /// Sets commitIndex to leaderCommit instead of min(leaderCommit, index of last new entry).
    case commitToLeaderCommit = "commit-to-leader-commit"
    /// Checks the entry before prevLogIndex instead of at it.
    case prevIndexOffByOne = "prev-index-off-by-one"
    /// The state machine ignores client sequence numbers: a retried request is applied twice.
    case applyTwice = "apply-twice"
    /// A leader answers reads from its own state machine without checking it still leads.
    case staleLocalRead = "stale-local-read"
    /// Starts a configuration change before the previous one is committed.
    case addTwoServers = "add-two-servers"
    /// Backs nextIndex off by one per rejection with no floor: a duplicated or delayed
    /// rejection takes it below 1, and reading the log there traps.
    case backOffPastStart = "back-off-past-start"
    /// A candidate counts a vote granted in an earlier term: a reply that outlived an
    /// election timeout (a long delay, a pause, a held partition) elects it without a
    /// quorum of this term.
    case countStaleVotes = "count-stale-votes"
    /// Writes term, vote and log before replying, as it should, but syncs them only at
    /// its next timer (a group commit): a crash in between loses what the reply promised.
    case replyBeforeSync = "reply-before-sync"

    /// One line for `propcheck list`: the mistake.
    public var summary: String {
        switch self {
        case .voteWithoutLogCheck: "grants votes without the log up-to-date check"
        case .commitPreviousTerm: "commits an earlier term's entry by counting replicas (Figure 8)"
        case .volatileTermAndVote: "does not persist currentTerm and votedFor"
        case .volatileLog: "does not persist the log"
        case .acceptStaleAppend: "accepts AppendEntries from an older term's leader"
        case .noStepDownOnReply: "a leader ignores a higher term in replies and keeps leading"
        case .truncateWithoutConflict: "truncates after a stale or duplicated AppendEntries that does not conflict"
        case .keepConflictingSuffix: "overwrites a conflicting entry but keeps the entries after it"
        case .commitToLeaderCommit: "commitIndex = leaderCommit, not min(leaderCommit, last new index)"
        case .prevIndexOffByOne: "the consistency check looks at the entry before prevLogIndex"
        case .applyTwice: "the state machine ignores client sequence numbers: a retried request applies twice"
        case .staleLocalRead: "a leader answers reads locally without confirming it still leads"
        case .addTwoServers: "starts a configuration change while another is uncommitted"
        case .backOffPastStart: "backs nextIndex off with no floor: a repeated rejection makes it 0 and traps; needs --isolate"
        case .countStaleVotes: "a candidate counts votes granted in earlier terms (stale replies from long delays or pauses)"
        case .replyBeforeSync: "replies before syncing what it wrote (syncs at its next timer): a crash loses an acknowledged vote or entry"
        }
    }

    /// The property a campaign is expected to catch the bug with.
    public var expectedProperty: String {
        switch self {
        case .voteWithoutLogCheck, .addTwoServers: "leader-completeness"
        case .commitPreviousTerm: "current-term-commit"
        case .commitToLeaderCommit: "committed-prefix"
        case .volatileTermAndVote, .countStaleVotes: "election-safety"
        case .keepConflictingSuffix: "log-matching"
        case .volatileLog, .acceptStaleAppend, .truncateWithoutConflict, .prevIndexOffByOne, .replyBeforeSync: "committed-survive"
        case .noStepDownOnReply: "raft-liveness"
        case .staleLocalRead, .applyTwice: "linearizability"
        case .backOffPastStart: "trap"
        }
    }

    /// The smallest counterexample known, in schedule steps, and the lower bound
    /// argued from the bug (see ``KnownMinimum`` for why a zero-step run is fault-free).
    /// Known sizes come from the corpus and `propcheck bench --zoo`.
    public var knownMinimum: KnownMinimum {
        switch self {
        case .voteWithoutLogCheck:
            KnownMinimum(steps: 1, lowerBound: 1, reason: "a zero-step run has one election, held while every log is empty, so the skipped check never changes a vote")
        case .commitPreviousTerm:
            KnownMinimum(steps: 1, lowerBound: 1, reason: "a zero-step run has one term, so no leader can commit an earlier term's entry (the hand-written figure8 scenario, 15 steps, shows the data loss that follows)")
        case .volatileTermAndVote:
            KnownMinimum(steps: 0, lowerBound: 0, reason: "zero is the floor: persisted-before-send reads what is on disk, so the first vote shows the bug (without that checker it shows only after a restart, in 3 steps)")
        case .volatileLog:
            KnownMinimum(steps: 0, lowerBound: 0, reason: "zero is the floor: persisted-before-send and committed-survive read what is on disk, so the first append shows the bug")
        case .acceptStaleAppend:
            KnownMinimum(steps: 1, lowerBound: 1, reason: "it needs a leader of an older term still sending, and a zero-step run has one term (one wait with crashes switched on suffices: BUGGIFY's early election timeouts make the terms, loss or delay the rest)")
        case .noStepDownOnReply:
            KnownMinimum(steps: 1, lowerBound: 1, reason: "it needs a leader deposed by a higher term, and a zero-step run has one term")
        case .truncateWithoutConflict:
            KnownMinimum(steps: 1, lowerBound: 1, reason: "with no requests the only entry is the leader's no-op, acknowledged before the next heartbeat leaves, so no AppendEntries is stale when it arrives")
        case .keepConflictingSuffix:
            KnownMinimum(steps: 1, lowerBound: 1, reason: "conflicting entries need two leaders, and a zero-step run has one (one wait with crashes switched on suffices: BUGGIFY's early election timeouts make the terms, loss or delay the rest)")
        case .commitToLeaderCommit:
            KnownMinimum(steps: 1, lowerBound: 1, reason: "a follower must hold entries the leader lacks, which needs two terms, and a zero-step run has one (one wait with crashes switched on suffices: BUGGIFY's early election timeouts make the terms, loss or delay the rest)")
        case .prevIndexOffByOne:
            KnownMinimum(steps: 2, lowerBound: 1, reason: "with no loss, reordering or second term every follower holds the entry at prevLogIndex, so the two checks agree")
        case .applyTwice:
            KnownMinimum(steps: 1, lowerBound: 1, reason: "a request must be applied twice, and a zero-step run has no requests; one suffices when a long delay holds it past the client's retry, and the heal phase's reads see it twice (seed 5's counterexample, in corpus/)")
        case .staleLocalRead:
            KnownMinimum(steps: 3, lowerBound: 2, reason: "it needs a write, a read request and a fault that deposes the leader; the heal phase's probes wait until every member follows one leader, so they cannot be served stale (the 3 steps known, seed 13: a put at n1, a wait under loss and BUGGIFY's early elections, a get at the deposed n2; in corpus/)")
        case .addTwoServers:
            KnownMinimum(steps: 4, lowerBound: 2, reason: "it needs two overlapping configuration changes, and each is a join or removal step (the 4 steps known: a partition isolating one server, a wait, two joins; two leaders of one term follow)")
        case .backOffPastStart:
            KnownMinimum(steps: 1, lowerBound: 1, reason: "a zero-step run heals at once, with one leader whose first AppendEntries every follower accepts, so nothing is ever rejected and nextIndex never backs off (one wait under swarm duplication suffices: a rejection delivered twice backs off twice)")
        case .replyBeforeSync:
            KnownMinimum(steps: 0, lowerBound: 0, reason: "zero is the floor: persisted-before-send reads what is synced, so the first reply shows the bug (and committed-survive, with storage faults on, the first commit)")
        case .countStaleVotes:
            KnownMinimum(steps: 1, lowerBound: 1, reason: "a vote reply must outlive an election timeout, and a zero-step run heals at once with delays off and nobody paused; one step suffices: the candidate paused past its election timeout (the overdue timer starts a new term, then the old reply is counted), or a wait under long delays; both in corpus/")
        }
    }
}

/// Which Raft a server is: the planted bug (nil for the correct Raft) and the
/// timing. Every server of a run is built with the same variant, from
/// ``SimulationConfiguration/parameters``.
public struct RaftVariant: Sendable, Hashable {
    /// The planted bug; nil for the correct Raft.
    public var bug: RaftBug?
    /// Timeouts and intervals.
    public var timing: RaftTiming

    /// A variant.
    public init(bug: RaftBug? = nil, timing: RaftTiming = .lan) {
        self.bug = bug
        self.timing = timing
    }

    /// The correct Raft.
    public static let correct = RaftVariant()
    /// The correct Raft with WAN timing (seed 003's two sites).
    public static let correctWAN = RaftVariant(timing: .wan)
    /// Raft with `bug` planted.
    public static func planted(_ bug: RaftBug) -> RaftVariant { RaftVariant(bug: bug) }
}

/// Raft's timing, in ticks. The election timeout is drawn in
/// `electionTimeout ... electionTimeout + electionJitter`, plus a few ticks per node
/// number so that even the simplest (all-zero) random choices elect someone.
public struct RaftTiming: Sendable, Hashable {
    /// Ticks between a leader's heartbeats.
    public var heartbeat: Int
    /// Shortest election timeout.
    public var electionTimeout: Int
    /// Largest random addition to the election timeout.
    public var electionJitter: Int
    /// Ticks a client waits for an answer before retrying elsewhere.
    public var clientRetry: Int
    /// Timing for a LAN with 1-tick links.
    public static let lan = RaftTiming(heartbeat: 10, electionTimeout: 40, electionJitter: 40, clientRetry: 60)
    /// Seed 003's WAN (ticks are milliseconds; 20 ms inside a site, 170 ms across):
    /// timeouts of 1.5 to 3 s.
    public static let wan = RaftTiming(heartbeat: 500, electionTimeout: 1_500, electionJitter: 1_500, clientRetry: 2_000)

    /// Timing.
    public init(heartbeat: Int, electionTimeout: Int, electionJitter: Int, clientRetry: Int) {
        self.heartbeat = heartbeat
        self.electionTimeout = electionTimeout
        self.electionJitter = electionJitter
        self.clientRetry = clientRetry
    }
}
