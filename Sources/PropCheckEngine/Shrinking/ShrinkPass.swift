/// One way of proposing simpler candidates, named by a verb phrase.
///
/// A pass reads ``Shrinker/best``, proposes edits through ``Shrinker/consider(_:)``,
/// and returns when it has nothing left to try or the shrinker is exhausted. Passes
/// are deterministic: the same best sequence and test function give the same calls.
public protocol ShrinkPass: Sendable {
    /// A verb phrase naming the pass in statistics ("minimise individual choices").
    var name: String { get }
    /// Proposes candidates to `shrinker` until the pass makes no more progress.
    func run(on shrinker: Shrinker) async
}

/// The largest `k >= 0` such that `isGood(k)` holds, given that `isGood(0)` holds and
/// `isGood` is (mostly) monotone. Probes 1 to 4, then doubles, then bisects, so it
/// costs O(log k) calls: k successful deletions do not cost k calls.
func findLargestGood(_ isGood: (Int) async -> Bool) async -> Int {
    for k in 1...4 where !(await isGood(k)) { return k - 1 }
    var low = 4, high = 8
    while await isGood(high) {
        low = high
        if high > Int.max / 4 { return low }
        high *= 2
    }
    while low + 1 < high {
        let mid = low + (high - low) / 2
        if await isGood(mid) { low = mid } else { high = mid }
    }
    return low
}

/// The smallest value in `0...value` that `isGood` accepts, given that `isGood(value)`
/// holds: tries 0 and 1 first (the commonest answers), then bisects.
func findSmallestGood(below value: UInt64, _ isGood: (UInt64) async -> Bool) async -> UInt64 {
    if value == 0 { return 0 }
    if await isGood(0) { return 0 }
    if value == 1 { return 1 }
    if await isGood(1) { return 1 }
    var low: UInt64 = 1, high = value
    while low + 1 < high {
        let mid = low + (high - low) / 2
        if await isGood(mid) { high = mid } else { low = mid }
    }
    return high
}

extension Array where Element == UInt64 {
    /// A copy with `range` removed.
    func removing(_ range: Range<Int>) -> [UInt64] {
        var copy = self
        copy.removeSubrange(range)
        return copy
    }

    /// A copy with the element at `index` set to `value`.
    func replacing(_ index: Int, with value: UInt64) -> [UInt64] {
        var copy = self
        copy[index] = value
        return copy
    }
}
