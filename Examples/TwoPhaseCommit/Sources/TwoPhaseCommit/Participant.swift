import PropCheck

/// Two-phase commit (Gray, 1978) as a pure state machine: n1 coordinates, every other
/// initial member participates. A client asks any node to begin a transaction; the
/// coordinator sends `prepare`, each participant votes (yes, durably, or no, and then
/// aborts at once), and the coordinator commits only if every participant voted yes;
/// a timeout or any no vote aborts (presumed abort). Decisions are durable and
/// re-sent: a participant that voted yes asks again until it hears the outcome, and a
/// coordinator that restarts aborts every transaction it had not decided.
public struct Participant: SimulatedNode {
    /// What the nodes send each other.
    public enum Message: SimulatedMessage, Hashable {
        /// A client's request, forwarded to the coordinator.
        case begin(transaction: Int)
        /// The coordinator asks for a vote.
        case prepare(transaction: Int)
        /// A participant's vote (and, re-sent, its question: what was decided?).
        case vote(transaction: Int, yes: Bool)
        /// The coordinator's decision.
        case decision(transaction: Int, commit: Bool)

        public var description: String {
            switch self {
            case .begin(let t): "begin(t\(t))"
            case .prepare(let t): "prepare(t\(t))"
            case .vote(let t, let yes): "vote(t\(t), \(yes ? "yes" : "no"))"
            case .decision(let t, let commit): "decision(t\(t), \(commit ? "commit" : "abort"))"
            }
        }
    }

    /// The timers: the coordinator's deadline for a transaction's votes, and a
    /// participant's periodic retry of its yes votes that await a decision.
    public enum Timer: Hashable, Sendable, CustomStringConvertible {
        case votesDue(transaction: Int)
        case retry
        public var description: String {
            switch self {
            case .votesDue(let t): "votes-due(t\(t))"
            case .retry: "retry"
            }
        }
    }

    /// What a node reports to the checkers, and to reports: a client's request and
    /// the coordinator's decision are a client operation, drawn in the report's lanes.
    public enum Observation: Hashable, Sendable, CustomStringConvertible, ClientObservation {
        /// A client at `node` asked for transaction `transaction`.
        case requested(transaction: Int, at: NodeID)
        /// A participant voted.
        case voted(transaction: Int, yes: Bool)
        /// The coordinator decided, `elapsed` ticks of its clock after it began.
        case decided(transaction: Int, commit: Bool, elapsed: Int)
        /// A participant learnt the outcome (or aborted on its own no vote).
        case outcome(transaction: Int, commit: Bool)

        public var description: String {
            switch self {
            case .requested(let t, let node): "client at \(node) begins t\(t)"
            case .voted(let t, let yes): "voted \(yes ? "yes" : "no") on t\(t)"
            case .decided(let t, let commit, let elapsed): "decided \(commit ? "commit" : "abort") t\(t) after \(elapsed) ticks"
            case .outcome(let t, let commit): "\(commit ? "committed" : "aborted") t\(t)"
            }
        }

        /// A transaction is an operation from the request to the coordinator's
        /// decision: an abort is a definite failure.
        public var clientEvent: ClientEvent? {
            switch self {
            case .requested(let t, let node): .invoke(operation: "t\(t)", client: "client@\(node)", description: "begin t\(t)")
            case .decided(let t, let commit, _): .complete(operation: "t\(t)", result: commit ? "commit" : "abort",
                                                           outcome: commit ? .ok : .failed)
            case .voted, .outcome: nil
            }
        }
    }

    /// A client request: begin transaction `transaction`.
    public typealias Request = Int

    /// Which variant runs: the correct protocol, or one with a planted bug.
    public typealias Parameters = TwoPhaseCommitVariant

    /// What a node keeps across a crash: its votes, and the coordinator's transactions
    /// and decisions (nil: begun, not decided). Sorted arrays, not dictionaries: their
    /// order is the same in every process, so runs replay anywhere.
    public struct Durable: Hashable, Sendable {
        public var votes: [Vote] = []
        public var transactions: [Transaction] = []
    }

    /// A participant's vote on a transaction.
    public struct Vote: Hashable, Sendable {
        public var transaction: Int
        public var yes: Bool
    }

    /// A transaction as the coordinator knows it.
    public struct Transaction: Hashable, Sendable {
        public var id: Int
        /// When it began, on the coordinator's clock.
        public var began: Int
        /// The decision, once taken.
        public var commit: Bool?
    }

    /// Ticks the coordinator waits for every vote.
    public static let voteTimeoutTicks = 40
    /// Ticks between a waiting participant's retries.
    public static let retryTicks = 25

    /// This node.
    public let id: NodeID
    /// The coordinator.
    public let coordinator: NodeID
    /// The participants (every initial member but the coordinator).
    public let participants: [NodeID]
    /// The variant.
    public let variant: TwoPhaseCommitVariant
    /// Durable state, as last persisted.
    public private(set) var durable: Durable
    /// Coordinator: the participants that voted yes, by transaction (volatile: lost at
    /// a crash, which then aborts what was not decided). Only looked up, never iterated.
    public private(set) var yesVoters: [Int: [NodeID]] = [:]
    /// Participant: the outcomes learnt, by transaction (only looked up).
    public private(set) var outcomes: [Int: Bool] = [:]

