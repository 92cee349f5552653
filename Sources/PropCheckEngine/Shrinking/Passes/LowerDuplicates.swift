/// Lowers choices that hold the same value together, for cases that fail only while
/// two values stay equal (a list with a repeated element, say), where lowering
/// either one alone makes the case pass.
///
/// It tries every choice holding a value at once, then each group of them of one kind:
/// the same bound, drawn directly inside spans of the same label. "Every 1" lumps a
/// list's "one more?" bits with the sign bits of two equal negative numbers, and
/// lowering them all ends the list; the sign bits alone, lowered together, turn
/// `[-1, -1]` into `[0, 0]`.
public struct LowerDuplicates: ShrinkPass {
    public var name: String { "lower duplicated choices together" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        for value in duplicatedValues(in: shrinker.best.choices) {
            if shrinker.isExhausted { return }
            let snapshot = shrinker.best
            let positions = snapshot.choices.indices.filter { snapshot.choices[$0] == value }
            guard positions.count >= 2 else { continue }
            if await lower(positions, from: value, on: shrinker) < value { continue }
            for group in kinds(of: positions, in: snapshot) where group.count >= 2 && group.count < positions.count {
                if shrinker.isExhausted { return }
                // A group the previous one changed no longer holds the value.
                let current = group.filter { $0 < shrinker.best.choices.count && shrinker.best.choices[$0] == value }
                if current.count >= 2 { _ = await lower(current, from: value, on: shrinker) }
            }
        }
    }

    /// Lowers `positions` together as far as the case keeps failing; returns the value reached.
    private func lower(_ positions: [Int], from value: UInt64, on shrinker: Shrinker) async -> UInt64 {
        await findSmallestGood(below: value) { lowered in
            var candidate = shrinker.best.choices
            for position in positions where position < candidate.count { candidate[position] = lowered }
            return await shrinker.consider(candidate)
        }
    }

    /// `positions` grouped by kind: bound, and the label of the innermost span holding
    /// each (none for a choice outside every span), in order of first occurrence.
    private func kinds(of positions: [Int], in run: ShrinkRun) -> [[Int]] {
        let labels = innermostLabels(run)
        var groups: [[Int]] = []
        var kinds: [(bound: UInt64, label: String?)] = []
        for position in positions {
            let kind = (bound: position < run.maxima.count ? run.maxima[position] : 0, label: labels[position])
            if let index = kinds.firstIndex(where: { $0 == kind }) { groups[index].append(position) } else {
                kinds.append(kind)
                groups.append([position])
            }
        }
        return groups
    }

    /// The label of the innermost span around each choice. Spans are in start order, so
    /// a later span that covers a choice lies inside an earlier one that does.
    private func innermostLabels(_ run: ShrinkRun) -> [String?] {
        var labels = [String?](repeating: nil, count: run.choices.count)
        for span in run.spans where !span.discarded {
            for position in span.start..<min(span.end, labels.count) { labels[position] = span.label }
        }
        return labels
    }

    /// The nonzero values that occur more than once, in order of first occurrence.
    private func duplicatedValues(in choices: [UInt64]) -> [UInt64] {
        var counts: [UInt64: Int] = [:]
        for value in choices where value != 0 { counts[value, default: 0] += 1 }
        var seen: Set<UInt64> = []
        return choices.filter { counts[$0, default: 0] >= 2 && seen.insert($0).inserted }
    }
}
