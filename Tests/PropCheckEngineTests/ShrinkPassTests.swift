import Testing
@testable import PropCheckEngine

/// A shrinker over raw choices: spans are given by hand so each pass can be tested alone
/// on a fixed sequence, as Hypothesis tests its passes.
private func shrinker(
    _ choices: [UInt64], maxima: [UInt64]? = nil, spans: [Span] = [],
    interesting: @escaping ([UInt64]) -> Bool
) -> Shrinker {
    let maxima = maxima ?? Array(repeating: 1000, count: choices.count)
    return Shrinker(initial: ShrinkRun(isInteresting: true, choices: choices, maxima: maxima, spans: spans)) { candidate in
        // Spans stay as given while the layout is unchanged; a shorter candidate keeps those that still fit.
        let fitting = spans.filter { $0.end <= candidate.count }
        let bounds = candidate.values.indices.map { $0 < maxima.count ? maxima[$0] : 1000 }
        return ShrinkRun(isInteresting: interesting(candidate.values), choices: candidate.values, maxima: bounds, spans: fitting)
    }
}

private func span(_ label: String, _ range: Range<Int>, depth: Int = 0, parent: Int = -1) -> Span {
    Span(label: label, start: range.lowerBound, end: range.upperBound, depth: depth, parent: parent, discarded: false)
}

@Suite("Shrink passes, one at a time")
struct ShrinkPassTests {
    /// A list (spans) followed by one unstructured draw, an environment's: the case fails
    /// when the list is not empty and the draw is 3 for two or more elements, else 5.
    static func listThenEnvironment(_ source: ChoiceSource) -> Bool {
        source.startSpan("list")
        var count = 0
        while count < 5 {
            source.startSpan("element")
            defer { source.endSpan() }
            if source.draw(upTo: 1) == 0 { break }
            _ = source.draw(upTo: 9)
            count += 1
        }
        source.endSpan()
        let environment = source.draw(upTo: 7)
        return count >= 1 && environment == (count >= 2 ? 3 : 5)
    }

    @Test("at a fixed point, deleting an element and regenerating the environment's draws finds the shorter failure")
    func regenerateAfterDeletion() async {
        func shrink(escapes: [any ShrinkPass]) async -> Shrinker {
            let first = ChoiceSource(replaying: [1, 0, 1, 0, 0, 3])
            #expect(Self.listThenEnvironment(first))
            let shrinker = Shrinker(initial: ShrinkRun(isInteresting: true, source: first)) { candidate in
                let source = ChoiceSource(replaying: candidate.values, continuingWith: candidate.continuation)
                return ShrinkRun(isInteresting: Self.listThenEnvironment(source), source: source)
            }
            await shrinker.shrink(escapes: escapes)
            return shrinker
        }
        // Every position-preserving edit that drops an element keeps the 3, which then passes.
        #expect(await shrink(escapes: []).best.choices == [1, 0, 1, 0, 0, 3])
        // Either escape finds the one-element failure: fresh draws, or the draw set to 5.
        for escape in [RegenerateAfterDeletion(), DeleteWithCompensation()] as [any ShrinkPass] {
            let escaped = await shrink(escapes: [escape])
            #expect(escaped.best.choices == [1, 0, 0, 5], "\(escape.name)")
            #expect(escaped.statistics.passes.last?.improvements == 1, "\(escape.name)")
        }
    }

    @Test("a reported size comes first: fewer steps is simpler even when the run draws more choices")
    func reportedSizeFirst() async {
        func run(_ choices: [UInt64], size: Int) -> ShrinkRun {
            var run = ShrinkRun(isInteresting: true, choices: choices, maxima: choices.map { _ in 9 }, spans: [])
            run.size = size
            return run
        }
        #expect(run([0, 0, 0, 0, 0], size: 1).isSimpler(than: run([0, 0], size: 2)))
        #expect(!run([0, 0], size: 2).isSimpler(than: run([0, 0, 0, 0, 0], size: 1)))
        #expect(run([0, 1], size: 1).isSimpler(than: run([1, 0], size: 1)))
        // A candidate that deletes a step is taken although its run comes back longer.
        let shrinker = Shrinker(initial: run([1, 1, 0, 0], size: 2)) { candidate in
            candidate.values.first == 1 && candidate.values.count < 4
                ? run([1, 0, 0, 0, 0, 0], size: 1) : run(candidate.values, size: 2)
        }
        #expect(await shrinker.consider([1, 0, 0]))
        #expect(shrinker.best.size == 1 && shrinker.best.choices.count == 6)
    }

