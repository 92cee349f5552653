import PropCheckEngine

/// Follows a run step by step against an ``ExecutableModel``: after every handler, and
/// at every start, crash and restart, it maps the node's state to the model's and asks
/// the model to explain any change. The first change the model cannot explain is a
/// `conformance` violation, with both abstract states and the cause. It records model
/// coverage as it goes, whether or not it reports divergences.
@usableFromInline
struct ConformanceChecker<Model: ExecutableModel>: Checker {
    @usableFromInline typealias Node = Model.Node

    @usableFromInline static var property: String { conformancePropertyName }

    @usableFromInline var model: Model
    @usableFromInline let recorder: ModelCoverageRecorder
    /// False records coverage only (another property is checked alone).
    @usableFromInline let reportsDivergence: Bool
    @usableFromInline var cluster = AbstractCluster<Model.NodeState>(states: [])
    @usableFromInline var fingerprints: [UInt64] = []
    @usableFromInline var causes: [ModelCause<Node>?] = []
    /// The cluster's fingerprint now, once any node has started.
    @usableFromInline var current: UInt64?

    @usableFromInline
    init(model: Model, recorder: ModelCoverageRecorder, reportsDivergence: Bool) {
        self.model = model
        self.recorder = recorder
        self.reportsDivergence = reportsDivergence
    }

    @usableFromInline var property: String { Self.property }
    @usableFromInline var reads: EventCategories { [.lifecycle, .messageEvents, .timers, .requests, .states] }

    @usableFromInline
    mutating func observe(_ event: TraceEvent<Node>, in view: ClusterView<Node>) -> Violation? {
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

    @usableFromInline
    mutating func stateChanged(_ node: NodeID, in view: ClusterView<Node>) -> Violation? {
        changed(node, cause: node.index < causes.count ? causes[node.index] ?? .start : .start, in: view)
    }

    mutating func remember(_ cause: ModelCause<Node>, at node: NodeID) {
        grow(to: node)
        causes[node.index] = cause
    }

    mutating func grow(to node: NodeID) {
        guard node.index >= cluster.states.count else { return }
        let missing = node.index + 1 - cluster.states.count
        cluster.states += Array(repeating: nil, count: missing)
        fingerprints += Array(repeating: 0, count: missing)
        causes += Array(repeating: nil, count: missing)
    }

    /// Maps `node`'s state again; judges and records any change.
    mutating func changed(_ node: NodeID, cause: ModelCause<Node>, in view: ClusterView<Node>) -> Violation? {
        grow(to: node)
        causes[node.index] = cause
        let after = model.abstract(node, in: view)
        let before = cluster.states[node.index]
        guard after != before else { return nil }
        if case .divergence(let reason) = model.step(ModelStep(node: node, cause: cause, before: before, after: after,
                                                               cluster: cluster)), reportsDivergence {
            return Violation(property: Self.property, message: """
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

extension ExecutableModel {
    /// The conformance checker of this model, recording into `recorder`.
    @inlinable
    func conformanceChecker(recording recorder: ModelCoverageRecorder, reportsDivergence: Bool) -> any Checker<Node> {
        ConformanceChecker(model: self, recorder: recorder, reportsDivergence: reportsDivergence)
    }
}
