/// Folds a span into the next sibling of the same shape by adding its last choice to
/// the sibling's: `wait 1, wait 1, wait 3` becomes `wait 5`, one step instead of
/// three, where deleting any one wait alone changes the timing the failure needs.
///
/// Two siblings have the same shape when they cover as many choices and agree on all
/// but the last (the same kind of step, say). Generators often draw a positive amount
/// as one more than the choice (`1 + n`), so the fold tries the sum plus one first,
/// then the plain sum.
public struct FoldSiblings: ShrinkPass {
    public var name: String { "fold spans into their next sibling" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        var index = 0
        while index < shrinker.best.spans.count, !shrinker.isExhausted {
            if await !fold(index, shrinker) { index += 1 }
        }
    }

    /// Tries to fold the span at `index` into its next sibling; true when it worked
    /// (the span at `index` is then a different one).
    private func fold(_ index: Int, _ shrinker: Shrinker) async -> Bool {
        let snapshot = shrinker.best
        let siblings = snapshot.spans.siblingRun(from: index)
        guard siblings.count >= 2 else { return false }
        let first = snapshot.spans[index], second = snapshot.spans[siblings[1]]
        guard first.count > 0, first.count == second.count, second.end <= snapshot.choices.count,
              snapshot.choices[first.start..<first.end - 1] == snapshot.choices[second.start..<second.end - 1]
        else { return false }
        let (moved, kept) = (snapshot.choices[first.end - 1], snapshot.choices[second.end - 1])
        let bound = snapshot.maxima[second.end - 1]
        for extra in [UInt64(1), 0] {
            let (sum, overflow) = moved.addingReportingOverflow(kept)
            guard !overflow, sum < bound || (sum == bound && extra == 0) else { continue }
            var candidate = snapshot.choices
            candidate[second.end - 1] = sum + extra
            candidate.removeSubrange(first.range)
            if await shrinker.consider(candidate, mustShorten: true) { return true }
        }
        return false
    }
}