    @Test("delete spans removes k sibling spans in O(log k) calls")
    func deleteSpansIsAdaptive() async {
        let count = 64
        let spans = (0..<count).map { span("element", $0..<($0 + 1)) }
        let shrink = shrinker(Array(repeating: 1, count: count + 1), spans: spans) { $0.last == 9 || $0.count >= 1 }
        await shrink.shrink(passes: [DeleteSpans()])
        #expect(shrink.best.choices.count == 1)
        #expect(shrink.statistics.calls <= 20, "\(shrink.statistics.calls) calls for 64 deletions")
    }

    @Test("delete chunks merges structures by removing choices across span boundaries")
    func deleteChunks() async {
        let shrink = shrinker([1, 2, 3, 4, 5, 6]) { $0.contains(6) && $0.contains(1) }
        await shrink.shrink(passes: [DeleteChunks()])
        #expect(shrink.best.choices == [1, 6])
    }

    /// A list drawn with "one more?" (1) before each element, then exactly 300 choices
    /// whatever came before (a simulation's per-message decisions): deleting any of
    /// those 300 comes back refilled, as long as before.
    static func listThenFixedTail(_ candidate: [UInt64]) -> (recorded: [UInt64], hasSeven: Bool) {
        var position = 0, recorded: [UInt64] = [], hasSeven = false
        func draw() -> UInt64 {
            defer { position += 1 }
            let value = position < candidate.count ? candidate[position] : 0
            recorded.append(value)
            return value
        }
        while draw() == 1 { if draw() == 7 { hasSeven = true } }
        for _ in 0..<300 { _ = draw() }
        return (recorded, hasSeven)
    }

