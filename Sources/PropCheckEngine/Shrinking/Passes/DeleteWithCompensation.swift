/// Deletes a nested span (a schedule's step) and, in the same candidate, sets one of
/// the first unstructured choices after its structure to another small value: the
/// two-edit move that a failure which needs a timing coincidence calls for.
///
/// A step often matters only for *when* it makes something happen: a pause that
/// holds one node's election back until another's timer fires. Deleting it breaks
/// the coincidence, and every single edit after that is judged on a run that passes;
/// but the same coincidence is usually one environment draw away (that node's own
/// election timeout, its clock's rate). The pass tries, for each step, each of the
/// first `window` choices after the structure at each value up to `maxValue`, lowest
/// first, at most `maxCallsPerSpan` candidates per step and `maxCalls` per run. Like
/// ``RegenerateAfterDeletion`` it runs only when the other passes stop removing
/// choices (``Shrinker/defaultEscapes``) and only where such unstructured choices exist.
public struct DeleteWithCompensation: ShrinkPass {
    /// How many choices after the structure may compensate.
    public var window: Int
    /// The largest value a compensating choice is set to.
    public var maxValue: UInt64
    /// The most candidates tried per deleted span.
    public var maxCallsPerSpan: Int
    /// The most candidates tried in one run of the pass, over all spans.
    public var maxCalls: Int

    public var name: String { "delete a span, compensating with one later choice" }

    /// The pass with its limits.
    public init(window: Int = 16, maxValue: UInt64 = 40, maxCallsPerSpan: Int = 400, maxCalls: Int = 1_600) {
        self.window = window
        self.maxValue = maxValue
        self.maxCallsPerSpan = maxCallsPerSpan
        self.maxCalls = maxCalls
    }

    public func run(on shrinker: Shrinker) async {
        var index = 0, total = 0
        while index < shrinker.best.spans.count, !shrinker.isExhausted, total < maxCalls {
            let snapshot = shrinker.best
            let span = snapshot.spans[index]
            guard span.count > 0, span.parent >= 0,
                  let tail = snapshot.unstructuredTail(after: index) else { index += 1; continue }
            let base = snapshot.choices.removing(span.range)
            let start = tail - span.count
            var improved = false, calls = 0
            search: for position in start..<min(base.count, start + window) {
                let bound = min(snapshot.maxima[position + span.count], maxValue)
                for value in 0...bound where value != base[position] {
                    guard calls < maxCallsPerSpan, total < maxCalls, !shrinker.isExhausted else { break search }
                    calls += 1
                    total += 1
                    if await shrinker.consider(base.replacing(position, with: value)) { improved = true; break search }
                }
            }
            // After an improvement the spans are renumbered: look at the same index again.
            if !improved { index += 1 }
        }
    }
}

extension ShrinkRun {
    /// Where the choices after the top-level span holding span `index` begin, when some
    /// of them lie outside every span (an environment's draws, as a simulation makes
    /// after its schedule); nil otherwise.
    func unstructuredTail(after index: Int) -> Int? {
        var top = index
        while spans[top].parent >= 0 { top = spans[top].parent }
        let end = spans[top].end
        // Spans are in start order: sweep them, and the first gap in their cover is an
        // uncovered choice (no allocation: this runs for every span of a long run).
        var covered = end
        for span in spans where span.end > covered {
            if span.start > covered { return end }
            covered = span.end
        }
        return covered < choices.count ? end : nil
    }
}
