// # The shrinker's contract
//
// Input: a choice sequence whose test case is *interesting* (it fails the way the
// original failure did), and a test function that replays any sequence.
// Output: an interesting sequence that is no less simple than every interesting
// sequence the shrinker tried: in shortlex order (shorter first, then
// lexicographically smaller), after the size the case reports, if it reports one
// (a schedule's steps: fewer steps is simpler even when it takes more choices).
//
// How: small named passes (``ShrinkPass``) propose edits of the current best
// sequence: delete spans, delete chunks, zero spans, replace spans with a
// descendant, minimise single choices, switch integers to the simpler side,
// lower duplicates together, redistribute between pairs, fold spans into their
// next sibling, sort sibling spans. At a fixed point, escape passes look past the
// local minimum: delete a span and change one unstructured choice after it, or
// regenerate all of them. A
// candidate is replayed; if it is interesting and its *recorded* run (the
// choices the case actually drew, and the size it reported) is simpler than the
// best, it becomes the best.
// Passes run in rounds until a whole round improves nothing (a fixed point) or
// the budget of calls or time runs out. Every candidate ever tried is cached, so
// no sequence runs twice, and each improvement is strictly simpler, so the
// process terminates even without a budget.

/// One replay of a candidate: whether it was interesting, and what it recorded.
public struct ShrinkRun: Sendable {
    /// True when the case failed the same way as the failure being shrunk.
    public var isInteresting: Bool
    /// The choices the case actually drew (a prefix of the candidate, or zeros past it).
    public var choices: [UInt64]
    /// The bound each recorded choice was drawn under.
    public var maxima: [UInt64]
    /// The spans the generators marked.
    public var spans: [Span]
    /// True when the replay stopped early because it could no longer beat the best
    /// (``ChoiceSource/bound``): it is then not interesting, whatever it would have done.
    public var abandoned = false

    /// A run result.
    public init(isInteresting: Bool, choices: [UInt64], maxima: [UInt64], spans: [Span]) {
        self.isInteresting = isInteresting
        self.choices = choices
        self.maxima = maxima
        self.spans = spans
    }

    /// The case's size as its reader counts it (a schedule's steps), when the case
    /// reported one (``ChoiceSource/reportSize(_:)``): the shrinker's first measure.
    public var size: Int?

    /// The record of a source after a case ran on it.
    public init(isInteresting: Bool, source: ChoiceSource) {
        self.init(isInteresting: isInteresting, choices: source.choices, maxima: source.maxima, spans: source.spans)
        size = source.reportedSize
        abandoned = source.abandoned
    }

    /// The shrinker's order: a smaller reported size first, then shortlex on the
    /// choices. A case that reports no size counts as size 0, which leaves shortlex.
    /// Both measures are well-founded, so a shrink that only ever moves to a simpler
    /// run ends, even when fewer steps take more choices (a longer run after a step is
    /// deleted, a fault switched on in place of a step).
    public func isSimpler(than other: ShrinkRun) -> Bool {
        let mine = size ?? 0, theirs = other.size ?? 0
        if mine != theirs { return mine < theirs }
        return ChoiceSequence.isSimpler(choices, than: other.choices)
    }
}

/// How much work the shrinker may do: it stops at whichever limit comes first.
public struct ShrinkBudget: Sendable, Equatable {
    /// The most candidate replays.
    public var maxCalls: Int
    /// The most wall-clock time; a safety net, since hitting it makes results depend on speed.
    public var maxDuration: Duration

    /// A budget.
    public init(maxCalls: Int = 10_000, maxDuration: Duration = .seconds(60)) {
        self.maxCalls = maxCalls
        self.maxDuration = maxDuration
    }
}

/// What a shrink cost and which passes earned their keep.
public struct ShrinkStatistics: Sendable, Equatable {
    /// One pass's share of the work.
    public struct Pass: Sendable, Equatable {
        /// The pass's name, a verb phrase.
        public var name: String
        /// Candidates it asked to replay (cache hits excluded).
        public var calls: Int
        /// Candidates that became the new best.
        public var improvements: Int
    }

    /// Candidates replayed in all.
    public var calls = 0
    /// Candidates that became the new best.
    public var improvements = 0
    /// Rounds of passes run.
    public var rounds = 0
    /// Wall-clock time spent.
    public var duration: Duration = .zero
    /// True when a budget limit stopped the shrinker before it reached a fixed point.
    public var budgetExhausted = false
    /// Per-pass figures, in pass order.
    public var passes: [Pass] = []
}

