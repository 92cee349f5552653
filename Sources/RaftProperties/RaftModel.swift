import PropCheckEngine
import PropCheckSimulator
import Raft

/// One Raft server as Figure 2 of the paper sees it: term, vote, role, log and commit
/// index.
///
/// The specification's log is ``log``: the implementation's without its leader no-ops,
/// which the specification does not have (seed 004: a naive comparison calls them a
/// divergence). The rules still need them where positions and terms matter (a no-op is
/// an entry of its leader's term: it makes a log more up to date in an election, and
/// through it a leader commits its predecessors' entries), so the state keeps the
/// implementation's log too, as ``entries``, the explicit hook for what the model leaves
/// out. It shares the implementation's storage, so a state costs no copy of the log.
public struct RaftModelServer: Hashable, Sendable, CustomStringConvertible {
    /// False while the server is down: its term, vote and log are then its durable ones.
    public var up: Bool
    /// Follower, candidate or leader (follower while down).
    public var role: RaftRole
    /// `currentTerm`.
    public var term: Int
    /// `votedFor` in `term`.
    public var votedFor: NodeID?
    /// The implementation's log, no-ops included: what the rules read positions and terms in.
    public var entries: RaftLog
    /// The implementation's commit index into ``entries`` (0 while down: it is volatile).
    public var commitIndex: Int
    /// The voting members per the log's last configuration entry.
    public var configuration: [NodeID]

    /// The abstract state of `server`, running.
    public init(_ server: RaftServer) {
        up = true
        role = server.role
        term = server.currentTerm
        votedFor = server.votedFor
        entries = server.log
        commitIndex = min(server.commitIndex, server.log.count)
        configuration = server.configuration
    }

    /// The abstract state of `node`, running, its fields read where they lie: copying the
    /// whole server (every array it holds retained, then released) after each of its
    /// handlers would cost more than the model's rules.
    init(_ node: NodeID, in cluster: ClusterView<RaftServer>) {
        up = true
        role = cluster[node]!.role
        term = cluster[node]!.currentTerm
        votedFor = cluster[node]!.votedFor
        entries = cluster[node]!.log
        commitIndex = min(cluster[node]!.commitIndex, entries.count)
        configuration = cluster[node]!.configuration
    }

    /// The abstract state of a server that is down: what it would restart as from
    /// `durable` (nil: it crashed before persisting anything), as the server itself
    /// reads it (its configuration from the log), marked down.
    public init(down durable: RaftDurable?, initialMembers: [NodeID]) {
        let restarted = RaftServer(id: initialMembers.first ?? NodeID(1), cluster: ClusterInfo(initialMembers: initialMembers),
                                   durable: durable, parameters: .correct)
        self.init(restarted)
        up = false
    }

    /// The hook for what the model leaves out: a leader's no-op is the implementation's
    /// way to commit its predecessors' entries, not an entry of the specification.
    public static func isModelled(_ entry: LogEntry) -> Bool {
        if case .noop = entry.command { false } else { true }
    }

    /// The specification's log: the entries without the no-ops.
    public var log: [LogEntry] { entries.filter(RaftModelServer.isModelled) }

    /// How many entries of ``log`` are committed.
    public var committedEntries: Int { entries.prefix(commitIndex).filter(RaftModelServer.isModelled).count }

    /// Where the log ends, no-ops included: what an election compares.
    public var logEnd: LogEnd { LogEnd(term: entries.lastTerm, index: entries.count) }

    /// Where a log ends, as elections compare logs (§5.4.1): later last term first,
    /// then longer.
    public struct LogEnd: Hashable, Sendable, Comparable, CustomStringConvertible {
        /// The last entry's term (0 for an empty log).
        public var term: Int
        /// The log's length.
        public var index: Int
        /// A log end.
        public init(term: Int, index: Int) {
            self.term = term
            self.index = index
        }
        public static func < (a: LogEnd, b: LogEnd) -> Bool { (a.term, a.index) < (b.term, b.index) }
        public var description: String { "t\(term)@\(index)" }
    }

    /// The specification's view: `leader t2 voted n1 log [t1:put k0=1] commit 1 (+1 no-op)`.
    public var description: String {
        let vote = votedFor.map { " voted \($0)" } ?? ""
        let log = self.log, noOps = entries.count - log.count
        let logText = "log [" + log.map(\.description).joined(separator: ", ") + "]"
        let hidden = noOps == 0 ? "" : " (+\(noOps) no-op\(noOps == 1 ? "" : "s"))"
        guard up else { return "down t\(term)\(vote) \(logText)\(hidden)" }
        return "\(role) t\(term)\(vote) \(logText) commit \(committedEntries)\(hidden)"
    }
}

