import PropCheckEngine

/// One run: the cluster, the network, the event queue and the checkers, driven by a
/// schedule and a choice source. Every decision the run makes (message fates,
/// delays, clock rates, nodes' random numbers) is drawn from the source, and ties
/// in the queue break by insertion order, so the same choices give the same run.
@usableFromInline
final class Simulation<Node: SimulatedNode> {
    /// A node's bookkeeping, all trivial values: the hot path reads these on every
    /// event, and a slot that also held the node's state was copied whole to read one.
    @usableFromInline
    struct Slot {
        /// True while the node runs (its state is in `states`).
        @usableFromInline var up = false
        @usableFromInline var incarnation = 0
        @usableFromInline var started = false
        @usableFromInline var clockRatePercent = 100
        /// While virtual time is below this, the node is paused: its events wait.
        @usableFromInline var pausedUntil = 0
        @inlinable init() {}
    }

    @usableFromInline
    enum Pending {
        case deliver(from: NodeID, to: NodeID, incarnation: Int, id: Int, message: Node.Message)
        case timer(NodeID, incarnation: Int, Node.Timer, generation: UInt32)
        case notice(to: NodeID, incarnation: Int, peer: NodeID, life: Int)
        /// A client request that reached a paused node, handled once it resumes.
        case request(NodeID, incarnation: Int, Node.Request)
        /// A paused node's pause ends.
        case resume(NodeID, incarnation: Int)
    }

    /// A message a holding partition keeps until the network heals.
    @usableFromInline
    struct HeldMessage {
        @usableFromInline var from: NodeID, to: NodeID, incarnation: Int, id: Int, message: Node.Message
        @inlinable init(from: NodeID, to: NodeID, incarnation: Int, id: Int, message: Node.Message) {
            self.from = from
            self.to = to
            self.incarnation = incarnation
            self.id = id
            self.message = message
        }
    }

    // The hot stored properties skip dynamic exclusivity checks (a third of the time per
    // event otherwise): a run is single-threaded, and no access to them overlaps another.
    @usableFromInline @exclusivity(unchecked) var slots: [Slot]
    /// Each node's volatile state while it is up, by `NodeID.index`.
    @usableFromInline @exclusivity(unchecked) var states: [Node?]
    /// What each node last persisted (synced).
    @usableFromInline @exclusivity(unchecked) var durables: [Node.Durable?]
    /// What each node wrote since its last sync, under storage faults (lost at a crash).
    @usableFromInline @exclusivity(unchecked) var unsynced: [Node.Durable?]
    /// The generation of each node's armed timers: a timer event fires only if its
    /// generation is still current (re-arming or cancelling moves it on).
    @usableFromInline @exclusivity(unchecked) var timerGenerations: [[Node.Timer: UInt32]]
    @usableFromInline @exclusivity(unchecked) var now = 0
    @usableFromInline @exclusivity(unchecked) var queue = EventQueue<Pending>()
    @usableFromInline @exclusivity(unchecked) var network: Network
    @usableFromInline let configuration: SimulationConfiguration<Node>
    /// The step budget: `configuration.maxEvents`, grown as nodes join (see
    /// ``growBudget()``). Kept here: reading it through the generic configuration on
    /// every event costs an outlined copy.
    @usableFromInline var maxEvents: Int
    /// Nodes may misbehave (BUGGIFY) while crashes are on, until the heal phase.
    @usableFromInline var misbehaviourAllowed: Bool
    /// True once a checker found a violation (cheaper to test than the optional).
    @usableFromInline @exclusivity(unchecked) var stopped = false
    @usableFromInline let options: SwarmOptions
    @usableFromInline let source: ChoiceSource
    @usableFromInline let info: ClusterInfo
    @usableFromInline @exclusivity(unchecked) var checkers: [any Checker<Node>]
    /// What each checker reads, and what any of them reads: most events need no call.
    @usableFromInline let checkerReads: [EventCategories]
    @usableFromInline let anyCheckerReads: EventCategories
    @usableFromInline @exclusivity(unchecked) var trace: [TraceEvent<Node>]?
    @usableFromInline @exclusivity(unchecked) var eventIndex = 0
    @usableFromInline @exclusivity(unchecked) var steps = 0
    @usableFromInline @exclusivity(unchecked) var violation: Violation?
    @usableFromInline @exclusivity(unchecked) var statistics = RunStatistics()
    @usableFromInline @exclusivity(unchecked) var nextMessageID = 1
    @usableFromInline @exclusivity(unchecked) var effectBuffer: [Effect<Node>] = []
    /// When the heal phase began, once it has.
    @usableFromInline var healStart: Int?
    /// True once any node has paused: until then no event needs the pause check.
    @usableFromInline @exclusivity(unchecked) var anyPaused = false
    /// Where the conformance checker records model coverage, when there is a model.
    @usableFromInline var modelCoverage: ModelCoverageRecorder?
    /// Messages held by a holding partition, in the order they were held.
    @usableFromInline @exclusivity(unchecked) var held: [HeldMessage] = []

    @usableFromInline
    init(configuration: SimulationConfiguration<Node>, options: SwarmOptions, capacity: Int,
         source: ChoiceSource, recordTrace: Bool) {
        self.configuration = configuration
        self.maxEvents = configuration.maxEvents
        self.misbehaviourAllowed = options.crashes
        self.options = options
        self.source = source
        self.slots = Array(repeating: Slot(), count: capacity)
        self.states = Array(repeating: nil, count: capacity)
        self.durables = Array(repeating: nil, count: capacity)
        self.unsynced = Array(repeating: nil, count: capacity)
        self.timerGenerations = Array(repeating: [:], count: capacity)
        self.network = Network(capacity: capacity, topology: configuration.topology)
        self.info = ClusterInfo(initialMembers: (1...configuration.nodes).map { NodeID($0) })
        var checkers = configuration.checkers()
        if let model = configuration.model {
            let recorder = ModelCoverageRecorder()
            modelCoverage = recorder
            checkers.append(model.conformanceCheck(recording: recorder, reportsDivergence: configuration.checksConformance))
        }
        self.checkers = checkers
        self.checkerReads = checkers.map(\.reads)
        self.anyCheckerReads = checkerReads.reduce([]) { $0.union($1) }
        self.trace = recordTrace ? [] : nil
        network.lossPercent = options.lossPercent
        network.duplicationPercent = options.duplicationPercent
        network.maxExtraDelayTicks = options.maxExtraDelayTicks
        network.maxLongDelayTicks = options.longDelays ? max(configuration.maxLongDelayTicks, options.maxExtraDelayTicks + 1) : 0
    }

    @inlinable var view: ClusterView<Node> { ClusterView(simulation: self) }

    /// Where no state lives (a node out of range): what ``stateAddress(of:)`` points at then.
    @usableFromInline let noState: UnsafeMutablePointer<Node?> = {
        let pointer = UnsafeMutablePointer<Node?>.allocate(capacity: 1)
        pointer.initialize(to: nil)
        return pointer
    }()

    deinit {
        noState.deinitialize(count: 1)
        noState.deallocate()
    }

    /// The address of `node`'s state in `states`, for ``ClusterView``'s subscript to
    /// lend it without a copy. Valid while `states` is not mutated: checkers and goals
    /// run between handlers, when it is not, and `states` never grows after `init`.
    @inlinable func stateAddress(of node: NodeID) -> UnsafePointer<Node?> {
        guard node.index >= 0, node.index < states.count else { return UnsafePointer(noState) }
        return states.withUnsafeBufferPointer { UnsafePointer($0.baseAddress! + node.index) }
    }
}
