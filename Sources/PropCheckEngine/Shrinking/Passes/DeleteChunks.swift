/// Deletes runs of 8, 4, 2 and 1 adjacent choices wherever they are, span or not.
/// This is what merges structures: deleting the "end of list, start another" pair
/// of choices joins two inner lists into one.
///
/// It walks from the end of the sequence to the start. Where deletions keep coming
/// back *refilled* and no simpler (the run still draws as many choices, as a
/// simulation does for its per-message decisions), it gallops: after `gallopAfter`
/// such refills it skips 2, 4, 8 … positions at a time. Landing on anything but a
/// refill (or past the start) sends it back to walk, one position at a time, the
/// stretch it skipped last, so no position where a deletion could work is passed
/// over unseen. A long run's decisions then cost O(log n) calls per chunk size
/// instead of O(n).
public struct DeleteChunks: ShrinkPass {
    public var name: String { "delete chunks" }
    /// Refills in a row before the pass starts skipping positions.
    public var gallopAfter: Int

    /// The pass.
    public init(gallopAfter: Int = 4) { self.gallopAfter = gallopAfter }

    public func run(on shrinker: Shrinker) async {
        for size in [8, 4, 2, 1] {
            var walk = Walk(start: shrinker.best.choices.count - size, gallopAfter: gallopAfter)
            while let start = walk.next(), !shrinker.isExhausted {
                let choices = shrinker.best.choices
                guard start + size <= choices.count else { walk.record(.failed, length: choices.count); continue }
                walk.record(await shrinker.attempt(choices.removing(start..<(start + size))), length: choices.count)
            }
        }
    }

    /// The positions the pass visits, from the end down, galloping over refills.
    struct Walk {
        private var position: Int
        private let gallopAfter: Int
        private var stride = 1
        private var refills = 0
        /// The last position that refilled before a jump: where to walk back from.
        private var lastRefill: Int?
        /// While walking back over a skipped stretch, the position it ends at.
        private var walkingDownTo: Int?

        init(start: Int, gallopAfter: Int) {
            self.position = start
            self.gallopAfter = gallopAfter
        }

        /// The next position to try, or nil when the walk is over.
        mutating func next() -> Int? {
            if position < 0, stride > 1, let back = lastRefill {
                // Jumped past the start: walk what was skipped.
                walkBack(from: back, to: -1)
            }
            return position >= 0 ? position : nil
        }

        /// Takes the outcome of deleting at the current position.
        mutating func record(_ attempt: Shrinker.Attempt, length: Int) {
            if let end = walkingDownTo, position <= end { walkingDownTo = nil }
            if attempt.worked {
                (refills, stride, lastRefill) = (0, 1, nil)
            } else if attempt.refilled {
                refills += 1
                lastRefill = position
                if refills >= gallopAfter, walkingDownTo == nil { stride = min(stride * 2, max(1, length / 4)) }
            } else if stride > 1, let back = lastRefill {
                // Landed on something else after a jump: walk the stretch just skipped.
                walkBack(from: back, to: position)
                return
            }
            position -= stride
        }

        private mutating func walkBack(from back: Int, to end: Int) {
            position = back - 1
            walkingDownTo = end
            (refills, stride, lastRefill) = (0, 1, nil)
        }
    }
}