/// Raft per Figure 2 of the paper (with the thesis's single-server configuration
/// changes), as an executable model of ``RaftServer``: each handler's change of a
/// server's term, vote, role, log and commit index must be one of the paper's actions,
/// under its rules. `Timeout` (a new term, a vote for itself), `UpdateTerm` (a term
/// some server reached), `Vote` (once per term, for a candidate whose log is at least as
/// up to date), `BecomeLeader` (votes from a quorum of its configuration),
/// `ClientRequest` (a leader appends entries of its term only, one configuration change
/// at a time), `AppendEntries` (a follower takes its term's leader's entries, deleting
/// only from a conflict), `AdvanceCommitIndex` (a leader commits an entry of its own term
/// held by a quorum; a follower no further than its leader), `Crash` (term, vote and
/// log survive) and `Restart` (from them, as a follower with commit index 0).
///
/// The refinement mapping (``RaftModelServer/init(_:)``) leaves the leader's no-op
/// entries out of the specification's log, and keeps them where the rules need their
/// positions and terms (see ``RaftModelServer``). The model keeps the history its rules need: each term's leader and the longest log
/// it had, the votes granted, each candidate's log when it stood.
public struct RaftModel: ExecutableModel {
    public typealias Node = RaftServer
    public typealias NodeState = RaftModelServer

    /// The paper's actions, as a conformance report names them.
    public enum Action: Sendable, CustomStringConvertible {
        case start, crash, restart
        case timeout(term: Int)
        case updateTerm(Int)
        case vote(for: NodeID, term: Int)
        case becomeLeader(term: Int)
        case stepDown(term: Int)
        case clientRequest(entries: Int)
        case appendEntries(term: Int, from: Int)
        case advanceCommitIndex(to: Int)

        public var description: String {
            switch self {
            case .start: "Start"
            case .crash: "Crash"
            case .restart: "Restart"
            case .timeout(let term): "Timeout(t\(term))"
            case .updateTerm(let term): "UpdateTerm(t\(term))"
            case .vote(let candidate, let term): "Vote(\(candidate), t\(term))"
            case .becomeLeader(let term): "BecomeLeader(t\(term))"
            case .stepDown(let term): "StepDown(t\(term))"
            case .clientRequest(let entries): "ClientRequest(\(entries))"
            case .appendEntries(let term, let from): "AppendEntries(t\(term), from \(from))"
            case .advanceCommitIndex(let index): "AdvanceCommitIndex(\(index))"
            }
        }
    }

    // History (ghost variables), per term.
    var leaders: [Int: NodeID] = [:]
    var leaderLogs: [Int: RaftLog] = [:]
    var leaderCommits: [Int: Int] = [:]
    var votes: [Int: [NodeID: NodeID]] = [:]
    var candidacies: [Int: [NodeID: RaftModelServer.LogEnd]] = [:]
    var highestTerm = 0

    /// The members the run began with (the configuration before any configuration entry).
    var initialMembers: [NodeID] = []

    /// The model, with no history.
    public init() {}

    public func abstract(_ node: NodeID, in cluster: ClusterView<RaftServer>) -> RaftModelServer? {
        if cluster.isUp(node) { return RaftModelServer(node, in: cluster) }
        let durable = cluster.durable(of: node)
        if durable == nil, !cluster.members.contains(node) { return nil }
        return RaftModelServer(down: durable, initialMembers: cluster.initialMembers)
    }

    /// Coverage counts shapes, not data: whether the server is up, its role, whether
    /// it voted, how far its term is ahead of its log's last term, how many terms its
    /// log spans, how long it is and how much of it is uncommitted (each capped). Terms
    /// and commands themselves are left out, or every run would be new ground. Constant
    /// time: it is taken at every change.
    public func fingerprint(_ state: RaftModelServer) -> UInt64 {
        let log = state.entries
        var hash = StableHash()
        hash.combine(state.up ? 1 : 0)
        hash.combine(state.role == .leader ? 2 : state.role == .candidate ? 1 : 0)
        hash.combine(state.votedFor == nil ? 0 : 1)
        hash.combine(min(state.term - log.lastTerm, 3))
        hash.combine(min(log.lastTerm - (log.first?.term ?? 0), 3))
        hash.combine(min(log.count, 8))
        hash.combine(min(log.count - state.commitIndex, 4))
        return hash.value
    }

    public mutating func step(_ step: ModelStep<RaftModel>) -> ModelVerdict<Action> {
        if initialMembers.isEmpty, let first = step.after { initialMembers = first.configuration }
        let verdict = judge(step)
        if case .allowed = verdict, let after = step.after { remember(after, of: step.node) }
        return verdict
    }

