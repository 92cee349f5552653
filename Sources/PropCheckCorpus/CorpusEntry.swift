/// One saved, shrunk counterexample: enough to replay it exactly (the choices) and
/// to read it without running anything (the schedule, the violation, a trace excerpt).
public struct CorpusEntry: Codable, Hashable, Sendable {
    /// The version of this file format this engine writes and reads.
    public static let currentFormat = 1

    /// File format version.
    public var format: Int
    /// The protocol (`gms`, `pingpong`).
    public var protocolName: String
    /// The variant (`gms3`, `gms3-offbyone`).
    public var variant: String
    /// The violated property.
    public var property: String
    /// The violation, as reported.
    public var message: String
    /// Safety or liveness.
    public var kind: String
    /// The fault kinds the campaign allowed: they shape how the choices are read, so
    /// an exact replay needs them.
    public var faults: [String]
    /// The cluster size, when the campaign set one (`--nodes`).
    public var nodes: Int?
    /// The only property checked, when the campaign chose one (`--property`).
    public var checkedProperty: String?
    /// Whether the run was checked against the protocol's model (`conformance`); nil
    /// for a protocol without one, and for entries recorded before models were checked,
    /// which replay without it.
    public var conformance: Bool?
    /// The swarm options of the run, as printed.
    public var swarm: String
    /// The external schedule, one step per line.
    public var schedule: [String]
    /// The swarm options and schedule as data, so a replay can run them even when the
    /// code that reads the choices has changed; nil in entries written before it existed.
    public var plan: RecordedPlan?
    /// The replay token of the shrunk run (seed and choices): replays it exactly.
    public var replay: String
    /// What shrinking did.
    public var shrink: ShrinkSummary
    /// The last events of the run, as a log.
    public var trace: [String]

    /// A run's swarm options and external schedule as data, and how many of its
    /// choices drew them (the rest decided the run: message fates, delays, timers).
    public struct RecordedPlan: Codable, Hashable, Sendable {
        /// The swarm options, as the simulator encodes them.
        public var options: JSONValue
        /// The schedule (initial nodes and steps), as the simulator encodes it.
        public var schedule: JSONValue
        /// The choices drawn before the run started.
        public var planChoices: Int

        /// A plan.
        public init(options: JSONValue, schedule: JSONValue, planChoices: Int) {
            self.options = options
            self.schedule = schedule
            self.planChoices = planChoices
        }
    }

    /// What shrinking did, in numbers.
    public struct ShrinkSummary: Codable, Hashable, Sendable {
        /// Candidate runs the shrinker made.
        public var calls: Int
        /// Schedule steps before shrinking.
        public var originalSteps: Int
        /// Schedule steps after.
        public var shrunkSteps: Int
        /// Choices before shrinking.
        public var originalChoices: Int
        /// Choices after.
        public var shrunkChoices: Int
        /// The property the failure was first seen to violate, when the shrink moved to
        /// a smaller violation of another one of the same kind (safety or liveness): the
        /// same bug seen by another checker, most often. Nil when it kept the property.
        public var originalProperty: String?

        /// The figures.
        public init(calls: Int, originalSteps: Int, shrunkSteps: Int, originalChoices: Int, shrunkChoices: Int,
                    originalProperty: String? = nil) {
            self.calls = calls
            self.originalSteps = originalSteps
            self.shrunkSteps = shrunkSteps
            self.originalChoices = originalChoices
            self.shrunkChoices = shrunkChoices
            self.originalProperty = originalProperty
        }
    }

    /// An entry in the current format.
    public init(protocolName: String, variant: String, property: String, message: String, kind: String,
                faults: [String], nodes: Int? = nil, checkedProperty: String? = nil, conformance: Bool? = nil, swarm: String,
                schedule: [String], plan: RecordedPlan? = nil, replay: String, shrink: ShrinkSummary, trace: [String]) {
        self.conformance = conformance
        self.plan = plan
        self.faults = faults
        self.nodes = nodes
        self.checkedProperty = checkedProperty
        self.format = CorpusEntry.currentFormat
        self.protocolName = protocolName
        self.variant = variant
        self.property = property
        self.message = message
        self.kind = kind
        self.swarm = swarm
        self.schedule = schedule
        self.replay = replay
        self.shrink = shrink
        self.trace = trace
    }

    private enum CodingKeys: String, CodingKey {
        case format, protocolName = "protocol", variant, property, message, kind, faults, nodes, checkedProperty, conformance, swarm,
             schedule, plan, replay, shrink, trace
    }
}
