import PropCheckCorpus
import PropCheckEngine
import PropCheckReport
import PropCheckSimulator

/// A protocol variant a campaign can fuzz: its name, what it is, whether it is a
/// known-broken variant, and how to run and replay it. Built from any protocol's
/// ``SimulationConfiguration`` (see ``init(protocolName:variant:summary:isBroken:configuration:traps:knownMinimum:traces:)``);
/// its node type is erased, so targets of different protocols sit in one ``TargetRegistry``.
public struct CampaignTarget: Sendable {
    /// The protocol (`gms`, `pingpong`).
    public var protocolName: String
    /// The variant (`gms3`); for single-variant protocols, the protocol's name.
    public var variant: String
    /// One line: what the variant does (and, for a broken one, what is wrong with it).
    public var summary: String
    /// True for variants with a known flaw that a campaign should find.
    public var isBroken: Bool
    /// The fault kinds its campaign injects by default.
    public var defaultFaults: Set<FaultKind>
    /// True when the variant can kill the process (a trap): run it with `--isolate`.
    public var traps: Bool
    /// For a broken variant, the smallest counterexample known and the lower bound on it.
    public var knownMinimum: KnownMinimum?
    /// The properties its campaign checks, as `--property` names them.
    public var properties: [String]
    /// The most choices one of its runs may draw at its own cluster size (see
    /// ``SimulationConfiguration/maxChoices``; ``maxChoices(for:)`` for other settings).
    public var maxChoices: Int
    /// The renderings its replays offer, as `--trace` names them (`log`, `timeline`, `anim`, ...).
    public var traceNames: [String]
    /// What is wrong with its simulation configuration, or nil (see ``SimulationConfiguration/problem``).
    public var configurationProblem: String?
    /// True when the variant has an executable model (its runs check `conformance`,
    /// record model coverage, and can be searched `--guided`).
    public var hasModel: Bool { properties.contains(conformancePropertyName) }
    /// The faults the protocol claims to tolerate and those outside its model, in words,
    /// for `list` (a campaign outside the model is expected to break it).
    public var faultModel: String?
    // The node type is erased into these closures. They are built by an inlinable
    // initialiser, so they are compiled where the node type is known (a built-in
    // registry, a user's module): a generic simulation compiled here, unspecialised,
    // ran campaigns three times slower.
    @usableFromInline let campaign: @Sendable (CampaignTarget, CampaignOptions) async -> CampaignReport
    @usableFromInline let replayRun: @Sendable ([UInt64], RunSettings) throws -> ReplayResult
    @usableFromInline let runCase: @Sendable (ChoiceSource, RunSettings) throws -> CaseOutcome
    @usableFromInline let reportRun: @Sendable ([UInt64], RunSettings) throws -> ReportRun
    @usableFromInline let planRun: @Sendable ([UInt64], RunSettings) throws -> Plan
    @usableFromInline let replayPlanRun: @Sendable (CorpusEntry.RecordedPlan, [UInt64], RunSettings) throws -> ReplayResult
    @usableFromInline let choiceLimit: @Sendable (RunSettings) -> Int

    @usableFromInline
    init(protocolName: String, variant: String, summary: String, isBroken: Bool, defaultFaults: Set<FaultKind>,
         traps: Bool, knownMinimum: KnownMinimum?, properties: [String], maxChoices: Int, traceNames: [String],
         configurationProblem: String?, faultModel: String?,
         campaign: @escaping @Sendable (CampaignTarget, CampaignOptions) async -> CampaignReport,
         replayRun: @escaping @Sendable ([UInt64], RunSettings) throws -> ReplayResult,
         runCase: @escaping @Sendable (ChoiceSource, RunSettings) throws -> CaseOutcome,
         reportRun: @escaping @Sendable ([UInt64], RunSettings) throws -> ReportRun,
         planRun: @escaping @Sendable ([UInt64], RunSettings) throws -> Plan,
         replayPlanRun: @escaping @Sendable (CorpusEntry.RecordedPlan, [UInt64], RunSettings) throws -> ReplayResult,
         choiceLimit: @escaping @Sendable (RunSettings) -> Int) {
        self.protocolName = protocolName
        self.variant = variant
        self.summary = summary
        self.isBroken = isBroken
        self.defaultFaults = defaultFaults
        self.traps = traps
        self.knownMinimum = knownMinimum
        self.properties = properties
        self.maxChoices = maxChoices
        self.traceNames = traceNames
        self.configurationProblem = configurationProblem
        self.faultModel = faultModel
        self.campaign = campaign
        self.replayRun = replayRun
        self.runCase = runCase
        self.reportRun = reportRun
        self.planRun = planRun
        self.replayPlanRun = replayPlanRun
        self.choiceLimit = choiceLimit
    }

