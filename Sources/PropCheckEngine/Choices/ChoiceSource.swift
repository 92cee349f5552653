/// Where generators (and later the simulator) get every random decision.
///
/// A source either replays a recorded prefix of choices or draws fresh ones from a
/// seeded ``Xoshiro256``; either way it records every choice it hands out, with its
/// bound and the spans generators mark around it. Running past the end of a replay
/// prefix with no generator behind it yields 0, the simplest choice, so any edit of
/// a sequence still produces a test case.
///
/// A source belongs to one test case and one thread: it is a class because every
/// generator in a case appends to the same record.
public final class ChoiceSource {
    // The stored properties a draw touches skip dynamic exclusivity checks (an access
    // set pushed and popped per draw otherwise): a source belongs to one case on one
    // thread, and no access to them overlaps another.

    /// The recorded choices, in draw order.
    @exclusivity(unchecked) public private(set) var choices: [UInt64] = []
    /// The inclusive bound each recorded choice was drawn under.
    @exclusivity(unchecked) public private(set) var maxima: [UInt64] = []
    /// The spans marked so far, ordered by their start.
    public private(set) var spans: [Span] = []
    /// Set when the case asked for more than `maxChoices` choices, or was abandoned
    /// for its ``bound``; such a case is invalid, and a simulation stops running it.
    @exclusivity(unchecked) public private(set) var overran = false
    /// Set when the case was abandoned because it could no longer beat ``bound``.
    public private(set) var abandoned = false
    /// The run a shrink candidate must beat: once the case reports a larger size, or
    /// draws more choices than the bound at its size, it is abandoned (``overran`` and
    /// ``abandoned`` set, zeros from then on), so a long candidate that cannot become
    /// the best, a liveness run's thousands of ticks, stops early.
    public var bound: SimplicityBound? { didSet { updateLimit() } }
    /// The index at which a draw leaves the fast path: `maxChoices`, or the bound's
    /// length while the case's size is not below the bound's. One comparison per draw,
    /// as without a bound.
    @exclusivity(unchecked) private var limit: Int
    /// The size the case reported with ``reportSize(_:)``, if any.
    public private(set) var reportedSize: Int?
    /// How many ``Gen/deferred(maxDepth:_:)`` generators are running, one inside another.
    var deferredDepth = 0
    /// The most choices one case may draw before it is abandoned as overrun.
    public let maxChoices: Int

    private let prefix: [UInt64]
    @exclusivity(unchecked) private var generator: Xoshiro256?
    private var openSpans: [Int] = []

    /// A source that draws fresh choices from `seed`.
    public init(seed: Seed, maxChoices: Int = 100_000) {
        self.prefix = []
        self.generator = Xoshiro256(seed: seed)
        self.maxChoices = maxChoices
        limit = maxChoices
    }

    /// A source that replays `prefix`, then continues from `seed` if one is given,
    /// else with zeros.
    public init(replaying prefix: [UInt64], continuingWith seed: Seed? = nil, maxChoices: Int = 100_000) {
        self.prefix = prefix
        self.generator = seed.map(Xoshiro256.init(seed:))
        self.maxChoices = maxChoices
        limit = maxChoices
        choices.reserveCapacity(prefix.count)
        maxima.reserveCapacity(prefix.count)
    }

    /// True while the source is still replaying its prefix.
    public var isReplaying: Bool { choices.count < prefix.count }

    /// Draws a choice in `0...maximum`, uniformly when fresh.
    @inlinable
    public func draw(upTo maximum: UInt64) -> UInt64 {
        draw(upTo: maximum) { $0.next(upTo: maximum) }
    }

    /// Draws a choice in `0...maximum`; when fresh, `fresh` picks it from the generator,
    /// which lets a generator bias what it draws (towards small values, say) without
    /// changing what the choice means. Replayed values above `maximum` are clamped.
    public func draw(upTo maximum: UInt64, fresh: (inout Xoshiro256) -> UInt64) -> UInt64 {
        let index = choices.count
        if index >= limit {
            overran = true
            abandoned = index < maxChoices
            return 0
        }
        let value: UInt64
        if index < prefix.count {
            value = Swift.min(prefix[index], maximum)
        } else if generator != nil {
            value = Swift.min(fresh(&generator!), maximum)
        } else {
            value = 0
        }
        choices.append(value)
        maxima.append(maximum)
        drawObserver?(value, maximum)
        return value
    }

