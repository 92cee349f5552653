/// Reorders runs of sibling spans with the same label (the elements of one list) so
/// that simpler ones come first: first by sorting the whole run, then, if that makes
/// the case pass, by swapping adjacent pairs that are out of order.
public struct SortSiblingSpans: ShrinkPass {
    public var name: String { "sort sibling spans" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        var index = 0
        while index < shrinker.best.spans.count, !shrinker.isExhausted {
            let spans = shrinker.best.spans
            if !spans.continuesRun(at: index) {
                let run = spans.siblingRun(from: index).map { spans[$0] }
                if run.count >= 2 { await sort(run, shrinker) }
            }
            index += 1
        }
    }

    private func sort(_ run: [Span], _ shrinker: Shrinker) async {
        let original = shrinker.best.choices
        let start = run[0].start, end = run[run.count - 1].end
        var pieces = run.map { Array(original[$0.range]) }
        let sorted = pieces.sorted { ChoiceSequence.isSimpler($0, than: $1) }
        guard sorted != pieces else { return }
        if await shrinker.consider(rebuilt(original, start, end, sorted)) { return }
        for position in 0..<(pieces.count - 1) where !shrinker.isExhausted {
            guard ChoiceSequence.isSimpler(pieces[position + 1], than: pieces[position]) else { continue }
            var swapped = pieces
            swapped.swapAt(position, position + 1)
            let candidate = rebuilt(original, start, end, swapped)
            if await shrinker.consider(candidate) {
                // Keep going from the swapped layout only while the run kept its shape.
                guard shrinker.best.choices == candidate else { return }
                pieces = swapped
            }
        }
    }

    private func rebuilt(_ choices: [UInt64], _ start: Int, _ end: Int, _ pieces: [[UInt64]]) -> [UInt64] {
        Array(choices[..<start]) + pieces.joined() + Array(choices[end...])
    }
}