    /// The most choices a run may draw under `settings`: a larger cluster has a larger
    /// step budget (``SimulationConfiguration/resized(to:)``), and so more choices.
    public func maxChoices(for settings: RunSettings) -> Int { choiceLimit(settings) }

    /// `protocol/variant`, or the protocol alone when they coincide.
    public var name: String { protocolName == variant ? protocolName : "\(protocolName)/\(variant)" }

    /// Runs a campaign.
    public func run(_ options: CampaignOptions) async -> CampaignReport { await campaign(self, options) }

    /// Runs one case on `source` (fresh or replaying): what a child process does for
    /// `--isolate`.
    public func run(on source: ChoiceSource, settings: RunSettings) throws -> CaseOutcome {
        try runCase(source, settings)
    }

    /// Replays a run from its choices, under the fault kinds its campaign allowed
    /// (they decide which swarm choices were drawn).
    public func replay(_ choices: [UInt64], faults: Set<FaultKind>) throws -> ReplayResult {
        try replayRun(choices, RunSettings(faults: faults))
    }

    /// Replays a run from its choices under the settings its campaign used.
    public func replay(_ choices: [UInt64], settings: RunSettings) throws -> ReplayResult {
        try replayRun(choices, settings)
    }

    /// What a case's choices draw before its run starts.
    public struct Plan: Sendable {
        /// The swarm options.
        public var swarm: String
        /// The schedule, one step per line.
        public var steps: [String]
        /// The spans the swarm and schedule generators marked (one per step, say).
        public var spans: [Span]
        /// The swarm options and schedule as data, as a corpus entry keeps them.
        public var recorded: CorpusEntry.RecordedPlan

        @usableFromInline
        init(swarm: String, steps: [String], spans: [Span], recorded: CorpusEntry.RecordedPlan) {
            self.swarm = swarm
            self.steps = steps
            self.spans = spans
            self.recorded = recorded
        }
    }

    /// The swarm options and schedule that `choices` draw, without running them: what
    /// a case was, even one whose run kills the process, and the structure the
    /// shrinker needs to delete and fold its steps.
    public func plan(_ choices: [UInt64], settings: RunSettings) throws -> Plan {
        try planRun(choices, settings)
    }

    /// Runs a recorded plan (swarm options and schedule as data) instead of drawing it,
    /// with the run's own decisions taken from the choices that followed the plan:
    /// how a corpus entry replays once the code reads its choices differently.
    public func replay(plan: CorpusEntry.RecordedPlan, choices: [UInt64], settings: RunSettings) throws -> ReplayResult {
        try replayPlanRun(plan, choices, settings)
    }

    /// Replays a run for an HTML report: its events, nodes and final states.
    public func report(_ choices: [UInt64], settings: RunSettings) throws -> ReportRun {
        try reportRun(choices, settings)
    }
}

/// A replayed run, rendered.
public struct ReplayResult: Sendable {
    /// The violation, if the run still fails.
    public var violation: Violation?
    /// The run's swarm options, schedule and outcome.
    public var summary: String
    /// Renderings of the trace, by name (`log`, `timeline`, `anim`, and `groupy` for GMS).
    public var traces: [String: String]
    /// Events in the trace.
    public var events: Int
    /// Every node of the run, in order.
    public var nodes: [NodeID]
    @usableFromInline let renderTimeline: @Sendable (TimelineOptions) -> String
    @usableFromInline let renderFailure: @Sendable (TimelineOptions) -> String

    @usableFromInline
    init(violation: Violation?, summary: String, traces: [String: String], events: Int, nodes: [NodeID],
         timeline: @escaping @Sendable (TimelineOptions) -> String, failure: @escaping @Sendable (TimelineOptions) -> String) {
        self.violation = violation
        self.summary = summary
        self.traces = traces
        self.events = events
        self.nodes = nodes
        renderTimeline = timeline
        renderFailure = failure
    }

