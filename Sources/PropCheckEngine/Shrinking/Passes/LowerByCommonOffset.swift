/// Lowers two choices by the same amount, for cases that fail only while the
/// difference between two numbers holds (`x - y == 1` with `x >= 10`): lowering either
/// alone breaks the difference, so every single-choice pass is stuck wherever the
/// search first found the pair, near the top of the range as often as not.
///
/// It takes the largest choices (a handful: the pairs that matter are rarely among the
/// small ones), and for each pair of them finds the largest common offset that keeps
/// the case failing: all of the smaller one if it can, else by galloping up from 1 and
/// bisecting. A pair whose difference does not matter fails at an offset of 1: two calls.
/// It is an escape (``Shrinker/defaultEscapes``): it runs when the other passes are stuck.
public struct LowerByCommonOffset: ShrinkPass {
    /// How many of the largest choices are paired with each other.
    public var candidates: Int

    public var name: String { "lower pairs by a common offset" }

    /// The pass, pairing the `candidates` largest choices.
    public init(candidates: Int = 6) {
        self.candidates = candidates
    }

    public func run(on shrinker: Shrinker) async {
        let choices = shrinker.best.choices
        let largest = choices.indices.filter { choices[$0] > 1 }
            .sorted { choices[$0] != choices[$1] ? choices[$0] > choices[$1] : $0 < $1 }
            .prefix(candidates)
        let positions = Array(largest).sorted()
        for (index, first) in positions.enumerated() {
            for second in positions[(index + 1)...] {
                if shrinker.isExhausted { return }
                await lowerTogether(first, second, on: shrinker)
            }
        }
    }

    private func lowerTogether(_ first: Int, _ second: Int, on shrinker: Shrinker) async {
        func works(_ offset: UInt64) async -> Bool {
            let current = shrinker.best.choices
            guard first < current.count, second < current.count,
                  current[first] >= offset, current[second] >= offset else { return false }
            var candidate = current
            candidate[first] -= offset
            candidate[second] -= offset
            return await shrinker.consider(candidate)
        }
        let best = shrinker.best.choices
        guard first < best.count, second < best.count else { return }
        let most = min(best[first], best[second])
        guard most > 0 else { return }
        if await works(most) { return }
        // Each success lowers both: the offsets after it are measured from there.
        var step: UInt64 = 1
        while await works(step) { step = step > UInt64.max / 2 ? step : step * 2 }
        guard step > 1 else { return }
        var low: UInt64 = 0, high = step
        while low + 1 < high {
            let mid = low + (high - low) / 2
            if await works(mid) { low = 0; high -= mid } else { high = mid }
        }
    }
}
