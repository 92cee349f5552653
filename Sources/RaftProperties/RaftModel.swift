import PropCheckEngine
import PropCheckSimulator
import Raft

/// One Raft server as Figure 2 of the paper sees it: term, vote, role, log and commit
/// index, plus what the refinement mapping keeps of the implementation's internal
/// entries (see ``RaftModel``).
public struct RaftModelServer: Hashable, Sendable, CustomStringConvertible {
    /// False while the server is down: its term, vote and log are then its durable ones.
    public var up: Bool
    /// Follower, candidate or leader (follower while down).
    public var role: RaftRole
    /// `currentTerm`.
    public var term: Int
    /// `votedFor` in `term`.
    public var votedFor: NodeID?
    /// The log without the implementation's no-op entries, which the model does not have.
    public var log: [LogEntry]
    /// How many entries of `log` are committed (0 while down: the commit index is volatile).
    public var commitIndex: Int
    /// The term of the implementation's entry at its commit index, no-ops included: a
    /// leader commits earlier terms' entries through its own no-op, which the model
    /// lacks, and this is how the model still sees that the commit was by an entry of
    /// the leader's own term.
    public var commitTerm: Int
    /// The term and index of the implementation's last entry, no-ops included: what an
    /// election compares (a no-op of a later term makes a log more up to date).
    public var logEnd: LogEnd
    /// The voting members per the log's last configuration entry.
    public var configuration: [NodeID]

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

    /// The abstract state of `server` (up) or of what it persisted (down).
    public init(_ server: RaftServer) {
        up = true
        role = server.role
        term = server.currentTerm
        votedFor = server.votedFor
        log = RaftModelServer.modelled(server.log)
        let committed = min(server.commitIndex, server.log.count)
        commitIndex = server.log.prefix(committed).reduce(0) { $0 + (RaftModelServer.isModelled($1) ? 1 : 0) }
        commitTerm = server.log.term(at: committed)
        logEnd = LogEnd(term: server.log.lastTerm, index: server.log.count)
        configuration = server.configuration
    }

    /// The abstract state of a server that is down, from what it persisted (nil: nothing yet).
    public init(down durable: RaftDurable?, initialMembers: [NodeID]) {
        up = false
        role = .follower
        term = durable?.term ?? 0
        votedFor = durable?.votedFor
        let log = durable?.log ?? RaftLog()
        self.log = RaftModelServer.modelled(log)
        commitIndex = 0
        commitTerm = 0
        logEnd = LogEnd(term: log.lastTerm, index: log.count)
        var members = initialMembers
        for entry in log { if case .configuration(let latest) = entry.command { members = latest } }
        configuration = members
    }

    /// The hook for what the model leaves out: a leader's no-op is the implementation's
    /// way to commit its predecessors' entries, not an entry of the specification.
    public static func isModelled(_ entry: LogEntry) -> Bool {
        if case .noop = entry.command { false } else { true }
    }

    static func modelled(_ log: RaftLog) -> [LogEntry] { log.filter(isModelled) }

    public var description: String {
        guard up else { return "down t\(term)" + (votedFor.map { " voted \($0)" } ?? "") + " log [\(logText)]" }
        return "\(role) t\(term)" + (votedFor.map { " voted \($0)" } ?? "") + " log [\(logText)] commit \(commitIndex)"
    }

    private var logText: String { log.map(\.description).joined(separator: ", ") }
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
/// entries out of the log, as the paper's specification has none (seed 004's lesson: a
/// naive comparison calls them a divergence); what elections and commits need of them
/// it keeps explicitly (``RaftModelServer/logEnd``, ``RaftModelServer/commitTerm``).
/// The model keeps the history its rules need: each term's leader and the longest log
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
    var leaderLogs: [Int: [LogEntry]] = [:]
    var leaderCommits: [Int: Int] = [:]
    var votes: [Int: [NodeID: NodeID]] = [:]
    var candidacies: [Int: [NodeID: RaftModelServer.LogEnd]] = [:]
    var highestTerm = 0

    /// The members the run began with (the configuration before any configuration entry).
    var initialMembers: [NodeID] = []

    /// The model, with no history.
    public init() {}

    public func abstract(_ node: NodeID, in cluster: ClusterView<RaftServer>) -> RaftModelServer? {
        if let server = cluster[node] { return RaftModelServer(server) }
        let durable = cluster.durable(of: node)
        if durable == nil, !cluster.members.contains(node) { return nil }
        return RaftModelServer(down: durable, initialMembers: cluster.initialMembers)
    }

    /// Coverage counts shapes, not data: whether the server is up, its role, whether
    /// it voted, how far its term is ahead of its log's last term, how many terms its
    /// log spans, how long it is and how much of it is uncommitted (each capped). Terms
    /// and commands themselves are left out, or every run would be new ground.
    public func fingerprint(_ state: RaftModelServer) -> UInt64 {
        var hash = StableHash()
        hash.combine(state.up ? 1 : 0)
        hash.combine(state.role == .leader ? 2 : state.role == .candidate ? 1 : 0)
        hash.combine(state.votedFor == nil ? 0 : 1)
        hash.combine(min(state.term - (state.log.last?.term ?? 0), 3))
        var terms = 0, previous = -1
        for entry in state.log where entry.term != previous { terms += 1; previous = entry.term }
        hash.combine(min(terms, 4))
        hash.combine(min(state.log.count, 8))
        hash.combine(min(state.log.count - state.commitIndex, 4))
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
        if let candidate = server.votedFor { votes[server.term, default: [:]][node] = candidate }
        if server.up, leaders[server.term] == node {
            // What the term's leader had, even in the step it stepped down in.
            if (leaderLogs[server.term]?.count ?? 0) <= server.log.count { leaderLogs[server.term] = server.log }
            leaderCommits[server.term] = max(leaderCommits[server.term] ?? 0, server.commitIndex)
        }
    }