    /// The per-node timeline of the run, of the nodes and in the width `options` ask
    /// for (`traces["timeline"]` is every node in the default width).
    public func timeline(_ options: TimelineOptions) -> String { renderTimeline(options) }

    /// The run as a log shows a failure: the end of its timeline, or a liveness
    /// failure's summary (see ``SimulationNotes/failure(_:violation:timeline:)``).
    public func failureNotes(_ options: TimelineOptions = .init()) -> String { renderFailure(options) }
}

extension CampaignTarget {
    /// A target for any protocol: a name for its protocol and variant, what the
    /// variant is, and the simulation configuration (cluster, faults, checkers,
    /// liveness goal) its campaigns, replays, isolated cases and reports run under.
    ///
    /// - Parameters:
    ///   - protocolName: the protocol, as `--protocol` names it (`paxos`).
    ///   - variant: the variant, as `--variant` names it; nil names it after the protocol.
    ///   - summary: one line for `list`: what the variant does, or what is wrong with it.
    ///   - isBroken: true for a planted-bug variant that campaigns should catch.
    ///   - configuration: the run settings; its `faults` are the campaign's default faults.
    ///   - traps: true when a case can kill the process (a `precondition`): it always runs isolated.
    ///   - knownMinimum: for a broken variant, the smallest counterexample known.
    ///   - traces: extra renderings of a trace by name (`groupy`), beside `log`, `timeline` and `anim`.
    ///   - faultModel: what the protocol assumes of its faults, in words, for `list`.
    @inlinable
    public init<Node: SimulatedNode>(
        protocolName: String, variant: String? = nil, summary: String, isBroken: Bool = false,
        configuration: SimulationConfiguration<Node>, traps: Bool = false, knownMinimum: KnownMinimum? = nil,
        traces: [String: @Sendable ([TraceEvent<Node>]) -> String] = [:], faultModel: String? = nil
    ) {
        let base = configuration
        let protocolName = protocolName
        let properties = configuration.properties
        @Sendable func rendered(_ run: SimulationRun<Node>) -> ReplayResult {
            let trace = run.trace ?? []
            var rendered = ["log": TraceRenderer.log(trace), "timeline": TraceRenderer.timeline(trace),
                            "anim": TraceRenderer.anim(trace)]
            for (name, render) in traces where rendered[name] == nil { rendered[name] = render(trace) }
            return ReplayResult(violation: run.violation, summary: run.description, traces: rendered, events: trace.count,
                                nodes: Set(trace.compactMap(\.node)).sorted(),
                                timeline: { TraceRenderer.timeline(trace, options: $0) },
                                failure: { [violation = run.violation] in SimulationNotes.failure(trace, violation: violation, timeline: $0) })
        }
        self.init(
            protocolName: protocolName, variant: variant ?? protocolName, summary: summary, isBroken: isBroken,
            defaultFaults: base.faults, traps: traps, knownMinimum: knownMinimum,
            properties: properties, maxChoices: base.maxChoices,
            traceNames: CampaignTarget.standardTraces + traces.keys.sorted().filter { !CampaignTarget.standardTraces.contains($0) },
            configurationProblem: base.problem, faultModel: faultModel,
            campaign: { target, options in
                let configuration = applying(options.settings(defaultFaults: base.faults), to: base)
                return await Campaign(target: target, simulator: Simulator(configuration), options: options).run()
            },
            replayRun: { choices, runSettings in
                rendered(try Simulator(applying(runSettings, to: base)).replay(choices))
            },
            runCase: { source, runSettings in
                let run = try Simulator(applying(runSettings, to: base)).generator().generate(from: source)
                return CaseOutcome(
                    property: run.violation?.property, message: run.violation?.description, events: run.statistics.events,
                    fired: run.options.enabledKinds.filter { run.statistics.count(of: $0) > 0 }.map(\.rawValue),
                    steps: run.schedule.steps.map(\.description), swarm: run.options.description)
            },
            reportRun: { choices, runSettings in
                let run = try Simulator(applying(runSettings, to: base)).replay(choices)
                return ReportRun(trace: run.trace ?? [], finalStates: run.finalStates, violation: run.violation)
            },
            planRun: { choices, runSettings in
                let configuration = applying(runSettings, to: base)
                let source = ChoiceSource(replaying: choices, maxChoices: configuration.maxChoices)
                let (options, schedule) = try Simulator(configuration).plan(from: source)
                let recorded = CorpusEntry.RecordedPlan(options: try JSONValue(encoding: options),
                                                        schedule: try JSONValue(encoding: schedule),
                                                        planChoices: source.choices.count)
                return Plan(swarm: options.description, steps: schedule.steps.map(\.description), spans: source.spans,
                            recorded: recorded)
            },
            replayPlanRun: { plan, choices, runSettings in
                let configuration = applying(runSettings, to: base)
                let options: SwarmOptions, schedule: Schedule<Node.Request>
                do {
                    options = try plan.options.decode(as: SwarmOptions.self)
                    schedule = try plan.schedule.decode(as: Schedule<Node.Request>.self)
                } catch {
                    throw PlanError(problem: "its plan cannot be read as swarm options and a \(protocolName) schedule: \(error)")
                }
                if let problem = plan.problem { throw PlanError(problem: problem) }
                let source = ChoiceSource(replaying: Array(choices.dropFirst(plan.planChoices)),
                                          maxChoices: configuration.maxChoices)
                do {
                    return rendered(try Simulator(configuration).run(schedule, options: options, source: source, recordTrace: true))
                } catch {
                    throw PlanError(problem: "its plan's schedule does not run: \(error)")
                }
            },
            choiceLimit: { runSettings in applying(runSettings, to: base).maxChoices })
    }

