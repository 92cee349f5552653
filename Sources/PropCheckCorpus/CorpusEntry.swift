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
    /// The swarm options of the run, as printed.
    public var swarm: String
    /// The external schedule, one step per line.
    public var schedule: [String]
    /// The replay token of the shrunk run (seed and choices): replays it exactly.
    public var replay: String
    /// What shrinking did.
    public var shrink: ShrinkSummary
    /// The last events of the run, as a log.
    public var trace: [String]

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

        /// The figures.
        public init(calls: Int, originalSteps: Int, shrunkSteps: Int, originalChoices: Int, shrunkChoices: Int) {
            self.calls = calls
            self.originalSteps = originalSteps
            self.shrunkSteps = shrunkSteps
            self.originalChoices = originalChoices
            self.shrunkChoices = shrunkChoices
        }
    }

    /// An entry in the current format.
    public init(protocolName: String, variant: String, property: String, message: String, kind: String,
                faults: [String], nodes: Int? = nil, checkedProperty: String? = nil, swarm: String,
                schedule: [String], replay: String, shrink: ShrinkSummary, trace: [String]) {
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
        case format, protocolName = "protocol", variant, property, message, kind, faults, nodes, checkedProperty, swarm,
             schedule, replay, shrink, trace
    }
}