/// Minimises an interesting choice sequence by running ``ShrinkPass``es to a fixed point.
public final class Shrinker {
    /// The simplest interesting run found so far.
    public private(set) var best: ShrinkRun
    /// What the shrink has cost so far.
    public private(set) var statistics = ShrinkStatistics()

    private let test: (ChoiceSequence) async -> ShrinkRun
    private let budget: ShrinkBudget
    private var tried: Set<ChoiceFingerprint> = []
    private var currentPass = -1
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant

    /// A shrinker starting from `initial`, which must be interesting, replaying
    /// candidates through `test`.
    public init(initial: ShrinkRun, budget: ShrinkBudget = ShrinkBudget(),
                test: @escaping (ChoiceSequence) async -> ShrinkRun) {
        precondition(initial.isInteresting, "the shrinker starts from an interesting run")
        self.best = initial
        self.budget = budget
        self.test = test
        self.started = clock.now
        tried.insert(ChoiceFingerprint(initial.choices))
    }

    /// The passes in the order each round runs them: cheap, structure-removing passes
    /// first, value-lowering passes after, reordering last.
    public static let defaultPasses: [any ShrinkPass] = [
        DeleteSpans(), DeleteChunks(), ZeroSpans(), ReplaceWithDescendant(), MinimizeChoices(),
        SwitchIntegerSide(), LowerDuplicates(), RedistributePairs(), FoldSiblings(), SortSiblingSpans(),
    ]

    /// Passes that run only when the others stop removing choices (at a fixed point,
    /// or in a round that only lowered values), to leave a local minimum at a price
    /// ordinary rounds should not pay: each makes many calls per span.
    public static let defaultEscapes: [any ShrinkPass] = [LowerByCommonOffset(), RegenerateAfterDeletion(), DeleteWithCompensation()]

    /// Runs `passes` in rounds until a round improves nothing or the budget runs out,
    /// and returns the best run. At a fixed point the `escapes` run; if one of them
    /// improves the best, the rounds go on from there.
    @discardableResult
    public func shrink(passes: [any ShrinkPass] = Shrinker.defaultPasses,
                       escapes: [any ShrinkPass] = Shrinker.defaultEscapes) async -> ShrinkRun {
        started = clock.now
        statistics.passes = (passes + escapes).map { ShrinkStatistics.Pass(name: $0.name, calls: 0, improvements: 0) }
        // The length the escapes last ran at without success: they run again at a new
        // length, or at a true fixed point.
        var escapedAtLength: Int?
        while !isExhausted {
            statistics.rounds += 1
            let before = best.choices
            for (index, pass) in passes.enumerated() {
                currentPass = index
                await pass.run(on: self)
                if isExhausted { break }
            }
            let fixedPoint = best.choices == before
            // Rounds that only lower values (no choice removed) can go on for the whole
            // budget; the escapes get their turn then too, once per length.
            guard !isExhausted, fixedPoint || (best.choices.count == before.count && escapedAtLength != before.count)
            else { continue }
            let reached = best.choices
            for (index, pass) in escapes.enumerated() {
                currentPass = passes.count + index
                await pass.run(on: self)
                if best.choices != reached || isExhausted { break }
            }
            if best.choices == reached { escapedAtLength = reached.count }
            if fixedPoint && best.choices == reached { break }
        }
        currentPass = -1
        statistics.duration = clock.now - started
        statistics.budgetExhausted = isExhausted
        return best
    }

    /// True once the budget of calls or time is spent.
    public var isExhausted: Bool {
        statistics.calls >= budget.maxCalls || clock.now - started >= budget.maxDuration
    }

    /// Replays `candidate` unless it was tried before or the budget is spent. Returns
    /// true when the candidate was interesting and its recorded run is now the best
    /// (or equals it): the signal passes use to decide whether an edit "worked".
    ///
    /// With `mustShorten`, a run that is simpler but no shorter is still taken but
    /// reported as false: for edits that only pay off by removing choices, whose pass
    /// would otherwise repeat them for tiny gains.
    @discardableResult
    public func consider(_ candidate: [UInt64], mustShorten: Bool = false) async -> Bool {
        await attempt(candidate, mustShorten: mustShorten).worked
    }

