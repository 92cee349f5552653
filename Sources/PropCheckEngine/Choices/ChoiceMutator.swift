/// A choice sequence as a case drew it, kept so that new cases can be derived from it:
/// the choices, the bound each was drawn under, and the spans its generators marked.
public struct ChoiceRecord: Sendable, Hashable {
    /// The choices.
    public var choices: [UInt64]
    /// The bound of each choice (see ``ChoiceSource/maxima``).
    public var maxima: [UInt64]
    /// The spans over the choices.
    public var spans: [Span]

    /// A record of what `source` drew.
    public init(_ source: ChoiceSource) {
        choices = source.choices
        maxima = source.maxima
        spans = source.spans
    }

    /// A record from its parts.
    public init(choices: [UInt64], maxima: [UInt64], spans: [Span]) {
        self.choices = choices
        self.maxima = maxima
        self.spans = spans
    }
}

/// Derives a new case's choice prefix from kept ones, as coverage-guided fuzzers mutate
/// their corpus: re-draw a suffix, change one choice, delete or repeat a unit (a
/// schedule step), or splice two sequences at unit boundaries. The new case replays the
/// prefix and draws fresh choices after it, so every derived case is a valid case of the
/// same generator, and it replays and shrinks like any other.
public struct ChoiceMutator: Sendable {
    /// The ways a prefix is derived.
    public enum Mutation: String, CaseIterable, Sendable {
        /// Keep a prefix, draw the rest afresh.
        case redrawSuffix = "redraw-suffix"
        /// Give one choice inside a unit a new value within its bound.
        case changeChoice = "change-choice"
        /// Remove one unit.
        case deleteUnit = "delete-unit"
        /// Repeat one unit right after itself.
        case repeatUnit = "repeat-unit"
        /// The first part of one sequence, then the units of another from one of its boundaries.
        case splice
    }

    /// The span label of the units mutations insert, delete and cut at (`"step"` for a
    /// simulation's schedule steps).
    public var unitLabel: String

    /// A mutator working on spans labelled `unitLabel`.
    public init(unitLabel: String) { self.unitLabel = unitLabel }

    /// A prefix derived from `record` (and, to splice, `other`) with `random`, and the
    /// mutation used.
    public func mutate(_ record: ChoiceRecord, splicingWith other: ChoiceRecord,
                       random: inout Xoshiro256) -> (prefix: [UInt64], mutation: Mutation) {
        let units = record.spans.filter { $0.label == unitLabel && !$0.discarded }
        let mutation = pick(Mutation.allCases, &random)!
        var choices = record.choices
        switch mutation {
        case .redrawSuffix:
            guard let cut = pick(Array(choices.indices), &random) else { break }
            choices.removeSubrange(cut...)
        case .changeChoice:
            let positions = units.isEmpty ? Array(choices.indices) : units.flatMap { Array($0.range) }
            guard let position = pick(positions, &random) else { break }
            choices[position] = random.next(upTo: record.maxima[position])
        case .deleteUnit:
            guard let unit = pick(units, &random) else { break }
            choices.removeSubrange(unit.range)
        case .repeatUnit:
            guard let unit = pick(units, &random) else { break }
            choices.insert(contentsOf: choices[unit.range], at: unit.end)
        case .splice:
            let cut = pick(units, &random)?.start ?? choices.count
            let otherUnits = other.spans.filter { $0.label == unitLabel && !$0.discarded }
            let from = pick(otherUnits, &random)?.start ?? other.choices.count
            choices = Array(choices[..<cut]) + other.choices[from...]
        }
        return (choices, mutation)
    }

    private func pick<Element>(_ elements: [Element], _ random: inout Xoshiro256) -> Element? {
        elements.isEmpty ? nil : elements[Int(random.next(upTo: UInt64(elements.count - 1)))]
    }
}