    func quorum(of configuration: [NodeID]) -> Int { configuration.count / 2 + 1 }

    mutating func judge(_ step: ModelStep<RaftModel>) -> ModelVerdict<Action> {
        let node = step.node
        guard let after = step.after else { return .divergence("a server that had started has no state") }
        guard let before = step.before else {
            guard after.term == 0, after.votedFor == nil, after.log.isEmpty, after.commitIndex == 0, after.role == .follower else {
                return .divergence("a new server must start as a follower in term 0 with no vote and an empty log")
            }
            return .allowed([.start])
        }
        let durableKept = after.term == before.term && after.votedFor == before.votedFor && after.log == before.log
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
        if after.log != before.log {
            if after.role == .leader || wasLeader {
                guard after.log.starts(with: before.log) else { return .divergence("the leader of term \(term) rewrote its log") }
                let added = after.log[before.log.count...]
                if let foreign = added.first(where: { $0.term != term }) {
                    return .divergence("the leader of term \(term) appended \(foreign), an entry of another term")
                }
                if let problem = configurationProblem(in: after.log, added: before.log.count, committed: before.commitIndex) {
                    return .divergence(problem)
                }
                actions.append(.clientRequest(entries: added.count))
            } else {
                guard after.role == .follower else { return .divergence("a candidate's log changed") }
                guard let leaderLog = leaderLogs[term] else {
                    return .divergence("its log changed in term \(term), which no server leads")
                }
                let common = min(after.log.count, before.log.count)
                let differs = (0..<common).first { after.log[$0] != before.log[$0] } ?? common
                // A cut must start at a conflict with the leader's log. The conflicting
                // entry may be one the model does not have (a no-op): then the leader's
                // log, as the model sees it, lacks the cut entry.
                if differs == after.log.count, after.log.count < before.log.count,
                   differs < leaderLog.count, leaderLog[differs] == before.log[differs] {
                    return .divergence("it cut its log from \(before.log.count) to \(after.log.count) entries, though the term-\(term) leader holds the first entry cut, \(before.log[differs])")
                }
                if differs < after.log.count, differs < before.log.count, after.log[differs].term == before.log[differs].term {
                    return .divergence("it replaced entry \(differs + 1), \(before.log[differs]), by \(after.log[differs]) of the same term")
                }
                for index in differs..<after.log.count where index >= leaderLog.count || leaderLog[index] != after.log[index] {
                    return .divergence("its entry \(index + 1), \(after.log[index]), is not the term-\(term) leader's ("
                        + (index < leaderLog.count ? "\(leaderLog[index])" : "it has \(leaderLog.count) entries") + ")")
                }
                actions.append(.appendEntries(term: term, from: differs + 1))
            }
        }
        // Commit index.
        if after.commitIndex < before.commitIndex {
            return .divergence("its commit index went back from \(before.commitIndex) to \(after.commitIndex)")
        }
        if after.commitIndex > before.commitIndex {
            let committed = after.commitIndex
            guard committed <= after.log.count else {
                return .divergence("it committed \(committed) entries, more than its log's \(after.log.count)")
            }
            if after.role == .leader || wasLeader {
                guard after.commitTerm == term else {
                    return .divergence("the leader of term \(term) committed up to an entry of term \(after.commitTerm): only an entry of the leader's own term commits by counting replicas (Figure 8)")
                }
                let prefix = after.log.prefix(committed)
                let holders = after.configuration.filter { member in
                    guard let log = member == node ? after.log : cluster[member]?.log else { return false }
                    return log.count >= committed && log.prefix(committed) == prefix
                }
                guard holders.count >= quorum(of: after.configuration) else {
                    return .divergence("the leader of term \(term) committed \(committed) entries, held by {\(names(holders))} of {\(names(after.configuration))} only: no quorum")
                }
            } else {
                let leaderCommit = leaderCommits[term] ?? 0
                guard committed <= leaderCommit else {
                    return .divergence("it committed \(committed) entries where the leader of term \(term) had committed \(leaderCommit)")
                }
                guard let leaderLog = leaderLogs[term], leaderLog.count >= committed,
                      leaderLog.prefix(committed) == after.log.prefix(committed) else {
                    return .divergence("it committed \(committed) entries that are not the term-\(term) leader's")
                }
            }
            actions.append(.advanceCommitIndex(to: committed))
        }
        return .allowed(actions)
    }

    /// The thesis's rule for configuration entries a leader appends: each changes one
    /// server, and only once the configuration before it is committed.
    func configurationProblem(in log: [LogEntry], added start: Int, committed: Int) -> String? {
        var previous: (index: Int, members: [NodeID])?
        for (index, entry) in log.enumerated() {
            guard case .configuration(let members) = entry.command else { continue }
            if index >= start {
                let base = previous?.members ?? initialMembers
                let changed = Set(members).symmetricDifference(base).count
                if changed > 1 {
                    return "a configuration entry changes \(changed) servers ({\(names(base))} to {\(names(members))}): one at a time"
                }
                if let previous, previous.index >= committed {
                    return "a configuration change was appended at \(index + 1) before the one at \(previous.index + 1) committed"
                }
            }
            previous = (index, members)
        }
        return nil
    }

    func names(_ nodes: [NodeID]) -> String { nodes.map(\.description).joined(separator: " ") }
}
