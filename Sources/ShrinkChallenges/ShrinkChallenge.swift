import PropCheckEngine

/// A classic shrinking problem: a property that fails, and the unique simplest
/// counterexample under PropCheck's order (shortlex on choices), which a good
/// shrinker must reach from any starting failure.
///
/// The problems follow the community's shrinking challenge (bound5, calculator,
/// coupling, distinct, nested lists, reverse …); each states its minimum and why.
public struct ShrinkChallenge: Sendable {
    /// Short identifier (`reverse`, `nested-lists`).
    public let name: String
    /// What the property claims and why it is false.
    public let summary: String
    /// The canonical minimal counterexample, pretty-printed.
    public let minimumDescription: String
    private let attempt: @Sendable (PropertyConfiguration) async -> ChallengeResult

    /// A challenge over values of type `Value`, whose simplest counterexample is `minimum`.
    public init<Value: Equatable & Sendable>(
        name: String, summary: String, generator: Gen<Value>, minimum: Value,
        property: @escaping @Sendable (Value) throws -> Bool
    ) {
        self.name = name
        self.summary = summary
        self.minimumDescription = prettyDescription(of: minimum)
        self.attempt = { configuration in
            let report = await forAll(generator, name: name, configuration: configuration) { value in try property(value) }
            guard let counterexample = report.counterexample else {
                return ChallengeResult(found: false, shrunk: nil, reachedMinimum: false, statistics: nil,
                                       originalChoices: 0, shrunkChoices: 0, report: report.description)
            }
            return ChallengeResult(
                found: true, shrunk: prettyDescription(of: counterexample.value),
                reachedMinimum: counterexample.value == minimum, statistics: counterexample.shrinkStatistics,
                originalChoices: counterexample.originalChoiceCount,
                shrunkChoices: counterexample.replayToken.choices.count, report: report.description)
        }
    }

    /// Searches for a failure from `seed` (up to `iterations` cases) and shrinks it.
    public func run(seed: Seed, iterations: Int = 10_000, budget: ShrinkBudget = ShrinkBudget()) async -> ChallengeResult {
        await attempt(PropertyConfiguration(iterations: iterations, seed: seed, shrinkBudget: budget))
    }
}

/// What one attempt at a challenge produced.
public struct ChallengeResult: Sendable {
    /// True when a failing case was found at all.
    public var found: Bool
    /// The shrunk counterexample, pretty-printed.
    public var shrunk: String?
    /// True when the shrunk counterexample is the canonical minimum.
    public var reachedMinimum: Bool
    /// What shrinking cost.
    public var statistics: ShrinkStatistics?
    /// Choices drawn by the failing case as found.
    public var originalChoices: Int
    /// Choices drawn by the shrunk case.
    public var shrunkChoices: Int
    /// The property report, for diagnosis.
    public var report: String
}
