/// For an integer drawn on its "negative" side (an `int` span of two choices whose
/// first, the side flag, is set), clears the flag and searches for the smallest second choice that
/// keeps the case interesting: `-1` becomes `1`, or `2` if `1` makes the case pass.
/// Lowering the flag alone would reset the value, and lowering the value alone
/// cannot cross to the other side. (Only `int` spans: elsewhere a flag followed by
/// a value means something else, like "one more element".)
public struct SwitchIntegerSide: ShrinkPass {
    public var name: String { "switch integers to the simpler side" }
    /// The pass.
    public init() {}

    public func run(on shrinker: Shrinker) async {
        var index = 0
        while index < shrinker.best.spans.count, !shrinker.isExhausted {
            let snapshot = shrinker.best
            let span = snapshot.spans[index]
            index += 1
            guard span.label == "int", span.count == 2, snapshot.maxima[span.start] == 1, snapshot.choices[span.start] == 1 else { continue }
            let limit = snapshot.maxima[span.start + 1]
            let withValue = { (value: UInt64) -> [UInt64] in
                var candidate = snapshot.choices
                candidate[span.start] = 0
                candidate[span.start + 1] = value
                return candidate
            }
            // Probe 0, 1, 2, 4, 8 … for the first value that works, then bisect back.
            var failed: UInt64? = nil
            var probe: UInt64 = 0
            while probe <= limit, !shrinker.isExhausted {
                if await shrinker.consider(withValue(probe)) {
                    if let low = failed, probe - low > 1 {
                        var low = low, high = probe
                        while low + 1 < high {
                            let mid = low + (high - low) / 2
                            if await shrinker.consider(withValue(mid)) { high = mid } else { low = mid }
                        }
                    }
                    break
                }
                failed = probe
                if probe >= limit { break }
                probe = probe == 0 ? 1 : (probe > limit / 2 ? limit : probe * 2)
            }
        }
    }
}
