/// Folds a span into a neighbouring sibling by adding its last choice to the
/// sibling's: `wait 1, wait 1, wait 3` becomes `wait 5`, one step instead of three,
/// where deleting any one wait alone changes the timing the failure needs; and
/// `wait 43, pause n1 for 65` becomes `pause n1 for 108`, a wait folded into the
/// step after it, or `pause n1 for 147, wait 46` the pause `for 193`.
///
/// A step's last choice is usually its amount (a duration, a count), so the fold
/// moves time from one step to the other and keeps the total. It tries the next
/// sibling first (the span is deleted, the sibling takes the sum), then the
/// previous one (the span is deleted, its predecessor takes the sum), so that
/// either step's kind survives. Generators often draw a positive amount as one
/// more than the choice (`1 + n`), so each fold tries the sum plus one first, then
/// the plain sum. Every candidate is a step shorter, so the pass costs at most four
/// calls per pair of neighbours.
public struct FoldSiblings: ShrinkPass {
    public var name: String { "fold spans into a neighbouring sibling" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        var index = 0
        while index < shrinker.best.spans.count, !shrinker.isExhausted {
            if await !fold(index, shrinker) { index += 1 }
        }
    }

    /// Tries to fold the span at `index` into its next sibling, then into its previous
    /// one; true when one worked (the span at `index` is then a different one).
    private func fold(_ index: Int, _ shrinker: Shrinker) async -> Bool {
        let snapshot = shrinker.best
        let siblings = snapshot.spans.siblingRun(from: index)
        let span = snapshot.spans[index]
        guard span.count > 0, span.end <= snapshot.choices.count else { return false }
        var neighbours: [Span] = []
        if siblings.count >= 2 { neighbours.append(snapshot.spans[siblings[1]]) }
        if let previous = snapshot.spans.previousSibling(of: index) { neighbours.append(snapshot.spans[previous]) }
        for into in neighbours where into.count > 0 && into.end <= snapshot.choices.count {
            let (moved, kept) = (snapshot.choices[span.end - 1], snapshot.choices[into.end - 1])
            let bound = snapshot.maxima[into.end - 1]
            // Magnitudes only: a flag or a two-way choice is not an amount.
            guard bound >= 2 else { continue }
            for extra in [UInt64(1), 0] {
                let (sum, overflow) = moved.addingReportingOverflow(kept)
                guard !overflow, sum < bound || (sum == bound && extra == 0) else { continue }
                var candidate = snapshot.choices
                candidate[into.end - 1] = sum + extra
                candidate.removeSubrange(span.range)
                if await shrinker.consider(candidate, mustShorten: true) { return true }
            }
        }
        return false
    }
}
