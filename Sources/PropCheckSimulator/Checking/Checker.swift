/// An invariant over runs of `Node`: it sees every event as it happens and the final
/// state. Returning a ``Violation`` from ``observe(_:in:)`` stops the run at that event
/// (safety); one from ``finish(_:)`` fails the run at its end (liveness, final-state
/// agreement). Checkers live apart from the protocols they check and keep whatever
/// history they need themselves; a fresh one is made for every run.
public protocol Checker<Node> {
    /// The protocol checked.
    associatedtype Node: SimulatedNode
    /// The property's name, as reported and as given to `--property`.
    var property: String { get }
    /// The events ``observe(_:in:)`` is called for (every event unless it says fewer);
    /// its view of event indices and of the cluster is the same either way.
    var reads: EventCategories { get }
    /// Examines one event; return a violation to stop the run.
    mutating func observe(_ event: TraceEvent<Node>, in cluster: ClusterView<Node>) -> Violation?
    /// Examines the cluster after the run (after the heal phase).
    mutating func finish(_ cluster: ClusterView<Node>) -> Violation?
    /// Examines `node`'s state after a handler ran at it (its effects done), for a
    /// checker that `reads` ``EventCategories/states``: invariants of state rather than
    /// of events, such as a commit index that moved without any event saying so. Read
    /// the state through `cluster[node]`, which lends it without a copy.
    mutating func stateChanged(_ node: NodeID, in cluster: ClusterView<Node>) -> Violation?
}

extension Checker {
    public mutating func finish(_ cluster: ClusterView<Node>) -> Violation? { nil }
    public mutating func stateChanged(_ node: NodeID, in cluster: ClusterView<Node>) -> Violation? { nil }
    public var reads: EventCategories { .all }
}

/// What a liveness phase must achieve after the faults stop: a protocol-defined
/// progress condition ("a leader is elected and every request completed").
public struct LivenessGoal<Node: SimulatedNode>: Sendable {
    /// The property name reported when the goal is missed.
    public var property: String
    /// The goal in words, for reports.
    public var description: String
    /// True once the goal is met.
    public var isMet: @Sendable (ClusterView<Node>) -> Bool
    /// Says what is still unmet, for the violation message (optional).
    public var unmet: (@Sendable (ClusterView<Node>) -> String)?
    /// Requests to send once the goal first holds after healing; the goal must then
    /// hold again, so it should also require that the probes got through.
    public var probe: (@Sendable (ClusterView<Node>) -> [(NodeID, Node.Request)])?
    /// False when another property is checked alone: the goal still ends the heal phase
    /// once it holds, as it does when every property is checked, but a miss is not
    /// reported. Checking one property never reports what checking all would not.
    public var isChecked = true

    /// A goal; `unmet` explains, when the goal is missed, what is missing; `probe`
    /// makes requests once the cluster has settled, which the goal must then see served.
    public init(property: String = "liveness", _ description: String,
                unmet: (@Sendable (ClusterView<Node>) -> String)? = nil,
                probe: (@Sendable (ClusterView<Node>) -> [(NodeID, Node.Request)])? = nil,
                isMet: @escaping @Sendable (ClusterView<Node>) -> Bool) {
        self.property = property
        self.description = description
        self.unmet = unmet
        self.probe = probe
        self.isMet = isMet
    }
}

/// Read-only access to the cluster for checkers and liveness goals.
public struct ClusterView<Node: SimulatedNode> {
    @usableFromInline unowned let simulation: Simulation<Node>

    @inlinable init(simulation: Simulation<Node>) { self.simulation = simulation }

    /// Virtual time now, in ticks.
    @inlinable public var now: Int { simulation.now }
    /// The run's swarm options: which faults are on and how strong (a checker may
    /// judge differently with, say, loss on).
    @inlinable public var options: SwarmOptions { simulation.options }
    /// When the heal phase began, or nil while the schedule is still running.
    @inlinable public var healStartedAt: Int? { simulation.healStart }
    /// The members the run began with, in order.
    @inlinable public var initialMembers: [NodeID] { simulation.info.initialMembers }
    /// Every node that ever started, in order.
    @inlinable public var members: [NodeID] { simulation.slots.indices.filter { simulation.slots[$0].started }.map { NodeID($0 + 1) } }
    /// The nodes currently up.
    @inlinable public var upNodes: [NodeID] { members.filter(isUp) }
    /// True when `node` is running.
    @inlinable public func isUp(_ node: NodeID) -> Bool {
        node.index < simulation.slots.count && simulation.slots[node.index].up
    }
    /// Which life of `node` is running (the ``ClusterInfo/life`` it started with: 0 at
    /// its first start, one more at each restart), or nil while it is down. Cheaper
    /// than reading it from the node's state, which generic checkers copy whole.
    @inlinable public func life(of node: NodeID) -> Int? {
        isUp(node) ? simulation.slots[node.index].incarnation : nil
    }
    /// The volatile state of `node`, or nil when it is down or never started.
    @inlinable public func state(of node: NodeID) -> Node? {
        node.index < simulation.states.count ? simulation.states[node.index] : nil
    }
    /// The volatile state of `node`, or nil when it is down or never started, lent
    /// rather than copied: `cluster[node]?.log` retains the log alone, where
    /// `state(of:)` copies the whole state. For checkers that run at every event.
    @inlinable public subscript(node: NodeID) -> Node? {
        // An address, not a coroutine: a `_read` accessor copied the whole state into a
        // temporary to yield it (every array and log chunk retained, then released),
        // which a checker of state, called after every handler, cannot afford.
        unsafeAddress { simulation.stateAddress(of: node) }
    }
    /// What `node` last synced (persisted, or wrote and then synced): what a restart
    /// begins from under storage faults, where a crash loses any later write. A write
    /// not yet synced is not here even with storage faults off (where a crash keeps
    /// it), so that a checker can hold a protocol to syncing before it replies.
    @inlinable public func durable(of node: NodeID) -> Node.Durable? {
        node.index < simulation.durables.count ? simulation.durables[node.index] : nil
    }
}
