import Testing
@testable import PropCheckEngine

/// The guided search's mutations, each on a fixed choice sequence of three units.
@Suite("Choice mutator")
struct ChoiceMutatorTests {
    /// Three "step" units of two choices each (bound 9), after a header choice (bound 1).
    var record: ChoiceRecord {
        let source = ChoiceSource(replaying: [1, 2, 3, 4, 5, 6, 7])
        _ = source.draw(upTo: 1)
        for _ in 0..<3 {
            source.withSpan("step") {
                _ = source.draw(upTo: 9)
                _ = source.draw(upTo: 9)
            }
        }
        return ChoiceRecord(source)
    }

    /// The first mutation of each kind that seeds 0, 1, ... give.
    func mutations(splicingWith other: ChoiceRecord? = nil) -> [ChoiceMutator.Mutation: [UInt64]] {
        var found: [ChoiceMutator.Mutation: [UInt64]] = [:]
        let mutator = ChoiceMutator(unitLabel: "step")
        for seed in 0..<200 where found.count < ChoiceMutator.Mutation.allCases.count {
            var random = Xoshiro256(seed: Seed(UInt64(seed)))
            let (prefix, mutation) = mutator.mutate(record, splicingWith: other ?? record, random: &random)
            if found[mutation] == nil { found[mutation] = prefix }
        }
        return found
    }

    @Test("every mutation is drawn, and each reshapes the sequence as it says")
    func shapes() throws {
        let original: [UInt64] = [1, 2, 3, 4, 5, 6, 7]
        let units: [[UInt64]] = [[2, 3], [4, 5], [6, 7]]
        let found = mutations()
        #expect(Set(found.keys) == Set(ChoiceMutator.Mutation.allCases))
        let suffix = try #require(found[.redrawSuffix])
        #expect(suffix.count < original.count && Array(original.prefix(suffix.count)) == suffix, "a prefix: \(suffix)")
        let changed = try #require(found[.changeChoice])
        let differences = zip(changed, original).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(changed.count == original.count && differences.count <= 1, "one choice: \(changed)")
        #expect(differences.allSatisfy { $0.offset >= 1 && $0.element.0 <= 9 }, "inside a unit, within its bound: \(changed)")
        let deleted = try #require(found[.deleteUnit])
        #expect(units.indices.contains { index in [1] + units.enumerated().filter { $0.offset != index }.flatMap(\.element) == deleted },
                "one unit gone: \(deleted)")
        let repeated = try #require(found[.repeatUnit])
        #expect(units.indices.contains { index in
            [1] + units.enumerated().flatMap { $0.offset == index ? $0.element + $0.element : $0.element } == repeated
        }, "one unit twice: \(repeated)")
    }

    @Test("a splice is one sequence up to a unit's start, then another from a unit's start")
    func splice() throws {
        let other = ChoiceRecord(choices: [0, 8, 8, 9, 9], maxima: [1, 9, 9, 9, 9],
                                 spans: [Span(label: "step", start: 1, end: 3, depth: 1, parent: -1, discarded: false),
                                         Span(label: "step", start: 3, end: 5, depth: 1, parent: -1, discarded: false)])
        let spliced = try #require(mutations(splicingWith: other)[.splice])
        let heads: [[UInt64]] = [[1], [1, 2, 3], [1, 2, 3, 4, 5]]
        let tails: [[UInt64]] = [[8, 8, 9, 9], [9, 9]]
        #expect(heads.contains { head in tails.contains { head + $0 == spliced } }, "\(spliced)")
    }

    @Test("the same seed derives the same prefix")
    func deterministic() {
        let mutator = ChoiceMutator(unitLabel: "step")
        var first = Xoshiro256(seed: Seed(7)), second = Xoshiro256(seed: Seed(7))
        #expect(mutator.mutate(record, splicingWith: record, random: &first).prefix
                == mutator.mutate(record, splicingWith: record, random: &second).prefix)
    }
}
