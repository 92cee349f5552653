import Testing
@testable import PropCheckEngine

@Suite("ChoiceSource")
struct ChoiceSourceTests {
    @Test("fresh integer draws now and then echo an earlier one or its neighbour; a simulation's source does not; replays are unchanged")
    func echoes() throws {
        func coincidences(echoing: Bool) throws -> Int {
            var count = 0
            for seed in 0..<400 {
                let source = ChoiceSource(seed: Seed(UInt64(seed)))
                source.echoesEarlierValues = echoing
                let pair = Gen<Int>.int(in: 0...(1 << 40))
                let (x, y) = (try pair.generate(from: source), try pair.generate(from: source))
                if abs(x - y) <= 1 { count += 1 }
                // What was drawn replays to the same values, echo or not.
                let replay = ChoiceSource(replaying: source.choices)
                #expect(try pair.generate(from: replay) == x && (try pair.generate(from: replay)) == y)
            }
            return count
        }
        // One fresh draw in eight echoes: about 50 of 400 pairs more than the small values
        // that the magnitude's bias towards narrow widths makes coincide anyway.
        let echoing = try coincidences(echoing: true), plain = try coincidences(echoing: false)
        #expect(echoing >= plain + 25, "\(echoing) coincidences echoing, \(plain) without")
    }

    @Test("the same seed draws the same choices")
    func sameSeedSameChoices() {
        let first = ChoiceSource(seed: Seed(42)), second = ChoiceSource(seed: Seed(42))
        let a = (0..<200).map { first.draw(upTo: UInt64($0 * 7 + 1)) }
        let b = (0..<200).map { second.draw(upTo: UInt64($0 * 7 + 1)) }
        #expect(a == b)
        #expect(first.choices == a)
        #expect(Set(a).count > 50, "a seeded source should not be constant")
    }

    @Test("different seeds draw different choices")
    func differentSeeds() {
        let a = ChoiceSource(seed: Seed(1)), b = ChoiceSource(seed: Seed(2))
        #expect((0..<20).map { _ in a.draw(upTo: .max) } != (0..<20).map { _ in b.draw(upTo: .max) })
    }

    @Test("draws stay within their bound")
    func bounded() {
        let source = ChoiceSource(seed: Seed(7))
        for maximum: UInt64 in [0, 1, 2, 3, 10, 255, 1 << 40, .max - 1, .max] {
            for _ in 0..<200 { #expect(source.draw(upTo: maximum) <= maximum) }
        }
    }

    @Test("replay yields the prefix, clamps values above the bound, then zeros")
    func replay() {
        let source = ChoiceSource(replaying: [5, 99, 3])
        #expect(source.isReplaying)
        #expect(source.draw(upTo: 10) == 5)
        #expect(source.draw(upTo: 10) == 10)
        #expect(source.draw(upTo: 10) == 3)
        #expect(!source.isReplaying)
        #expect(source.draw(upTo: 10) == 0)
        #expect(source.draw(upTo: .max) == 0)
        #expect(source.choices == [5, 10, 3, 0, 0])
        #expect(source.maxima == [10, 10, 10, 10, .max])
    }

    @Test("a replay can continue with fresh choices from a seed")
    func replayThenFresh() {
        let fresh = ChoiceSource(seed: Seed(9))
        _ = (0..<3).map { _ in fresh.draw(upTo: 100) }
        let continued = ChoiceSource(replaying: [1, 2], continuingWith: Seed(9))
        #expect(continued.draw(upTo: 100) == 1)
        #expect(continued.draw(upTo: 100) == 2)
        #expect(continued.draw(upTo: .max) != 0 || continued.draw(upTo: .max) != 0)
    }

    @Test("a case past its choice limit is flagged as overrun and gets zeros")
    func overrun() {
        let source = ChoiceSource(seed: Seed(3), maxChoices: 4)
        for _ in 0..<4 { _ = source.draw(upTo: 1000) }
        #expect(!source.overran)
        #expect(source.draw(upTo: 1000) == 0)
        #expect(source.overran)
        #expect(source.choices.count == 4)
    }

    @Test("spans record nesting, parents and discards")
    func spans() {
        let source = ChoiceSource(replaying: [1, 2, 3, 4])
        source.startSpan("outer")
        _ = source.draw(upTo: 9)
        source.startSpan("inner")
        _ = source.draw(upTo: 9)
        _ = source.draw(upTo: 9)
        source.endSpan(discard: true)
        source.endSpan()
        _ = source.withSpan("last") { source.draw(upTo: 9) }
        #expect(source.spans == [
            Span(label: "outer", start: 0, end: 3, depth: 0, parent: -1, discarded: false),
            Span(label: "inner", start: 1, end: 3, depth: 1, parent: 0, discarded: true),
            Span(label: "last", start: 3, end: 4, depth: 0, parent: -1, discarded: false),
        ])
    }

    @Test("weighted indices follow the weights when fresh")
    func weightedIndex() {
        let source = ChoiceSource(seed: Seed(11))
        var counts = [0, 0, 0]
        for _ in 0..<3000 { counts[source.drawIndex(weights: [1, 0, 2], total: 3)] += 1 }
        #expect(counts[1] == 0)
        #expect((800...1200).contains(counts[0]), "\(counts)")
        #expect((1800...2200).contains(counts[2]), "\(counts)")
    }

    @Test("a bound abandons a case that can no longer beat the best: a larger size, or more choices at its size")
    func bound() {
        // Same size: the choices up to the bound are drawn, the next abandons.
        let equal = ChoiceSource(replaying: [5, 6, 7, 8])
        equal.bound = SimplicityBound(size: 2, choices: 3)
        equal.reportSize(2)
        #expect((0..<3).map { _ in equal.draw(upTo: 9) } == [5, 6, 7] && !equal.abandoned)
        #expect(equal.draw(upTo: 9) == 0 && equal.abandoned && equal.overran)
        #expect(equal.choices.count == 3, "nothing is recorded past the bound")
        // A smaller size may draw more choices: it is simpler whatever its length.
        let smaller = ChoiceSource(replaying: [5, 6, 7, 8])
        smaller.bound = SimplicityBound(size: 2, choices: 3)
        smaller.reportSize(1)
        #expect((0..<4).map { _ in smaller.draw(upTo: 9) } == [5, 6, 7, 8] && !smaller.abandoned)
        // A larger size is abandoned when it is reported.
        let larger = ChoiceSource(replaying: [5])
        larger.bound = SimplicityBound(size: 2, choices: 3)
        larger.reportSize(3)
        #expect(larger.abandoned && larger.overran)
        // No bound, no abandoning; a sequence's bound is advice, not part of it.
        let free = ChoiceSource(replaying: [5, 6, 7, 8])
        #expect((0..<4).map { _ in free.draw(upTo: 9) } == [5, 6, 7, 8] && !free.abandoned)
        var bounded = ChoiceSequence([1, 2])
        bounded.bound = SimplicityBound(size: nil, choices: 1)
        #expect(bounded == ChoiceSequence([1, 2]) && bounded.hashValue == ChoiceSequence([1, 2]).hashValue)
    }
}
