/// Replaces each span that has a nonzero choice with zeros: the simplest form of that
/// part of the case (the first option, the shortest list, the target integer).
public struct ZeroSpans: ShrinkPass {
    public var name: String { "replace spans with zeros" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        var index = 0
        while index < shrinker.best.spans.count, !shrinker.isExhausted {
            let span = shrinker.best.spans[index]
            var choices = shrinker.best.choices
            if span.end <= choices.count, choices[span.range].contains(where: { $0 != 0 }) {
                for position in span.range { choices[position] = 0 }
                await shrinker.consider(choices)
            }
            index += 1
        }
    }
}
