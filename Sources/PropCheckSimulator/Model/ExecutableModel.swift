import PropCheckEngine

/// The property a model's divergence is reported as, and `--property` names.
public let conformancePropertyName = "conformance"

/// An abstract model of a protocol, written by its author beside the implementation
/// (a Raft per Figure 2 of the paper, a view-synchronous group): what each node's state
/// means, abstractly, and which changes of it the protocol allows.
///
/// The simulator follows every handler: it maps the node's state through
/// ``abstract(_:in:)`` (the refinement mapping) and, when the abstract state changed,
/// asks ``step(_:)`` (the step relation) which abstract actions explain the change. The
/// first change no action explains is a `conformance` violation, reported with the
/// states before and after side by side. The distinct abstract states a campaign reaches
/// are its model coverage (see ``ModelCoverage``), which a guided campaign steers by.
///
/// What the model leaves out is the mapping's business: an implementation's internal
/// entries (Raft's leader no-op), bookkeeping messages and caches do not appear in
/// ``NodeState``, so they never show as a divergence. A protocol without a model
/// runs as before.
public protocol ExecutableModel<Node>: Sendable {
    /// The protocol modelled.
    associatedtype Node: SimulatedNode
    /// One node's abstract state: what the model says a node is (term, vote, log, commit
    /// index; a view and the messages delivered in it).
    associatedtype NodeState: Hashable & Sendable & CustomStringConvertible
    /// The model's actions (`Timeout(n2)`, `AppendEntries(n3, term 4)`), named in
    /// reports of a conformance failure.
    associatedtype Action: Sendable & CustomStringConvertible

    /// The refinement mapping for `node`: its abstract state, read from the cluster
    /// (`cluster[node]` while it is up, `cluster.durable(of: node)` while it is down), or
    /// nil for a node that never started. It must not draw choices or keep history.
    func abstract(_ node: NodeID, in cluster: ClusterView<Node>) -> NodeState?

    /// The step relation: the actions that take `step.node` from `step.before` to
    /// `step.after` given what caused the handler (``ModelStep/cause``) and the abstract
    /// state of every node before it, or a ``ModelVerdict/divergence(_:)`` saying which
    /// rule the change breaks. Called only when the abstract state changed. A model may
    /// keep history (ghost variables: the votes granted in each term, each leader's log),
    /// which is why it is `mutating`; it is fresh for every run.
    mutating func step(_ step: ModelStep<Self>) -> ModelVerdict<Action>

    /// What model coverage counts of a node's abstract state: two states with the same
    /// fingerprint are one covered state. The same in every process (build it with
    /// ``StableHash``), and usually coarser than the state itself (log terms without
    /// commands), so that coverage counts shapes of the protocol rather than data. The
    /// default hashes the state's description.
    func fingerprint(_ state: NodeState) -> UInt64

    /// The model's conformance check, as the simulator runs it. Leave it to its default:
    /// a requirement, so that the default is compiled where the model's type is known
    /// (its own module) and the check runs specialised for it.
    func conformanceCheck(recording recorder: ModelCoverageRecorder, reportsDivergence: Bool) -> ConformanceCheck<Node>
}

extension ExecutableModel {
    public func fingerprint(_ state: NodeState) -> UInt64 { StableHash.of(state.description) }
}

/// What ran at a node before its abstract state changed: the model's clue to which
/// action it took.
public enum ModelCause<Node: SimulatedNode>: Sendable, CustomStringConvertible {
    /// The node started for the first time (or joined): its initial state.
    case start
    /// The node crashed: its volatile state is gone, its durable state remains.
    case crash
    /// The node restarted from its durable state.
    case restart
    /// A message from `from` was delivered.
    case message(Node.Message, from: NodeID)
    /// A timer fired.
    case timer(Node.Timer)
    /// A client request arrived.
    case request(Node.Request)
    /// The failure detector reported `peer`.
    case peerFailed(NodeID)

    public var description: String {
        switch self {
        case .start: "start"
        case .crash: "crash"
        case .restart: "restart"
        case .message(let message, let from): "recv \(message) from \(from)"
        case .timer(let timer): "timer \(timer)"
        case .request(let request): "request \(request)"
        case .peerFailed(let peer): "notice: \(peer) failed"
        }
    }
}

/// One change of a node's abstract state, as ``ExecutableModel/step(_:)`` judges it.
public struct ModelStep<Model: ExecutableModel>: Sendable {
    /// The node whose state changed.
    public var node: NodeID
    /// What ran at it.
    public var cause: ModelCause<Model.Node>
    /// Its abstract state before (nil before it first started).
    public var before: Model.NodeState?
    /// Its abstract state after.
    public var after: Model.NodeState?
    /// Every node's abstract state before the change (the other nodes' are current).
    public var cluster: AbstractCluster<Model.NodeState>

    /// A step (the conformance checker makes them; a test of a model may too).
    public init(node: NodeID, cause: ModelCause<Model.Node>, before: Model.NodeState?, after: Model.NodeState?,
                cluster: AbstractCluster<Model.NodeState>) {
        self.node = node
        self.cause = cause
        self.before = before
        self.after = after
        self.cluster = cluster
    }
}

/// The abstract state of a whole cluster: one ``ExecutableModel/NodeState`` per node
/// that ever started.
public struct AbstractCluster<State: Hashable & Sendable>: Hashable, Sendable {
    /// By `NodeID.index`; nil for a node that never started.
    public var states: [State?]

    /// A cluster's abstract state.
    public init(states: [State?]) { self.states = states }

    /// `node`'s abstract state, or nil.
    public subscript(node: NodeID) -> State? {
        node.index >= 0 && node.index < states.count ? states[node.index] : nil
    }

    /// The nodes that ever started, in order, with their states.
    public var nodes: [(id: NodeID, state: State)] {
        states.indices.compactMap { index in states[index].map { (NodeID(index + 1), $0) } }
    }
}

/// The model's judgement of one step.
public enum ModelVerdict<Action: Sendable & CustomStringConvertible>: Sendable {
    /// The change is these actions, in order (one handler may take several: adopt a
    /// newer term, then accept its leader's entries).
    case allowed([Action])
    /// No action allows the change; why, naming the rule broken.
    case divergence(String)
}
