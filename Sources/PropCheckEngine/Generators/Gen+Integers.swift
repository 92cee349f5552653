// Integers are drawn as a side and a distance from a shrink target, so that the
// simplest choices (0, 0) give the target, and lowering a choice always moves the
// value towards the target: binary search on one choice then finds the boundary.

extension Gen where Value: FixedWidthInteger & Sendable {
    /// Integers in `range`, shrinking towards `target` (by default the value of the
    /// range nearest to zero: 0 if the range holds it, else the bound closest to 0).
    public static func int(in range: ClosedRange<Value>, shrinkingToward target: Value? = nil) -> Gen<Value> {
        let goal = target ?? (range.contains(0) ? 0 : (range.lowerBound > 0 ? range.lowerBound : range.upperBound))
        guard range.contains(goal) else {
            return .invalid("int(in: \(range)): shrink target \(goal) is outside the range")
        }
        // Distances fit in UInt64 for every integer type up to 64 bits.
        let up = UInt64(truncatingIfNeeded: Int128(range.upperBound) - Int128(goal))
        let down = UInt64(truncatingIfNeeded: Int128(goal) - Int128(range.lowerBound))
        return Gen { source in
            source.startSpan("int")
            defer { source.endSpan() }
            let goingDown: Bool
            if up > 0 && down > 0 {
                goingDown = source.draw(upTo: 1) == 1
            } else {
                goingDown = up == 0 && down > 0
            }
            if goingDown {
                // With both sides open, 0 is already reachable upwards: the downward
                // magnitude starts at 1, so every value has exactly one encoding.
                let offset: UInt64 = up > 0 ? 1 : 0
                let magnitude = drawMagnitude(source, upTo: down - offset) + offset
                return Value(truncatingIfNeeded: Int128(goal) - Int128(magnitude))
            } else {
                let magnitude = drawMagnitude(source, upTo: up)
                return Value(truncatingIfNeeded: Int128(goal) + Int128(magnitude))
            }
        }
    }

    /// Integers from `min` through `max`; a clear error (not a trap) when `min > max`.
    public static func int(min: Value, max: Value, shrinkingToward target: Value? = nil) -> Gen<Value> {
        guard min <= max else {
            return .invalid("int(min: \(min), max: \(max)): lower bound \(min) is greater than upper bound \(max)")
        }
        return int(in: min...max, shrinkingToward: target)
    }

    /// Integers over the whole range of the type.
    public static var any: Gen<Value> { int(in: Value.min...Value.max) }
}

/// Draws a magnitude in `0...maximum`. Fresh draws are biased: a random bit width
/// first, then a value of that width, plus the top of the range now and then, so
/// small numbers and edge cases appear often even in huge ranges; and now and then
/// an earlier magnitude again, or one next to it (``ChoiceSource/drawEchoing(upTo:fresh:)``).
func drawMagnitude(_ source: ChoiceSource, upTo maximum: UInt64) -> UInt64 {
    source.drawEchoing(upTo: maximum) { rng in
        if rng.chance(1, in: 8) { return maximum - rng.next(upTo: Swift.min(maximum, 2)) }
        let width = rng.next(upTo: UInt64(64 - maximum.leadingZeroBitCount))
        let cap = width >= 64 ? UInt64.max : (UInt64(1) << width) - 1
        return rng.next(upTo: Swift.min(maximum, cap))
    }
}

extension Gen where Value == Bool {
    /// `false` or `true`, each half the time; shrinks to `false`.
    public static var bool: Gen<Bool> {
        Gen { source in source.draw(upTo: 1) == 1 }
    }
}
