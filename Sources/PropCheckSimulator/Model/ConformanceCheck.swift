import PropCheckEngine

/// A model's conformance check as the simulator runs it: a ``Checker`` whose model type
/// is erased into closures. Get one from ``ExecutableModel/conformanceCheck(recording:reportsDivergence:)``.
///
/// After every handler, and at every start, crash and restart, it maps the node's state
/// to the model's and asks the model to explain any change. The first change the model
/// cannot explain is a `conformance` violation, with the cause and both abstract states.
/// It records model coverage as it goes, whether or not it reports divergences.
public struct ConformanceCheck<Node: SimulatedNode>: Checker {
    @usableFromInline let observeEvent: (TraceEvent<Node>, ClusterView<Node>) -> Violation?
    @usableFromInline let observeState: (NodeID, ClusterView<Node>) -> Violation?

    /// A check from what to do at each event it reads and after each handler.
    @inlinable
    init(observe: @escaping (TraceEvent<Node>, ClusterView<Node>) -> Violation?,
         stateChanged: @escaping (NodeID, ClusterView<Node>) -> Violation?) {
        observeEvent = observe
        observeState = stateChanged
    }

    public var property: String { conformancePropertyName }
    /// Lifecycle events (a start, crash or restart changes a node's abstract state), the
    /// inputs of handlers (their causes), and states after handlers.
    public var reads: EventCategories { [.lifecycle, .messageEvents, .timers, .requests, .states] }

    @inlinable
    public mutating func observe(_ event: TraceEvent<Node>, in cluster: ClusterView<Node>) -> Violation? {
        observeEvent(event, cluster)
    }

    @inlinable
    public mutating func stateChanged(_ node: NodeID, in cluster: ClusterView<Node>) -> Violation? {
        observeState(node, cluster)
    }
}

extension ExecutableModel {
    /// The conformance check of this model. Inlinable, so that the witness of a model's
    /// conformance, emitted in the model's own module, compiles the check specialised
    /// for it: through a generic checker, every step looked up type metadata (a fifth
    /// of a Raft campaign's time).
    @inlinable
    public func conformanceCheck(recording recorder: ModelCoverageRecorder, reportsDivergence: Bool) -> ConformanceCheck<Node> {
        let state = ConformanceState(model: self, recorder: recorder, reportsDivergence: reportsDivergence)
        return ConformanceCheck(observe: { state.observe($0, in: $1) }, stateChanged: { state.stateChanged($0, in: $1) })
    }
}

/// What a conformance check keeps during a run: the model (with its history), each
/// node's abstract state and fingerprint, and what last ran at each node.
@usableFromInline
final class ConformanceState<Model: ExecutableModel> {
    @usableFromInline typealias Node = Model.Node

    // A run is single-threaded and no access to these overlaps another: the dynamic
    // exclusivity checks on a class's properties cost more than the reads.
    @usableFromInline @exclusivity(unchecked) var model: Model
    @usableFromInline let recorder: ModelCoverageRecorder
    /// False records coverage only (another property is checked alone).
    @usableFromInline let reportsDivergence: Bool
    @usableFromInline @exclusivity(unchecked) var cluster = AbstractCluster<Model.NodeState>(states: [])
    @usableFromInline @exclusivity(unchecked) var fingerprints: [UInt64] = []
    @usableFromInline @exclusivity(unchecked) var causes: [ModelCause<Node>?] = []
    /// The cluster's fingerprint now, once any node has started.
    @usableFromInline @exclusivity(unchecked) var current: UInt64?

    @inlinable
    init(model: Model, recorder: ModelCoverageRecorder, reportsDivergence: Bool) {
        self.model = model
        self.recorder = recorder
        self.reportsDivergence = reportsDivergence
    }

    @inlinable
    func observe(_ event: TraceEvent<Node>, in view: ClusterView<Node>) -> Violation? {
        switch event.kind {
        case .start(let node), .join(let node, _): return changed(node, cause: .start, in: view)
        case .restart(let node): return changed(node, cause: .restart, in: view)
        case .crash(let node): return changed(node, cause: .crash, in: view)
        case .deliver(let from, let to, _, let message): remember(.message(message, from: from), at: to)
        case .timer(let node, let timer): remember(.timer(timer), at: node)
        case .request(let node, let request): remember(.request(request), at: node)
        case .peerFailed(let node, let peer): remember(.peerFailed(peer), at: node)
        default: break
        }
        return nil
    }

    @inlinable
    func stateChanged(_ node: NodeID, in view: ClusterView<Node>) -> Violation? {
        changed(node, cause: node.index < causes.count ? causes[node.index] ?? .start : .start, in: view)
    }

    @inlinable
    func remember(_ cause: ModelCause<Node>, at node: NodeID) {
        grow(to: node)
        causes[node.index] = cause
    }

    @inlinable
    func grow(to node: NodeID) {
        guard node.index >= cluster.states.count else { return }
        let missing = node.index + 1 - cluster.states.count
        cluster.states += Array(repeating: nil, count: missing)
        fingerprints += Array(repeating: 0, count: missing)
        causes += Array(repeating: nil, count: missing)
    }

    /// Maps `node`'s state again; judges and records any change.
    @inlinable
    func changed(_ node: NodeID, cause: ModelCause<Node>, in view: ClusterView<Node>) -> Violation? {
        grow(to: node)
        causes[node.index] = cause
        let after = model.abstract(node, in: view)
        let before = cluster.states[node.index]
        guard after != before else { return nil }
        if case .divergence(let reason) = model.step(ModelStep(node: node, cause: cause, before: before, after: after,
                                                               cluster: cluster)), reportsDivergence {
            return Violation(property: conformancePropertyName, message: """
                \(node) on \(cause): \(reason)
                  model state before:       \(before.map(\.description) ?? "not started")
                  implementation, as model: \(after.map(\.description) ?? "not started")
                """, nodes: [node])
        }
        cluster.states[node.index] = after
        fingerprints[node.index] = after.map(model.fingerprint) ?? 0
        // Which node is in which state does not matter to coverage (nodes are
        // symmetric), so the cluster is the sorted multiset of its nodes' fingerprints.
        var hash = StableHash()
        for fingerprint in fingerprints.sorted() { hash.combine(fingerprint) }
        recorder.coverage.reach(hash.value, from: current)
        current = hash.value
        return nil
    }
}
