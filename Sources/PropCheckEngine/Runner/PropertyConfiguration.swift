/// How a property is checked: how many cases, from which seed, and how hard to shrink.
public struct PropertyConfiguration: Sendable {
    /// Passing cases to run (discarded ones do not count). Must not be negative.
    public var iterations: Int
    /// The seed of the run; nil derives one from the property's name, so every run of
    /// the same property checks the same cases (fixed seeds, no flaky tests).
    public var seed: Seed?
    /// A replay token from an earlier failure: run exactly that case instead of `iterations` cases.
    public var replay: String?
    /// What the shrinker may spend on one failure.
    public var shrinkBudget: ShrinkBudget
    /// Set to false to report the failing case as found, unshrunk.
    public var shrinks: Bool
    /// The most choices one case may draw; a larger case is abandoned as overrun.
    public var maxChoicesPerCase: Int
    /// Discarded cases allowed per requested iteration before the run gives up.
    public var maxDiscardRatio: Int

    /// A configuration; the defaults run 100 cases with a seed derived from the name.
    public init(
        iterations: Int = 100, seed: Seed? = nil, replay: String? = nil,
        shrinkBudget: ShrinkBudget = ShrinkBudget(), shrinks: Bool = true,
        maxChoicesPerCase: Int = 100_000, maxDiscardRatio: Int = 10
    ) {
        self.iterations = iterations
        self.seed = seed
        self.replay = replay
        self.shrinkBudget = shrinkBudget
        self.shrinks = shrinks
        self.maxChoicesPerCase = maxChoicesPerCase
        self.maxDiscardRatio = maxDiscardRatio
    }

    /// Why this configuration cannot be run, or nil when it can.
    public var problem: String? {
        if iterations < 0 { return "iterations must not be negative, got \(iterations)" }
        if shrinkBudget.maxCalls < 0 { return "shrinkBudget.maxCalls must not be negative, got \(shrinkBudget.maxCalls)" }
        if maxChoicesPerCase <= 0 { return "maxChoicesPerCase must be positive, got \(maxChoicesPerCase)" }
        if maxDiscardRatio < 0 { return "maxDiscardRatio must not be negative, got \(maxDiscardRatio)" }
        if let replay, case .failure(let error) = Result(catching: { () throws(ReplayTokenError) in try ReplayToken.parse(replay) }) {
            return error.description
        }
        return nil
    }
}
