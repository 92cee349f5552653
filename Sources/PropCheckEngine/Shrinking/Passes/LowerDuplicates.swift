/// Lowers every choice that holds the same value together, for cases that fail only
/// while two values stay equal (a list with a repeated element, say), where lowering
/// either one alone makes the case pass.
public struct LowerDuplicates: ShrinkPass {
    public var name: String { "lower duplicated choices together" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        for value in duplicatedValues(in: shrinker.best.choices) {
            if shrinker.isExhausted { return }
            let positions = shrinker.best.choices.indices.filter { shrinker.best.choices[$0] == value }
            guard positions.count >= 2 else { continue }
            _ = await findSmallestGood(below: value) { lowered in
                var candidate = shrinker.best.choices
                for position in positions where position < candidate.count { candidate[position] = lowered }
                return await shrinker.consider(candidate)
            }
        }
    }

    /// The nonzero values that occur more than once, in order of first occurrence.
    private func duplicatedValues(in choices: [UInt64]) -> [UInt64] {
        var counts: [UInt64: Int] = [:]
        for value in choices where value != 0 { counts[value, default: 0] += 1 }
        var seen: Set<UInt64> = []
        return choices.filter { counts[$0, default: 0] >= 2 && seen.insert($0).inserted }
    }
}
