import PropCheckSimulator
import Raft

/// An event of a Raft run, as the checkers see it.
public typealias RaftEvent = TraceEvent<RaftServer>

/// The checkers of every Raft safety property plus linearizability, fresh for one
/// run. When one event breaks several, the first listed is reported.
public func raftCheckers() -> [any Checker<RaftServer>] {
    [
        ElectionSafety(), LeaderAppendOnly(), LogMatching(), LeaderCompleteness(),
        StateMachineSafety(), CommittedSurvive(), CurrentTermCommit(), Linearizable(), CommittedPrefix(),
        PersistedBeforeSend(),
    ]
}

/// The leaders' commit rule (§5.4.2, Figure 2): a leader moves its commit index only
/// to an entry of its own term; entries of earlier terms commit with such an entry,
/// never by counting their own replicas. Leader completeness rests on this rule, but
/// breaking it loses data only in a Figure 8 run (a later leader overwriting the
/// entry), which takes a rare interleaving; this property catches the broken rule
/// at the commit itself, and `RaftScenarios.figure8` shows the data loss it leads to.
public struct CurrentTermCommit: Checker {
    public typealias Node = RaftServer
    public var property: String { "current-term-commit" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    public init() {}

    public mutating func observe(_ event: RaftEvent, in cluster: ClusterView<Node>) -> Violation? {
        // Followers take their commit index from the leader; only a leader's own decision counts.
        guard case .observe(let node, .committed(let index)) = event.kind, cluster[node]?.role == .leader,
              let term = cluster[node]?.currentTerm, let log = cluster[node]?.log, index <= log.count,
              log.term(at: index) != term else { return nil }
        return Violation(property: property,
                         message: "\(node), leader of term \(term), committed up to index \(index), whose entry \(log.entry(at: index)) is from an earlier term",
                         nodes: [node])
    }
}

/// Election safety (§5.2): at most one leader per term over the whole run, crashes
/// included (a restarted server that forgot its vote counts).
public struct ElectionSafety: Checker {
    public typealias Node = RaftServer
    public var property: String { "election-safety" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    var leaders: [Int: NodeID] = [:]
    public init() {}

    public mutating func observe(_ event: RaftEvent, in cluster: ClusterView<Node>) -> Violation? {
        guard case .observe(let node, .role(.leader, let term)) = event.kind else { return nil }
        if let other = leaders[term], other != node {
            return Violation(property: property, message: "\(other) and \(node) both lead term \(term)", nodes: [other, node])
        }
        leaders[term] = node
        return nil
    }
}

/// Leader append-only (§5.3): while a server leads a term, it never overwrites or
/// deletes an entry of its log.
public struct LeaderAppendOnly: Checker {
    public typealias Node = RaftServer
    public var property: String { "leader-append-only" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    /// Per leader: the term it leads, its log's length and last entry when last seen.
    var seen: [NodeID: (term: Int, count: Int, last: LogEntry?)] = [:]
    public init() {}

    public mutating func observe(_ event: RaftEvent, in cluster: ClusterView<Node>) -> Violation? {
        guard case .observe(let node, .logUpdated(let from, _, _)) = event.kind, let role = cluster[node]?.role,
              let term = cluster[node]?.currentTerm, let log = cluster[node]?.log else {
            return nil
        }
        guard role == .leader else { seen[node] = nil; return nil }
        defer { seen[node] = (term, log.count, log.last) }
        guard let before = seen[node], before.term == term else { return nil }
        let leader = "\(node), leader of term \(term),"
        if log.count < before.count {
            return Violation(property: property, message: "\(leader) shrank its log from \(before.count) to \(log.count) entries",
                             nodes: [node])
        }
        if from <= before.count || (before.count > 0 && log[before.count - 1] != before.last) {
            let index = min(from, before.count)
            return Violation(property: property,
                             message: "\(leader) replaced entry \(index)\(before.last.map { " (it had \($0) at \(before.count))" } ?? "")",
                             nodes: [node])
        }
        return nil
    }
}

/// Log matching (§5.3): two logs with an entry of the same index and term hold the
/// same entries up to it. Checked by induction over all logs ever seen: an index and
/// term always name the same entry, preceded by an entry of the same term.
public struct LogMatching: Checker {
    public typealias Node = RaftServer
    public var property: String { "log-matching" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    /// Per index: each term seen there, with its entry, predecessor's term and holder.
    var known: [[(term: Int, entry: LogEntry, previousTerm: Int, holder: NodeID)]] = []
    public init() {}

    public mutating func observe(_ event: RaftEvent, in cluster: ClusterView<Node>) -> Violation? {
        guard case .observe(let node, .logUpdated(let from, _, _)) = event.kind, let log = cluster[node]?.log else {
            return nil
        }
        // Entries before `from` were checked when they arrived.
        for index in max(from - 1, 0)..<log.count {
            let entry = log[index], previousTerm = index == 0 ? 0 : log[index - 1].term
            while known.count <= index { known.append([]) }
            if let other = known[index].first(where: { $0.term == entry.term }) {
                if other.entry != entry || other.previousTerm != previousTerm {
                    let what = other.entry != entry
                        ? "\(other.holder) had \(other.entry) there, \(node) has \(entry)"
                        : "the entry before it is from term \(other.previousTerm) at \(other.holder) but term \(previousTerm) at \(node)"
                    return Violation(property: property,
                                     message: "two logs hold an entry of term \(entry.term) at index \(index + 1) but differ: \(what)",
                                     nodes: other.holder == node ? [node] : [other.holder, node])
                }
            } else {
                known[index].append((entry.term, entry, previousTerm, node))
            }
        }
        return nil
    }
}

/// Which entries the leaders have committed: the commit decisions the completeness
/// and durability checkers hold the cluster to.
struct CommittedEntries {
    /// Committed entries by index (1-based index at position index-1), with the term
    /// and configuration size of the leader that committed them.
    var entries: [(entry: LogEntry, leader: NodeID, term: Int, quorum: Int)] = []

