import PropCheck

/// Two-phase commit as an executable model (``ExecutableModel``): what each node's
/// state means abstractly, and which changes of it the protocol allows. PropCheck checks
/// every handler against it (property `conformance`), counts the abstract states a
/// campaign covers, and steers `--guided` campaigns by them.
///
/// The rules: a vote, once cast, never changes; the coordinator decides a transaction
/// once, and commits only when every participant has voted yes; a participant learns
/// commit only once the coordinator decided it, and abort only once the coordinator did
/// or it voted no itself. Outcomes a participant learnt are volatile (a crash forgets
/// them); votes and decisions survive crashes.
public struct TwoPhaseCommitModel: ExecutableModel {
    public typealias Node = Participant

    /// One node, abstractly: its votes, its decisions (the coordinator's) and the
    /// outcomes it learnt, each sorted by transaction.
    public struct NodeState: Hashable, Sendable, CustomStringConvertible {
        /// Transaction and vote (true: yes).
        public var votes: [Pair]
        /// Transaction and decision (nil: begun, not decided): the coordinator's.
        public var decisions: [Decision]
        /// Transaction and the outcome learnt.
        public var outcomes: [Pair]

        /// A transaction and a yes/no.
        public struct Pair: Hashable, Sendable {
            public var transaction: Int
            public var value: Bool
        }

        /// A transaction the coordinator began, and its decision once taken.
        public struct Decision: Hashable, Sendable {
            public var transaction: Int
            public var commit: Bool?
        }

        public var description: String {
            func text(_ pairs: [Pair], _ yes: String, _ no: String) -> String {
                pairs.map { "t\($0.transaction) \($0.value ? yes : no)" }.joined(separator: ", ")
            }
            let decided = decisions.map { "t\($0.transaction) " + ($0.commit.map { $0 ? "commit" : "abort" } ?? "open") }
            return "votes [\(text(votes, "yes", "no"))] decisions [\(decided.joined(separator: ", "))] "
                + "outcomes [\(text(outcomes, "commit", "abort"))]"
        }
    }

    /// The model's actions.
    public enum Action: Sendable, CustomStringConvertible {
        case vote(transaction: Int, yes: Bool)
        case begin(transaction: Int)
        case decide(transaction: Int, commit: Bool)
        case learn(transaction: Int, commit: Bool)
        case forget

        public var description: String {
            switch self {
            case .vote(let t, let yes): "Vote(t\(t), \(yes ? "yes" : "no"))"
            case .begin(let t): "Begin(t\(t))"
            case .decide(let t, let commit): "Decide(t\(t), \(commit ? "commit" : "abort"))"
            case .learn(let t, let commit): "Learn(t\(t), \(commit ? "commit" : "abort"))"
            case .forget: "Forget"
            }
        }
    }

    /// The model.
    public init() {}

    public func abstract(_ node: NodeID, in cluster: ClusterView<Participant>) -> NodeState? {
        if let state = cluster[node] {
            return NodeState(
                votes: state.durable.votes.map { .init(transaction: $0.transaction, value: $0.yes) },
                decisions: state.durable.transactions.map { .init(transaction: $0.id, commit: $0.commit) }
                    .sorted { $0.transaction < $1.transaction },
                // A dictionary, read in key order: the same in every process.
                outcomes: state.outcomes.keys.sorted().map { .init(transaction: $0, value: state.outcomes[$0]!) })
        }
        // Down: what it persisted (nothing yet, if it crashed before its first write).
        guard cluster.members.contains(node) else { return nil }
        let durable = cluster.durable(of: node) ?? Participant.Durable()
        return NodeState(votes: durable.votes.map { .init(transaction: $0.transaction, value: $0.yes) },
                         decisions: durable.transactions.map { .init(transaction: $0.id, commit: $0.commit) }
                             .sorted { $0.transaction < $1.transaction },
                         outcomes: [])
    }

    public mutating func step(_ step: ModelStep<TwoPhaseCommitModel>) -> ModelVerdict<Action> {
        guard let after = step.after else { return .divergence("a node that had started has no state") }
        let before = step.before ?? NodeState(votes: [], decisions: [], outcomes: [])
        var actions: [Action] = []
        // Votes are durable and final.
        for vote in before.votes where !after.votes.contains(vote) {
            return .divergence("its vote on t\(vote.transaction) changed or was lost")
        }
        for vote in after.votes where !before.votes.contains(vote) { actions.append(.vote(transaction: vote.transaction, yes: vote.value)) }
        // Decisions are durable and final; a commit needs every participant's yes.
        for decision in before.decisions {
            guard let now = after.decisions.first(where: { $0.transaction == decision.transaction }) else {
                return .divergence("the coordinator forgot t\(decision.transaction)")
            }
            if let taken = decision.commit, now.commit != taken {
                return .divergence("the coordinator changed its decision on t\(decision.transaction)")
            }
        }
        for decision in after.decisions {
            let earlier = before.decisions.first { $0.transaction == decision.transaction }
            if earlier == nil { actions.append(.begin(transaction: decision.transaction)) }
            guard let commit = decision.commit, earlier?.commit == nil else { continue }
            if commit {
                let missing = step.cluster.nodes.filter { $0.id != step.node }.filter { other in
                    !other.state.votes.contains(.init(transaction: decision.transaction, value: true))
                }
                if !missing.isEmpty {
                    return .divergence("the coordinator committed t\(decision.transaction) without a yes vote from "
                        + missing.map(\.id.description).joined(separator: ", "))
                }
            }
            actions.append(.decide(transaction: decision.transaction, commit: commit))
        }
        // Outcomes: learnt from the decision (or an own no vote); a crash forgets them all.
        if case .crash = step.cause, !after.outcomes.isEmpty || !before.outcomes.isEmpty { actions.append(.forget) }
        for outcome in after.outcomes where !before.outcomes.contains(outcome) {
            if before.outcomes.contains(where: { $0.transaction == outcome.transaction }) {
                return .divergence("its outcome of t\(outcome.transaction) changed")
            }
            let decided = step.cluster.nodes.lazy.compactMap { node in
                node.state.decisions.first { $0.transaction == outcome.transaction }?.commit
            }.first
            let votedNo = after.votes.contains(.init(transaction: outcome.transaction, value: false))
            guard decided == outcome.value || (!outcome.value && votedNo) else {
                return .divergence("it learnt \(outcome.value ? "commit" : "abort") of t\(outcome.transaction), which the coordinator "
                    + (decided.map { "decided \($0 ? "commit" : "abort")" } ?? "has not decided"))
            }
            actions.append(.learn(transaction: outcome.transaction, commit: outcome.value))
        }
        return .allowed(actions)
    }
}
