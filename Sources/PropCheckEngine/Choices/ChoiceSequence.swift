/// What a shrink candidate must beat: the best run's reported size and length. A
/// candidate that reports a larger size, or the same size and draws more choices, can
/// only come out no simpler than the best, so its replay may stop there.
public struct SimplicityBound: Hashable, Sendable, Codable {
    /// The best run's reported size (nil: it reported none).
    public var size: Int?
    /// The best run's number of choices.
    public var choices: Int

    /// A bound.
    public init(size: Int?, choices: Int) {
        self.size = size
        self.choices = choices
    }
}

/// The list of bounded integer choices that produced one test case: the test case itself.
///
/// Sequences are ordered **shortlex**: a shorter sequence is simpler, and among
/// sequences of equal length the lexicographically smaller one is simpler. The
/// shrinker only ever moves to simpler sequences, which is why it terminates.
public struct ChoiceSequence: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The choices, in the order they were drawn.
    public var values: [UInt64]
    /// What a replay draws past the end of ``values``: fresh choices from this seed, or
    /// zeros (the simplest choices) when nil. The shrinker sets it to regenerate the
    /// choices after an edit (see ``RegenerateAfterDeletion``); recorded cases have none.
    public var continuation: Seed?
    /// The run a shrink candidate must beat, when the shrinker proposes it: a replay
    /// may abandon the case as soon as it can no longer come out simpler (see
    /// ``ChoiceSource/bound``). Recorded cases have none.
    public var bound: SimplicityBound?

    /// Wraps recorded choices.
    public init(_ values: [UInt64]) { self.values = values }

    /// A prefix to replay, continued with fresh draws from `continuation`.
    public init(_ values: [UInt64], continuation: Seed?) {
        self.values = values
        self.continuation = continuation
    }

    /// The number of choices.
    public var count: Int { values.count }

    /// Equal when the choices and the continuation are: the bound is advice to a replay,
    /// not part of the case.
    public static func == (lhs: ChoiceSequence, rhs: ChoiceSequence) -> Bool {
        lhs.values == rhs.values && lhs.continuation == rhs.continuation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(values)
        hasher.combine(continuation)
    }

    /// Shortlex order: shorter first, then lexicographically smaller.
    public static func < (lhs: ChoiceSequence, rhs: ChoiceSequence) -> Bool {
        isSimpler(lhs.values, than: rhs.values)
    }

    /// Shortlex comparison on raw arrays, for hot paths that do not wrap them.
    @inlinable
    public static func isSimpler(_ lhs: [UInt64], than rhs: [UInt64]) -> Bool {
        if lhs.count != rhs.count { return lhs.count < rhs.count }
        for i in lhs.indices where lhs[i] != rhs[i] { return lhs[i] < rhs[i] }
        return false
    }

    /// The compact text form used in replay tokens: base-36 values separated by
    /// `.`, with runs written `value*count` (`0*12` is twelve zeros).
    public var compactText: String {
        var parts: [String] = []
        var index = 0
        while index < values.count {
            var runEnd = index + 1
            while runEnd < values.count && values[runEnd] == values[index] { runEnd += 1 }
            let digits = String(values[index], radix: 36)
            let run = runEnd - index
            if run >= 3 {
                parts.append("\(digits)*\(run)")
            } else {
                parts.append(contentsOf: repeatElement(digits, count: run))
            }
            index = runEnd
        }
        return parts.joined(separator: ".")
    }

    /// Parses `compactText`; the error says which element is malformed.
    public init(compactText text: Substring) throws(ReplayTokenError) {
        var values: [UInt64] = []
        if text.isEmpty { self.values = []; return }
        for (position, part) in text.split(separator: ".", omittingEmptySubsequences: false).enumerated() {
            let pieces = part.split(separator: "*", omittingEmptySubsequences: false)
            guard (1...2).contains(pieces.count), let value = UInt64(pieces[0], radix: 36) else {
                throw .malformedChoice(position: position, text: String(part))
            }
            var run = 1
            if pieces.count == 2 {
                guard let count = Int(pieces[1]), count >= 1, count <= 10_000_000 else {
                    throw .malformedChoice(position: position, text: String(part))
                }
                run = count
            }
            values.append(contentsOf: repeatElement(value, count: run))
        }
        self.values = values
    }

    public var description: String { "[" + values.map(String.init).joined(separator: ", ") + "]" }
}
