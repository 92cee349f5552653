/// Deletes spans (a list element, a step, a rejected filter attempt), adaptively:
/// after one deletion works it tries deleting 2, 4, 8 … of the following siblings at
/// once, so removing k elements costs O(log k) replays rather than k.
public struct DeleteSpans: ShrinkPass {
    public var name: String { "delete spans" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        var index = 0
        while index < shrinker.best.spans.count, !shrinker.isExhausted {
            let snapshot = shrinker.best
            let span = snapshot.spans[index]
            guard span.count > 0 else { index += 1; continue }
            let siblings = snapshot.spans.siblingRun(from: index)
            let deleted = await findLargestGood { k in
                guard k <= siblings.count else { return false }
                let range = span.start..<snapshot.spans[siblings[k - 1]].end
                return await shrinker.consider(snapshot.choices.removing(range))
            }
            if deleted == 0, await deleteLoweringCount(span, snapshot, shrinker) { continue }
            // After a deletion the span now at `index` is a different one: look at it too.
            if deleted == 0 { index += 1 }
        }
    }

    /// Deletes `span` and lowers the nearest nonzero choice before it by one: the shape
    /// of a list whose length was drawn up front (`count` then exactly `count`
    /// elements), where deleting an element alone only pads the list back out.
    private func deleteLoweringCount(_ span: Span, _ snapshot: ShrinkRun, _ shrinker: Shrinker) async -> Bool {
        guard let count = snapshot.choices[..<span.start].lastIndex(where: { $0 > 0 }) else { return false }
        var candidate = snapshot.choices.removing(span.range)
        candidate[count] -= 1
        // Only a real deletion counts: a span of trailing zeros comes back as padding,
        // and taking the lowered choice alone would walk it down one step per call.
        return await shrinker.consider(candidate, mustShorten: true)
    }
}