    public init(id: NodeID, cluster: ClusterInfo, durable: Durable?, parameters: TwoPhaseCommitVariant) {
        self.id = id
        coordinator = cluster.initialMembers[0]
        participants = Array(cluster.initialMembers.dropFirst())
        variant = parameters
        self.durable = durable ?? Durable()
    }

    var isCoordinator: Bool { id == coordinator }

    public mutating func start(_ context: inout NodeContext<Participant>) {
        if isCoordinator {
            // Presumed abort: whatever was begun and not decided before the crash aborts.
            for index in durable.transactions.indices where durable.transactions[index].commit == nil {
                decide(index, commit: false, &context)
            }
        } else if participants.contains(id) {
            context.setTimer(.retry, after: Self.retryTicks)
        }
    }

    public mutating func request(_ transaction: Int, _ context: inout NodeContext<Participant>) {
        context.observe(.requested(transaction: transaction, at: id))
        if isCoordinator { begin(transaction, &context) } else { context.send(.begin(transaction: transaction), to: coordinator) }
    }

    public mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<Participant>) {
        switch message {
        case .begin(let transaction) where isCoordinator:
            begin(transaction, &context)
        case .prepare(let transaction):
            prepare(transaction, from: sender, &context)
        case .vote(let transaction, let yes) where isCoordinator:
            count(Vote(transaction: transaction, yes: yes), from: sender, &context)
        case .decision(let transaction, let commit):
            learn(transaction, commit: commit, &context)
        default:
            break
        }
    }

    public mutating func timerFired(_ timer: Timer, _ context: inout NodeContext<Participant>) {
        switch timer {
        case .votesDue(let transaction):
            guard let index = durable.transactions.firstIndex(where: { $0.id == transaction }),
                  durable.transactions[index].commit == nil else { return }
            // Presumed abort; the planted bug presumes commit instead (a missing vote
            // counts as yes: a no vote may have been lost, a prepare never delivered).
            decide(index, commit: variant.commitsOnTimeout, &context)
        case .retry:
            // Yes votes still waiting for an outcome ask again: the answer is the decision.
            for vote in durable.votes where vote.yes && outcomes[vote.transaction] == nil {
                context.send(.vote(transaction: vote.transaction, yes: true), to: coordinator)
            }
            context.setTimer(.retry, after: Self.retryTicks)
        }
    }

    // MARK: - Coordinator

    mutating func begin(_ transaction: Int, _ context: inout NodeContext<Participant>) {
        guard !durable.transactions.contains(where: { $0.id == transaction }) else { return }
        durable.transactions.append(Transaction(id: transaction, began: context.now, commit: nil))
        context.persist(durable)
        for participant in participants { context.send(.prepare(transaction: transaction), to: participant) }
        context.setTimer(.votesDue(transaction: transaction), after: Self.voteTimeoutTicks)
    }

    mutating func count(_ vote: Vote, from sender: NodeID, _ context: inout NodeContext<Participant>) {
        guard let index = durable.transactions.firstIndex(where: { $0.id == vote.transaction }) else { return }
        if let commit = durable.transactions[index].commit {
            // Decided already: the vote is a question; answer it.
            context.send(.decision(transaction: vote.transaction, commit: commit), to: sender)
            return
        }
        guard vote.yes else { return decide(index, commit: false, &context) }
        var voters = yesVoters[vote.transaction, default: []]
        if !voters.contains(sender) { voters.append(sender) }
        yesVoters[vote.transaction] = voters
        if participants.allSatisfy(voters.contains) { decide(index, commit: true, &context) }
    }

    mutating func decide(_ index: Int, commit: Bool, _ context: inout NodeContext<Participant>) {
        let transaction = durable.transactions[index]
        durable.transactions[index].commit = commit
        context.persist(durable)
        context.observe(.decided(transaction: transaction.id, commit: commit, elapsed: context.now - transaction.began))
        for participant in participants {
            context.send(.decision(transaction: transaction.id, commit: commit), to: participant)
        }
    }

    // MARK: - Participant

    mutating func prepare(_ transaction: Int, from sender: NodeID, _ context: inout NodeContext<Participant>) {
        if let vote = durable.votes.first(where: { $0.transaction == transaction }) {
            // A duplicate or re-sent prepare: the same vote again.
            context.send(.vote(transaction: transaction, yes: vote.yes), to: sender)
            return
        }
        guard outcomes[transaction] == nil else { return }
        // Whether this participant can commit is up to the run: 1 in 4 votes no.
        let yes = context.random(upTo: 3) != 3
        durable.votes.append(Vote(transaction: transaction, yes: yes))
        context.persist(durable)
        context.observe(.voted(transaction: transaction, yes: yes))
        context.send(.vote(transaction: transaction, yes: yes), to: sender)
        if !yes { learn(transaction, commit: false, &context) }
    }

    mutating func learn(_ transaction: Int, commit: Bool, _ context: inout NodeContext<Participant>) {
        guard outcomes[transaction] == nil else { return }
        outcomes[transaction] = commit
        context.observe(.outcome(transaction: transaction, commit: commit))
    }

    /// Client requests for generated schedules: transactions 1 to 3.
    public static var requestGenerator: Gen<Int> { Gen<Int>.int(in: 1...3) }
}