    mutating func remember(_ server: RaftModelServer, of node: NodeID) {
        highestTerm = max(highestTerm, server.term)
        if let candidate = server.votedFor, votes[server.term]?[node] != candidate {
            votes[server.term, default: [:]][node] = candidate
        }
        if server.up, leaders[server.term] == node {
            // What the term's leader had, even in the step it stepped down in.
            // (Its log only grows while it leads: a longer one is the newer.)
            if leaderLogs[server.term].map({ $0.count < server.entries.count }) ?? true { leaderLogs[server.term] = server.entries }
            if server.commitIndex > leaderCommits[server.term] ?? 0 { leaderCommits[server.term] = server.commitIndex }
        }
    }

    func quorum(of configuration: [NodeID]) -> Int { configuration.count / 2 + 1 }

    mutating func judge(_ step: ModelStep<RaftModel>) -> ModelVerdict<Action> {
        let node = step.node
        guard let after = step.after else { return .divergence("a server that had started has no state") }
        guard let before = step.before else {
            guard after.term == 0, after.votedFor == nil, after.entries.isEmpty, after.commitIndex == 0, after.role == .follower else {
                return .divergence("a new server must start as a follower in term 0 with no vote and an empty log")
            }
            return .allowed([.start])
        }
        let durableKept = after.term == before.term && after.votedFor == before.votedFor && after.entries == before.entries
        if !after.up {
            guard before.up else { return .divergence("a server that is down changed") }
            return durableKept ? .allowed([.crash])
                : .divergence("a crash lost term, vote or log the server had: they must be on stable storage before it answers")
        }
        if !before.up {
            guard durableKept, after.role == .follower, after.commitIndex == 0 else {
                return .divergence("a restart must begin from the durable term, vote and log, as a follower with commit index 0")
            }
            return .allowed([.restart])
        }
        return judgeHandler(at: node, from: before, to: after, cluster: step.cluster)
    }