    /// What replaying a candidate told: as ``consider(_:mustShorten:)``, and also
    /// whether an interesting run came back as long as the best. Such a *refill* means
    /// the choices past the edit are read a fixed number of times (a simulation's
    /// per-message decisions), so deleting there cannot shorten anything.
    public func attempt(_ candidate: [UInt64], mustShorten: Bool = false) async -> Attempt {
        await attempt(candidate, continuingWith: nil, mustShorten: mustShorten)
    }

    /// As ``attempt(_:mustShorten:)``, but the replay draws fresh choices from
    /// `continuation` once `prefix` runs out instead of zeros: a proposal to keep the
    /// prefix and regenerate the rest. Only the recorded run (its choices and reported
    /// size) is compared, so it is taken only when it comes back simpler than the best.
    public func attempt(_ prefix: [UInt64], continuingWith continuation: Seed?, mustShorten: Bool = false) async -> Attempt {
        if continuation == nil, prefix == best.choices { return Attempt(worked: true, refilled: false) }
        // Passes only propose simpler sequences; anything else cannot become the best.
        guard ChoiceSequence.isSimpler(prefix, than: best.choices) else { return .failed }
        let fingerprint = ChoiceFingerprint(prefix, continuation: continuation)
        guard !tried.contains(fingerprint), !isExhausted else { return .failed }
        tried.insert(fingerprint)
        statistics.calls += 1
        if currentPass >= 0 { statistics.passes[currentPass].calls += 1 }
        var candidate = ChoiceSequence(prefix, continuation: continuation)
        candidate.bound = SimplicityBound(size: best.size, choices: best.choices.count)
        let run = await test(candidate)
        // Abandoned for its length, a candidate says what an interesting refill would:
        // what follows the edit is read as many times as before.
        guard run.isInteresting else {
            return Attempt(worked: false, refilled: run.abandoned && run.size == best.size && prefix.count < best.choices.count)
        }
        tried.insert(ChoiceFingerprint(run.choices))
        let smaller = (run.size ?? 0) < (best.size ?? 0)
        let shortens = smaller || run.choices.count < best.choices.count
        let refilled = prefix.count < best.choices.count && !shortens
        if run.isSimpler(than: best) {
            best = run
            statistics.improvements += 1
            if currentPass >= 0 { statistics.passes[currentPass].improvements += 1 }
            // Still an improvement, but not the kind the pass asked for: it should move on.
            return Attempt(worked: shortens || !mustShorten, refilled: refilled)
        }
        return Attempt(worked: run.choices == best.choices && !mustShorten, refilled: refilled)
    }

    /// The outcome of ``attempt(_:mustShorten:)``.
    public struct Attempt: Sendable, Equatable {
        /// The edit worked, as ``consider(_:mustShorten:)`` reports it.
        public var worked: Bool
        /// The candidate was shorter than the best, was interesting, and its run drew
        /// as many choices as the best's: the deleted choices were refilled.
        public var refilled: Bool

        /// Not interesting, not simpler, tried before, or out of budget.
        public static let failed = Attempt(worked: false, refilled: false)
    }
}

/// What the shrinker remembers of each sequence it tried: its length and two
/// independent 64-bit hashes. Keeping the sequences themselves took gigabytes when
/// a long run (a livelock drawing 300,000 choices) was replayed hundreds of times;
/// two sequences that differ share a fingerprint with odds of about 2^-128.
struct ChoiceFingerprint: Hashable {
    let count: Int
    let first: UInt64
    let second: UInt64

    init(_ choices: [UInt64], continuation: Seed? = nil) {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325, second: UInt64 = 0x9e37_79b9_7f4a_7c15
        // A regenerated candidate is its prefix plus the seed it continues with.
        if let continuation { first = continuation.rawValue ^ 0x5bd1_e995_5bd1_e995; second = ~continuation.rawValue }
        for value in choices {
            first = (first ^ value) &* 0x0000_0100_0000_01b3
            second = (second &+ value &+ 0x9e37_79b9_7f4a_7c15) &* 0xbf58_476d_1ce4_e5b9
            second ^= second >> 31
        }
        self.count = choices.count
        self.first = first
        self.second = second
    }
}
