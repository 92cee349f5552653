/// Moves value from an earlier choice to a later one, keeping their sum: this is
/// how `[500, 600]` with "sum above 1000" becomes `[0, 1100]` and then `[1001]`,
/// where lowering either value alone would make the case pass.
///
/// Only choices with a bound of at least 2 take part (magnitudes, not flags), and
/// only pairs at most `window` choices apart (4, as in Hypothesis), to keep the pass
/// linear in length: a window of 16 spent most of a long simulated run's shrink
/// moving timer values between distant decisions.
public struct RedistributePairs: ShrinkPass {
    public var name: String { "redistribute value between pairs" }
    /// How far apart, in choices, the two members of a pair may be.
    public var window: Int

    /// The pass.
    public init(window: Int = 4) { self.window = window }

    public func run(on shrinker: Shrinker) async {
        var first = 0
        while first < shrinker.best.choices.count, !shrinker.isExhausted {
            var second = first + 1
            while second < min(shrinker.best.choices.count, first + 1 + window), !shrinker.isExhausted {
                await redistribute(first, second, shrinker)
                second += 1
            }
            first += 1
        }
    }

    private func redistribute(_ first: Int, _ second: Int, _ shrinker: Shrinker) async {
        let snapshot = shrinker.best
        guard snapshot.maxima[first] >= 2, snapshot.maxima[second] >= 2 else { return }
        let available = min(snapshot.choices[first], snapshot.maxima[second] - snapshot.choices[second])
        guard available > 0 else { return }
        let move = { (amount: UInt64) -> [UInt64] in
            var candidate = snapshot.choices
            candidate[first] -= amount
            candidate[second] += amount
            return candidate
        }
        if await shrinker.consider(move(available)) { return }
        _ = await findLargestGood { amount in
            guard amount < available else { return false }
            return await shrinker.consider(move(UInt64(amount)))
        }
    }
}
