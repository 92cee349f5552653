/// Everything about a campaign's runs except the choices: cluster size, network,
/// which faults swarm testing may switch on, budgets, and the properties checked.
public struct SimulationConfiguration<Node: SimulatedNode>: Sendable {
    /// The variant every node of a run is built with (see ``SimulatedNode/Parameters``).
    public var parameters: Node.Parameters
    /// Nodes started before the first step.
    public var nodes: Int
    /// Link latencies.
    public var topology: Topology
    /// Fault kinds swarm testing may switch on.
    public var faults: Set<FaultKind>
    /// Most schedule steps per run.
    public var maxSteps: Int
    /// Longest single wait step, in ticks.
    public var maxWaitTicks: Int
    /// Largest extra message delay swarm testing may choose, in ticks.
    public var maxExtraDelayTicks: Int
    /// Largest delay of the long tail (with `long-delay` faults on), in ticks: make it
    /// several of the protocol's timeouts, so stale replies and late retries happen.
    public var maxLongDelayTicks = 500
    /// Longest single pause (with `pause` faults on), in ticks.
    public var maxPauseTicks = 300
    /// Step budget: most events one run may process before it is a liveness failure.
    public var maxEvents: Int
    /// Virtual time the heal phase has to reach the liveness goal, in ticks.
    public var healTicks: Int
    /// The progress condition of the heal phase; nil checks no liveness goal.
    public var liveness: LivenessGoal<Node>?
    /// How the heal phase treats crashed nodes and how long the goal must hold.
    public var heal = HealPhase()
    /// Makes the checkers for one run (they keep per-run history).
    public var checkers: @Sendable () -> [any Checker<Node>]
    /// The protocol's abstract model, if it has one: its runs are checked for
    /// conformance (property `conformance`) and their model coverage is recorded.
    public var model: (any ExecutableModel<Node>)?
    /// False records model coverage without reporting divergences (another property is
    /// checked alone).
    public var checksConformance = true
    /// When true, a partition makes the failure detector suspect the nodes cut off
    /// (a false suspicion), as Groupy's monitors would under a real partition.
    public var suspectOnPartition: Bool

    /// A configuration for the variant `parameters` names; the defaults suit a small
    /// cluster with every fault allowed.
    public init(
        parameters: Node.Parameters,
        nodes: Int = 3, topology: Topology = .uniform(), faults: Set<FaultKind> = Set(FaultKind.allCases),
        maxSteps: Int = 20, maxWaitTicks: Int = 100, maxExtraDelayTicks: Int = 20,
        maxEvents: Int = 100_000, healTicks: Int = 2_000, liveness: LivenessGoal<Node>? = nil,
        suspectOnPartition: Bool = false, model: (any ExecutableModel<Node>)? = nil,
        checkers: @escaping @Sendable () -> [any Checker<Node>] = { [] }
    ) {
        self.parameters = parameters
        self.model = model
        self.nodes = nodes
        self.topology = topology
        self.faults = faults
        self.maxSteps = maxSteps
        self.maxWaitTicks = maxWaitTicks
        self.maxExtraDelayTicks = maxExtraDelayTicks
        self.maxEvents = maxEvents
        self.healTicks = healTicks
        self.liveness = liveness
        self.suspectOnPartition = suspectOnPartition
        self.checkers = checkers
    }

    // MARK: -

    /// The properties its runs check, as `--property` names them: the checkers', then
    /// `conformance` when there is a model, then the liveness goal's.
    public var properties: [String] {
        checkers().map(\.property) + (model == nil ? [] : [conformancePropertyName])
            + (liveness.map { [$0.property] } ?? [])
    }

    /// This configuration for a cluster of `nodes`: the step budget grows with the
    /// square of the cluster's growth (a round in which every node talks to every
    /// other has n² messages), so a larger cluster's ordinary traffic is not mistaken
    /// for a livelock; a smaller cluster keeps the budget it had.
    public func resized(to nodes: Int) -> SimulationConfiguration {
        var resized = self
        resized.nodes = nodes
        if nodes > self.nodes, self.nodes > 0 {
            let growth = Double(nodes) / Double(self.nodes)
            resized.maxEvents = Int((Double(maxEvents) * growth * growth).rounded(.up))
        }
        return resized
    }

    /// The most choices one run may draw: enough for a run that uses its whole step
    /// budget, grown by joins to 4x (a message storm draws a fate per message), so that
    /// any run replays.
    public var maxChoices: Int { max(100_000, 16 * maxEvents) }

    /// What is wrong with the configuration, or nil.
    public var problem: String? {
        if nodes < 1 { return "nodes must be at least 1, got \(nodes)" }
        if maxSteps < 0 { return "maxSteps must not be negative, got \(maxSteps)" }
        if maxWaitTicks < 1 { return "maxWaitTicks must be at least 1, got \(maxWaitTicks)" }
        if maxExtraDelayTicks < 0 { return "maxExtraDelayTicks must not be negative, got \(maxExtraDelayTicks)" }
        if maxLongDelayTicks < 1 { return "maxLongDelayTicks must be at least 1, got \(maxLongDelayTicks)" }
        if maxPauseTicks < 1 { return "maxPauseTicks must be at least 1, got \(maxPauseTicks)" }
        if maxEvents < 1 { return "maxEvents must be at least 1, got \(maxEvents)" }
        if healTicks < 0 { return "healTicks must not be negative, got \(healTicks)" }
        if heal.goalHoldTicks < 0 { return "heal.goalHoldTicks must not be negative, got \(heal.goalHoldTicks)" }
        return topology.problem.map { "topology: \($0)" }
    }
}

extension SimulationConfiguration where Node.Parameters == Void {
    /// A configuration for a protocol with one variant; the defaults suit a small
    /// cluster with every fault allowed.
    public init(
        nodes: Int = 3, topology: Topology = .uniform(), faults: Set<FaultKind> = Set(FaultKind.allCases),
        maxSteps: Int = 20, maxWaitTicks: Int = 100, maxExtraDelayTicks: Int = 20,
        maxEvents: Int = 100_000, healTicks: Int = 2_000, liveness: LivenessGoal<Node>? = nil,
        suspectOnPartition: Bool = false, model: (any ExecutableModel<Node>)? = nil,
        checkers: @escaping @Sendable () -> [any Checker<Node>] = { [] }
    ) {
        self.init(parameters: (), nodes: nodes, topology: topology, faults: faults, maxSteps: maxSteps,
                  maxWaitTicks: maxWaitTicks, maxExtraDelayTicks: maxExtraDelayTicks, maxEvents: maxEvents,
                  healTicks: healTicks, liveness: liveness, suspectOnPartition: suspectOnPartition, model: model,
                  checkers: checkers)
    }
}

/// What the heal phase does besides healing the network and stopping loss.
public struct HealPhase: Sendable, Hashable {
    /// Restart every crashed node (once the survivors have heard of every crash).
    /// False leaves them down: the goal must then hold for the survivors alone.
    public var restartsCrashedNodes: Bool
    /// Once the liveness goal first holds (after its probes, if any), it must keep
    /// holding at every instant for this many ticks: "no live member is suspected
    /// after the heal" needs a while, not a moment. 0 ends the run when it first holds.
    public var goalHoldTicks: Int

    /// Heal-phase options; the defaults restart crashed nodes and stop at the goal.
    public init(restartsCrashedNodes: Bool = true, goalHoldTicks: Int = 0) {
        self.restartsCrashedNodes = restartsCrashedNodes
        self.goalHoldTicks = goalHoldTicks
    }
}