    /// Records what a leader's commit observation commits; returns the new indices.
    mutating func record(_ event: RaftEvent, in cluster: ClusterView<RaftServer>) -> Range<Int> {
        guard case .observe(let node, .committed(let index)) = event.kind, let state = cluster.state(of: node),
              state.role == .leader else { return 0..<0 }
        let start = entries.count
        let end = min(index, state.log.count)
        guard end > start else { return 0..<0 }
        for position in start..<end {
            entries.append((state.log[position], node, state.currentTerm, state.configuration.count / 2 + 1))
        }
        return start..<end
    }
}

/// Leader completeness (§5.4): a leader's log holds every entry committed in
/// earlier terms.
public struct LeaderCompleteness: Checker {
    public typealias Node = RaftServer
    public var property: String { "leader-completeness" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    var committed = CommittedEntries()
    public init() {}

    public mutating func observe(_ event: RaftEvent, in cluster: ClusterView<Node>) -> Violation? {
        _ = committed.record(event, in: cluster)
        guard case .observe(let node, .role(.leader, let term)) = event.kind, let log = cluster[node]?.log else {
            return nil
        }
        for (position, record) in committed.entries.enumerated() where record.term < term {
            if position >= log.count || log[position] != record.entry {
                let has = position < log.count ? "\(log[position])" : "nothing"
                return Violation(property: property,
                                 message: "\(node) leads term \(term) with \(has) at index \(position + 1), where \(record.leader) committed \(record.entry) in term \(record.term)",
                                 nodes: [node, record.leader])
            }
        }
        return nil
    }
}

/// State machine safety (§5.4.3): no two servers apply different entries at one index.
public struct StateMachineSafety: Checker {
    public typealias Node = RaftServer
    public var property: String { "state-machine-safety" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    var applied: [(entry: LogEntry, node: NodeID)] = []
    public init() {}

    public mutating func observe(_ event: RaftEvent, in cluster: ClusterView<Node>) -> Violation? {
        guard case .observe(let node, .applied(let index, let entry)) = event.kind else { return nil }
        if index - 1 < applied.count {
            let first = applied[index - 1]
            if first.entry != entry {
                return Violation(property: property,
                                 message: "\(first.node) applied \(first.entry) at index \(index), \(node) applied \(entry)",
                                 nodes: [first.node, node])
            }
        } else if index - 1 == applied.count {
            applied.append((entry, node))
        }
        return nil
    }
}

/// Committed entries survive crashes: once a leader commits an entry, a quorum of
/// the configuration that committed it keeps it in durable storage, whatever
/// crashes and restarts follow.
public struct CommittedSurvive: Checker {
    public typealias Node = RaftServer
    public var property: String { "committed-survive" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    var committed = CommittedEntries()
    public init() {}

    public mutating func observe(_ event: RaftEvent, in cluster: ClusterView<Node>) -> Violation? {
        let fresh = committed.record(event, in: cluster)
        let toCheck: Range<Int>
        switch event.kind {
        case .observe(_, .committed): toCheck = fresh
        case .observe(_, .logUpdated(let from, _, _)): toCheck = min(from - 1, committed.entries.count)..<committed.entries.count
        case .restart: toCheck = 0..<committed.entries.count
        default: return nil
        }
        guard !toCheck.isEmpty else { return nil }
        let logs = cluster.members.map { ($0, cluster.durable(of: $0)?.log ?? []) }
        for position in toCheck {
            let record = committed.entries[position]
            let holders = logs.filter { position < $0.1.count && $0.1[position] == record.entry }.map(\.0)
            if holders.count < record.quorum {
                return Violation(property: property,
                                 message: "entry \(position + 1) \(record.entry), committed by \(record.leader) in term \(record.term), is durable on \(holders.count) servers (\(holders.map(\.description).joined(separator: " "))), fewer than a quorum of \(record.quorum)",
                                 nodes: [record.leader])
            }
        }
        return nil
    }
}