    /// The renderings every target's replays have.
    public static let standardTraces = ["log", "timeline", "anim"]
}

/// A corpus entry's recorded plan that cannot be run: it does not decode, or its
/// schedule does not fit the variant. Bad input, not an internal error.
public struct PlanError: Error, CustomStringConvertible {
    /// What is wrong, as the end of a sentence about the entry.
    public var problem: String
    public var description: String { problem }

    /// A plan error.
    public init(problem: String) { self.problem = problem }
}

/// What shapes how a run's choices are read: the fault kinds the campaign allowed,
/// and the cluster size and property filter it set. A replay needs the same.
public struct RunSettings: Sendable, Hashable {
    /// Fault kinds swarm testing may switch on.
    public var faults: Set<FaultKind>
    /// Cluster size; nil keeps the target's.
    public var nodes: Int?
    /// The only property checked; nil checks all.
    public var property: String?
    /// False runs a target's model for coverage only, without its conformance check.
    public var conformance: Bool

    /// Settings.
    public init(faults: Set<FaultKind>, nodes: Int? = nil, property: String? = nil, conformance: Bool = true) {
        self.faults = faults
        self.nodes = nodes
        self.property = property
        self.conformance = conformance
    }
}

/// A target's configuration adjusted to `settings`: the one place campaigns, replays
/// and isolated cases apply them, so all three read choices the same way.
@inlinable
func applying<Node>(_ settings: RunSettings, to base: SimulationConfiguration<Node>) -> SimulationConfiguration<Node> {
    var configuration = base
    configuration.faults = settings.faults
    if let nodes = settings.nodes { configuration = configuration.resized(to: nodes) }
    if !settings.conformance { configuration.checksConformance = false }
    if let property = settings.property {
        let checkers = base.checkers
        configuration.checkers = { checkers().filter { $0.property == property } }
        configuration.checksConformance = property == conformancePropertyName
        // The goal still ends the heal phase (without it, the phase would run on into the
        // step budget and report a failure that checking every property would not).
        if configuration.liveness?.property != property { configuration.liveness?.isChecked = false }
    }
    return configuration
}

/// What one case did, in a form a child process can print and its parent read.
public struct CaseOutcome: Codable, Sendable {
    /// The violated property, if any.
    public var property: String?
    /// The violation, as reported.
    public var message: String?
    /// Events simulated.
    public var events: Int
    /// Fault kinds that fired.
    public var fired: [String]
    /// The schedule, one step per line.
    public var steps: [String]
    /// The swarm options.
    public var swarm: String

    /// What one case did.
    public init(property: String?, message: String?, events: Int, fired: [String], steps: [String], swarm: String) {
        self.property = property
        self.message = message
        self.events = events
        self.fired = fired
        self.steps = steps
        self.swarm = swarm
    }
}