    /// A handler's change at a running server: term and vote, role, log, then commit index.
    mutating func judgeHandler(at node: NodeID, from before: RaftModelServer, to after: RaftModelServer,
                               cluster: AbstractCluster<RaftModelServer>) -> ModelVerdict<Action> {
        var actions: [Action] = []
        let term = after.term
        // Term and vote.
        if term < before.term { return .divergence("its term went back from \(before.term) to \(term)") }
        let timedOut = term == before.term + 1 && after.votedFor == node && after.role != .follower
        if timedOut {
            actions.append(.timeout(term: term))
            candidacies[term, default: [:]][node] = before.logEnd
        } else if term > before.term {
            guard term <= highestTerm else {
                return .divergence("it adopted term \(term), which no server had reached (the highest was \(highestTerm))")
            }
            actions.append(.updateTerm(term))
        }
        let voteBefore = term == before.term ? before.votedFor : nil
        if after.votedFor != voteBefore, !timedOut {
            guard let candidate = after.votedFor else { return .divergence("it forgot its vote in term \(term)") }
            if let earlier = voteBefore {
                return .divergence("it changed its vote in term \(term) from \(earlier) to \(candidate)")
            }
            guard candidate != node else { return .divergence("it voted for itself in term \(term) without standing") }
            guard let standing = candidacies[term]?[candidate] else {
                return .divergence("it voted for \(candidate) in term \(term), which \(candidate) never stood in")
            }
            guard standing >= before.logEnd else {
                return .divergence("it voted for \(candidate) in term \(term), whose log (ending \(standing)) is less up to date than its own (ending \(before.logEnd))")
            }
            actions.append(.vote(for: candidate, term: term))
        }
        // Role.
        let wasLeader = before.role == .leader && before.term == term
        if after.role == .leader, !wasLeader {
            guard timedOut || (before.role == .candidate && before.term == term) else {
                return .divergence("it became leader of term \(term) without standing in it")
            }
            if let other = leaders[term], other != node {
                return .divergence("it became leader of term \(term), which \(other) already leads")
            }
            let voters = before.configuration.filter { votes[term]?[$0] == node || ($0 == node && timedOut) }
            guard voters.count >= quorum(of: before.configuration) else {
                return .divergence("it became leader of term \(term) with votes from {\(names(voters))} of {\(names(before.configuration))}: no quorum")
            }
            leaders[term] = node
            actions.append(.becomeLeader(term: term))
        }
        if after.role == .candidate, !timedOut, !(before.role == .candidate && before.term == term) {
            return .divergence("it became a candidate without a timeout")
        }
        if after.role == .follower, before.role != .follower, term == before.term {
            if before.role == .candidate, leaders[term] == nil {
                return .divergence("a candidate of term \(term) stepped down though no server leads that term")
            }
            if before.role == .leader, after.configuration.contains(node) {
                return .divergence("the leader of term \(term) stepped down in its own term while still a member")
            }
            actions.append(.stepDown(term: term))
        }
        // Log.
        if after.entries != before.entries {
            let common = after.entries.commonPrefixCount(with: before.entries)
            if after.role == .leader || wasLeader {
                guard common == before.entries.count else { return .divergence("the leader of term \(term) rewrote its log") }
                let added = after.entries[common...]
                if let foreign = added.first(where: { $0.term != term }) {
                    return .divergence("the leader of term \(term) appended \(foreign), an entry of another term")
                }
                if let problem = configurationProblem(in: after.entries, added: common, committed: before.commitIndex) {
                    return .divergence(problem)
                }
                // A no-op alone is the implementation's own step, not a client's request.
                let requested = added.filter(RaftModelServer.isModelled).count
                if requested > 0 { actions.append(.clientRequest(entries: requested)) }
            } else {
                guard after.role == .follower else { return .divergence("a candidate's log changed") }
                guard let leaderLog = leaderLogs[term] else {
                    return .divergence("its log changed in term \(term), which no server leads")
                }
                // Figure 2: delete an entry only where a new one conflicts with it (same
                // index, another term), and all that follow; append what is new.
                if common == after.entries.count {
                    return .divergence("it cut its log from \(before.entries.count) to \(after.entries.count) entries with no conflicting entry")
                }
                if common < before.entries.count, after.entries[common].term == before.entries[common].term {
                    return .divergence("it replaced entry \(common + 1), \(before.entries[common]), by \(after.entries[common]) of the same term")
                }
                for index in common..<after.entries.count where index >= leaderLog.count || leaderLog[index] != after.entries[index] {
                    return .divergence("its entry \(index + 1), \(after.entries[index]), is not the term-\(term) leader's ("
                        + (index < leaderLog.count ? "\(leaderLog[index])" : "it has \(leaderLog.count) entries") + ")")
                }
                actions.append(.appendEntries(term: term, from: common + 1))
            }
        }
        // Commit index.
        if after.commitIndex < before.commitIndex {
            return .divergence("its commit index went back from \(before.commitIndex) to \(after.commitIndex)")
        }
        if after.commitIndex > before.commitIndex {
            let committed = after.commitIndex
            if after.role == .leader || wasLeader {
                let committedTerm = after.entries.term(at: committed)
                guard committedTerm == term else {
                    return .divergence("the leader of term \(term) committed up to an entry of term \(committedTerm): only an entry of the leader's own term commits by counting replicas (Figure 8)")
                }
                let holders = after.configuration.filter { member in
                    guard let log = member == node ? after.entries : cluster[member]?.entries else { return false }
                    return log.commonPrefixCount(with: after.entries) >= committed
                }
                guard holders.count >= quorum(of: after.configuration) else {
                    return .divergence("the leader of term \(term) committed \(committed) entries, held by {\(names(holders))} of {\(names(after.configuration))} only: no quorum")
                }
            } else {
                let leaderCommit = leaderCommits[term] ?? 0
                guard committed <= leaderCommit else {
                    return .divergence("it committed \(committed) entries where the leader of term \(term) had committed \(leaderCommit)")
                }
                guard let leaderLog = leaderLogs[term], leaderLog.commonPrefixCount(with: after.entries) >= committed else {
                    return .divergence("it committed \(committed) entries that are not the term-\(term) leader's")
                }
            }
            actions.append(.advanceCommitIndex(to: committed))
        }
        return .allowed(actions)
    }

    /// The thesis's rule for configuration entries a leader appends (from `start` on):
    /// each changes one server, and only once the configuration before it is committed.
    /// Reads back from the new entries only as far as the configuration before them.
    func configurationProblem(in log: RaftLog, added start: Int, committed: Int) -> String? {
        let isConfiguration = { (entry: LogEntry) in if case .configuration = entry.command { true } else { false } }
        guard let first = log[start...].firstIndex(where: isConfiguration) else { return nil }
        var previous = log[..<first].lastIndex(where: isConfiguration)
        for index in first..<log.count {
            guard case .configuration(let members) = log[index].command else { continue }
            var base = initialMembers
            if let previous, case .configuration(let earlier) = log[previous].command { base = earlier }
            let changed = Set(members).symmetricDifference(base).count
            if changed > 1 {
                return "a configuration entry changes \(changed) servers ({\(names(base))} to {\(names(members))}): one at a time"
            }
            if let previous, previous >= committed {
                return "a configuration change was appended at \(index + 1) before the one at \(previous + 1) committed"
            }
            previous = index
        }
        return nil
    }

    func names(_ nodes: [NodeID]) -> String { nodes.map(\.description).joined(separator: " ") }
}