    @Test("delete chunks gallops over choices that come back refilled, and still merges the structure before them")
    func deleteChunksGallops() async {
        // Increasing: deleting there moves a larger value earlier, so only deletions at
        // the very end (refilled with zeros) make the recorded run simpler, up to the
        // 150 the failure needs.
        let tail = (0..<300).map { UInt64($0 + 2) }
        let initial = Self.listThenFixedTail([1, 3, 1, 7, 1, 4, 0] + tail).recorded
        func run(_ pass: DeleteChunks) async -> Shrinker {
            let shrink = Shrinker(initial: ShrinkRun(isInteresting: true, choices: initial,
                                                     maxima: Array(repeating: 1000, count: initial.count), spans: [])) { candidate in
                let (recorded, hasSeven) = Self.listThenFixedTail(candidate.values)
                // The failure needs the 7 and one decision of the run, 150.
                return ShrinkRun(isInteresting: hasSeven && recorded.contains(150), choices: recorded,
                                 maxima: Array(repeating: 1000, count: recorded.count), spans: [])
            }
            await shrink.shrink(passes: [pass])
            return shrink
        }
        let galloping = await run(DeleteChunks())
        let stepping = await run(DeleteChunks(gallopAfter: .max))
        // Both merge the list down to the 7 (its end marker now the tail's first 7) and
        // keep the decisions; galloping skips the stretches that only refill.
        #expect(galloping.best.choices == stepping.best.choices)
        #expect(Array(galloping.best.choices.prefix(2)) == [1, 7] && galloping.best.choices.count == 303)
        #expect(galloping.statistics.calls * 2 < stepping.statistics.calls,
                "galloping \(galloping.statistics.calls) calls, stepping \(stepping.statistics.calls)")
    }

    @Test("replace spans with zeros zeroes a whole span at once")
    func zeroSpans() async {
        let shrink = shrinker([3, 4, 5, 9], spans: [span("a", 0..<3), span("b", 3..<4)]) { $0[3] == 9 && $0.count == 4 }
        await shrink.shrink(passes: [ZeroSpans()])
        #expect(shrink.best.choices == [0, 0, 0, 9])
    }

    @Test("minimise individual choices finds each boundary by bisection")
    func minimizeChoices() async {
        let shrink = shrinker([1000, 1000]) { $0[0] >= 137 && $0[1] >= 1 }
        await shrink.shrink(passes: [MinimizeChoices()])
        #expect(shrink.best.choices == [137, 1])
        #expect(shrink.statistics.calls <= 40, "bisection, not a linear walk: \(shrink.statistics.calls) calls")
    }

    @Test("lower duplicated choices together moves equal values as one")
    func lowerDuplicates() async {
        let shrink = shrinker([700, 3, 700]) { $0[0] == $0[2] && $0[0] >= 10 }
        await shrink.shrink(passes: [LowerDuplicates()])
        #expect(shrink.best.choices == [10, 3, 10])
    }

    @Test("lower duplicated choices together, by kind: the sign bits of two equal negatives, not every 1 (deletion's [-1, -1])")
    func lowerDuplicatesByKind() async {
        // Two list elements, [one more?, sign, magnitude] each, then the list's end: the
        // case fails while both elements are there and equal. All four 1s lowered together
        // end the list; the two sign bits alone turn [-1, -1] into [0, 0].
        let spans = [span("element", 0..<3), span("int", 1..<3, depth: 1, parent: 0),
                     span("element", 3..<6), span("int", 4..<6, depth: 1, parent: 2)]
        let shrink = shrinker([1, 1, 0, 1, 1, 0, 0], maxima: [1, 1, 1000, 1, 1, 1000, 1], spans: spans) {
            $0.count >= 6 && $0[0] == 1 && $0[3] == 1 && $0[1] == $0[4] && $0[2] == $0[5]
        }
        await shrink.shrink(passes: [LowerDuplicates()], escapes: [])
        #expect(shrink.best.choices == [1, 0, 0, 1, 0, 0, 0])
        #expect(shrink.statistics.passes[0].improvements == 1)
    }

    @Test("lower pairs by a common offset keeps a difference that matters while both numbers fall (difference-one)")
    func lowerByCommonOffset() async {
        // Fails when the first is at least 9 and the second exactly one above it: lowering
        // either alone passes, so only a common offset gets down from the top of the range.
        let top: UInt64 = 1 << 40
        let shrink = shrinker([top, top + 1, 3], maxima: [UInt64.max, UInt64.max, 1000]) { $0[0] >= 9 && $0[1] == $0[0] + 1 }
        await shrink.shrink(passes: [LowerByCommonOffset()], escapes: [])
        #expect(shrink.best.choices == [9, 10, 3])
        #expect(shrink.statistics.calls < 200, "galloping and bisecting, not stepping: \(shrink.statistics.calls) calls")
        let neither = shrinker([top, top + 1]) { _ in true }
        await neither.shrink(passes: [LowerByCommonOffset()], escapes: [])
        #expect(neither.best.choices == [0, 1], "a pair whose difference does not matter falls all the way")
    }

    @Test("redistribute value between pairs keeps the sum while making the earlier value smaller")
    func redistribute() async {
        let shrink = shrinker([600, 500]) { $0[0] + $0[1] > 1000 }
        await shrink.shrink(passes: [RedistributePairs()], escapes: [])
        #expect(shrink.best.choices == [100, 1000])
    }

    @Test("fold spans into a neighbouring sibling merges steps whose amounts only count together, whatever their kinds")
    func foldSiblings() async {
        // Steps of two choices, [kind, amount]: each takes 1 + amount ticks. The first case
        // fails once the waits (kind 0) add up to 10 ticks, however they are split.
        @Sendable func steps(_ choices: [UInt64]) -> [Span] {
            stride(from: 0, to: choices.count - 1, by: 2).map { span("step", $0..<($0 + 2)) }
        }
        @Sendable func ticks(_ choices: [UInt64], kind: UInt64?) -> UInt64 {
            stride(from: 0, to: choices.count - 1, by: 2)
                .reduce(0) { $0 + (kind == nil || choices[$1] == kind ? choices[$1 + 1] + 1 : 0) }
        }
        func shrinker(_ initial: [UInt64], _ interesting: @escaping @Sendable ([UInt64]) -> Bool) -> Shrinker {
            Shrinker(initial: ShrinkRun(isInteresting: true, choices: initial,
                                        maxima: Array(repeating: 100, count: initial.count), spans: steps(initial))) { candidate in
                let choices = candidate.values
                return ShrinkRun(isInteresting: interesting(choices), choices: choices,
                                 maxima: Array(repeating: 100, count: choices.count), spans: steps(choices))
            }
        }
        let waits = shrinker([0, 0, 1, 4, 0, 0, 0, 7]) { ticks($0, kind: 0) >= 10 }
        await waits.shrink(passes: [FoldSiblings()])
        #expect(waits.best.choices.count == 2 && waits.best.choices[0] == 0, "one wait: \(waits.best.choices)")
        await waits.shrink(passes: [DeleteSpans(), FoldSiblings(), MinimizeChoices()])
        #expect(waits.best.choices == [0, 9])
        // A wait before a pause (kind 1) that must last, counting the wait, 10 ticks:
        // the wait folds into the pause, which keeps its kind.
        let pause = shrinker([0, 4, 1, 4]) { $0.count >= 2 && $0[$0.count - 2] == 1 && ticks($0, kind: nil) >= 10 }
        await pause.shrink(passes: [FoldSiblings()])
        #expect(pause.best.choices == [1, 9])
        // And a pause followed by a wait folds the wait back into the pause.
        let after = shrinker([1, 4, 0, 4]) { $0.count >= 2 && $0[0] == 1 && ticks($0, kind: nil) >= 10 }
        await after.shrink(passes: [FoldSiblings()])
        #expect(after.best.choices == [1, 9])
    }

    @Test("sort sibling spans puts simpler siblings first")
    func sortSiblings() async {
        let spans = [span("element", 0..<1), span("element", 1..<2), span("element", 2..<3)]
        let shrink = shrinker([9, 5, 1], spans: spans) { Set($0) == [1, 5, 9] }
        await shrink.shrink(passes: [SortSiblingSpans()])
        #expect(shrink.best.choices == [1, 5, 9])
    }

    @Test("replace spans with a descendant hoists a subtree")
    func replaceWithDescendant() async {
        // [outer [inner 7]] → [7]
        let spans = [span("node", 0..<3), span("node", 2..<3, depth: 1, parent: 0)]
        let shrink = shrinker([4, 4, 7], spans: spans) { $0.contains(7) }
        await shrink.shrink(passes: [ReplaceWithDescendant()])
        #expect(shrink.best.choices == [7])
    }

    @Test("switch integers to the simpler side turns -1 into the smallest positive that still fails")
    func switchIntegerSide() async {
        let spans = [span("int", 0..<2)]
        let shrink = shrinker([1, 0], maxima: [1, 100], spans: spans) { $0 != [0, 0] && $0 != [0, 1] }
        await shrink.shrink(passes: [SwitchIntegerSide()])
        #expect(shrink.best.choices == [0, 2])
    }

    @Test("the shrinker stops at its call budget")
    func budget() async {
        let initial = ShrinkRun(isInteresting: true, choices: Array(repeating: 500, count: 50),
                                maxima: Array(repeating: 1000, count: 50), spans: [])
        let shrink = Shrinker(initial: initial, budget: ShrinkBudget(maxCalls: 10)) { candidate in
            ShrinkRun(isInteresting: candidate.values.reduce(0, +) > 100, choices: candidate.values,
                      maxima: Array(repeating: 1000, count: candidate.count), spans: [])
        }
        await shrink.shrink()
        #expect(shrink.statistics.calls == 10)
        #expect(shrink.statistics.budgetExhausted)
        #expect(shrink.best.choices.reduce(0, +) > 100, "the best run is always an interesting one")
    }
}