    /// Draws a choice in `0...maximum` like ``draw(upTo:fresh:)``, except that a fresh
    /// draw echoes, one time in eight, the latest value drawn (or replayed) the same way
    /// under the same bound, or a value next to it. Failures hide where values coincide:
    /// two equal elements, a difference of one; a draw from a range of a billion hits
    /// such a coincidence about never. A choice still means what it says, so replay and
    /// shrinking are unchanged. Two-valued choices (bits) are never echoed.
    public func drawEchoing(upTo maximum: UInt64, fresh: (inout Xoshiro256) -> UInt64) -> UInt64 {
        guard maximum >= 2, echoesEarlierValues else { return draw(upTo: maximum, fresh: fresh) }
        let earlier = echoes.latest(for: maximum)
        let value = draw(upTo: maximum) { rng in
            guard let earlier, rng.chance(1, in: 8) else { return fresh(&rng) }
            switch rng.next(upTo: 3) {
            case 0: return earlier > 0 ? earlier - 1 : earlier
            case 1: return earlier < maximum ? earlier + 1 : earlier
            default: return earlier
            }
        }
        echoes.remember(value, for: maximum)
        return value
    }

    /// The latest values drawn by ``drawEchoing(upTo:fresh:)``, by bound.
    private var echoes = EchoTable()
    /// False to draw every choice from its own distribution, echoing nothing: a
    /// simulation's environment (clock rates, requests) keeps the distributions its
    /// fault model states, so campaigns explore as they were measured to.
    public var echoesEarlierValues = true

    /// Called with every choice as it is drawn (value, bound). Crash isolation uses it
    /// to stream a case's choices out of a child process, so that a case that kills
    /// its process can still be replayed and shrunk.
    public var drawObserver: ((UInt64, UInt64) -> Void)?

    /// Draws 1 with probability `numerator / denominator` when fresh, else 0.
    public func drawBit(chance numerator: UInt64, in denominator: UInt64) -> Bool {
        draw(upTo: 1) { $0.chance(numerator, in: denominator) ? 1 : 0 } == 1
    }

    /// Draws an index into `weights`, in proportion to the weights when fresh. The
    /// recorded choice is the index itself, so shrinking moves towards the first option.
    public func drawIndex(weights: [UInt64], total: UInt64) -> Int {
        Int(draw(upTo: UInt64(weights.count - 1)) { rng in
            var ticket = rng.next(upTo: total - 1)
            for (index, weight) in weights.enumerated() {
                if ticket < weight { return UInt64(index) }
                ticket -= weight
            }
            return UInt64(weights.count - 1)
        })
    }

    // MARK: Spans

    /// Opens a span labelled `label`; every choice until the matching ``endSpan(discard:)`` belongs to it.
    public func startSpan(_ label: String) {
        let parent = openSpans.last ?? -1
        openSpans.append(spans.count)
        spans.append(Span(label: label, start: choices.count, end: choices.count,
                          depth: openSpans.count - 1, parent: parent, discarded: false))
    }

    /// Closes the innermost open span; `discard` marks its value as thrown away.
    public func endSpan(discard: Bool = false) {
        guard let index = openSpans.popLast() else {
            preconditionFailure("endSpan() without a matching startSpan()")
        }
        spans[index].end = choices.count
        spans[index].discarded = discard
    }

    /// Runs `body` inside a span labelled `label`, closing it even when `body` throws.
    @inlinable
    public func withSpan<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        startSpan(label)
        defer { endSpan() }
        return try body()
    }

    /// Reports the case's size as a reader of a counterexample counts it (a schedule's
    /// steps, a program's statements). The shrinker prefers a smaller size before
    /// fewer choices, so a shrink can trade a step for a few more environment draws.
    /// A generator reports it once, after drawing what it measures; the last report counts.
    public func reportSize(_ size: Int) {
        precondition(size >= 0, "a case's size cannot be negative, got \(size)")
        reportedSize = size
        if let bound, size > (bound.size ?? 0) {
            overran = true
            abandoned = true
        }
        updateLimit()
    }

    private func updateLimit() {
        guard let bound, (reportedSize ?? 0) >= (bound.size ?? 0) else { limit = maxChoices; return }
        limit = Swift.min(maxChoices, bound.choices)
    }

    /// Closes spans left open by a generator that threw, so the record stays well formed.
    public func closeOpenSpans() {
        while !openSpans.isEmpty { endSpan() }
    }
}

/// The last values drawn under a few bounds, in a small ring: a lookup costs a few
/// comparisons, however long the case.
struct EchoTable {
    private var ring: [(bound: UInt64, value: UInt64)] = []
    /// Where the next value goes once the ring is full (the oldest slot).
    private var oldest = 0
    private static let size = 8

    /// The latest value remembered under `maximum`, if any.
    func latest(for maximum: UInt64) -> UInt64? {
        // Newest first: the slot before the oldest (the last one appended, until full).
        for step in 0..<ring.count {
            let entry = ring[(oldest + ring.count - 1 - step) % ring.count]
            if entry.bound == maximum { return entry.value }
        }
        return nil
    }

    mutating func remember(_ value: UInt64, for maximum: UInt64) {
        if ring.count < Self.size {
            ring.append((maximum, value))
        } else {
            ring[oldest] = (maximum, value)
            oldest = (oldest + 1) % Self.size
        }
    }
}
