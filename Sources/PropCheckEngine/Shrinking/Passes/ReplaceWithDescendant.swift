/// Replaces a span with one of its own descendants that has the same label: a tree
/// node with one of its subtrees, `.add(.lit(0), x)` with `x`. Recursive generators
/// draw every level with the same choices, so the descendant's choices read the
/// same way one level up.
public struct ReplaceWithDescendant: ShrinkPass {
    public var name: String { "replace spans with a descendant" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        var index = 0
        while index < shrinker.best.spans.count, !shrinker.isExhausted {
            let snapshot = shrinker.best
            let span = snapshot.spans[index]
            var descendant = index + 1
            while descendant < snapshot.spans.count, snapshot.spans[descendant].start < span.end, !shrinker.isExhausted {
                let inner = snapshot.spans[descendant]
                if inner.label == span.label, inner.depth > span.depth, inner.count < span.count {
                    let candidate = Array(snapshot.choices[..<span.start]) + snapshot.choices[inner.range]
                        + snapshot.choices[span.end...]
                    if await shrinker.consider(candidate) { break }
                }
                descendant += 1
            }
            index += 1
        }
    }
}
