import PropCheckEngine

extension ShrinkChallenge {
    /// Every challenge, in the order reports list them.
    public static let all: [ShrinkChallenge] = [
        boundedInteger, offsetRange, listLength, listSum, reverse, nestedLists, distinct,
        coupling, calculator, bound5,
    ]

    /// Looks a challenge up by name.
    public static func named(_ name: String) -> ShrinkChallenge? { all.first { $0.name == name } }

    /// An integer in a range around zero; minimum 1001: the positive side is drawn
    /// first, so 1001 is simpler than -1001.
    public static let boundedInteger = ShrinkChallenge(
        name: "bounded-integer", summary: "|x| <= 1000 for x in -10000...10000",
        generator: Gen<Int>.int(in: -10_000...10_000), minimum: 1001
    ) { x in abs(x) <= 1000 }

    /// A range that excludes zero shrinks towards its lower bound: minimum 1234.
    public static let offsetRange = ShrinkChallenge(
        name: "offset-range", summary: "x < 1234 for x in 500...50000",
        generator: Gen<Int>.int(in: 500...50_000), minimum: 1234
    ) { x in x < 1234 }

    /// Minimum: eleven zeros, the shortest list that is too long.
    public static let listLength = ShrinkChallenge(
        name: "list-length", summary: "every list of integers has at most 10 elements",
        generator: Gen<Int>.any.array(), minimum: Array(repeating: 0, count: 11)
    ) { xs in xs.count <= 10 }

    /// Minimum [1001]: one element carrying the whole sum (needs value moved between elements).
    public static let listSum = ShrinkChallenge(
        name: "list-sum", summary: "every list of integers in 0...10000 sums to at most 1000",
        generator: Gen<Int>.int(in: 0...10_000).array(), minimum: [1001]
    ) { xs in xs.reduce(0, +) <= 1000 }

    /// Minimum [0, 1]: needs elements reordered, not just lowered.
    public static let reverse = ShrinkChallenge(
        name: "reverse", summary: "every list equals its reverse",
        generator: Gen<Int>.any.array(), minimum: [0, 1]
    ) { xs in xs.reversed() == xs }

    /// Minimum: one inner list of eleven zeros. Many shrinkers stop at eleven lists of
    /// one zero; getting out of that local minimum needs inner lists merged.
    public static let nestedLists = ShrinkChallenge(
        name: "nested-lists", summary: "the inner lists of a list of lists hold at most 10 elements in all",
        generator: Gen<Int>.any.array().array(), minimum: [Array(repeating: 0, count: 11)]
    ) { xss in xss.reduce(0) { $0 + $1.count } <= 10 }

    /// Minimum [0, 1, 2]: three distinct elements, as small as possible and in order.
    public static let distinct = ShrinkChallenge(
        name: "distinct", summary: "no list has 3 or more distinct elements",
        generator: Gen<Int>.any.array(), minimum: [0, 1, 2]
    ) { xs in Set(xs).count < 3 }

    /// A list whose length `n` is drawn first and whose elements are indices below `n`
    /// (a `flatMap`); minimum [1, 0], the shortest list with two elements pointing at
    /// each other.
    public static let coupling = ShrinkChallenge(
        name: "coupling", summary: "no two positions i != j of an index list point at each other",
        generator: Gen<Int>.int(in: 1...10).flatMap { n in Gen<Int>.int(in: 0...(n - 1)).array(count: n) },
        minimum: [1, 0]
    ) { xs in
        xs.indices.allSatisfy { i in xs[i] == i || xs[xs[i]] != i }
    }

    /// A tiny expression language where only literal zero divisors are ruled out, so
    /// `x / (0 + 0)` divides by zero. Minimum `.div(.lit(0), .add(.lit(0), .lit(0)))`.
    public static let calculator = ShrinkChallenge(
        name: "calculator", summary: "expressions without a literal '/ 0' evaluate without dividing by zero",
        generator: Expression.generator(maxDepth: 5),
        minimum: .div(.lit(0), .add(.lit(0), .lit(0)))
    ) { expression in
        try assume(expression.hasNoLiteralZeroDivisor)
        _ = try expression.evaluate()
        return true
    }

    /// Five lists of at most one 16-bit integer, each summing below 256, whose total
    /// (with 16-bit overflow) stays below 1280. Only two negative values that overflow
    /// together break it. Minimum `([], [], [], [-1], [-32768])`: empty lists are
    /// simpler than full ones so they come first, and moving all the magnitude to the
    /// later value makes the earlier one as small as it can be.
    public static let bound5 = ShrinkChallenge(
        name: "bound5", summary: "five small-sum Int16 lists have a small total (overflow says otherwise)",
        generator: {
            let list = Gen<Int16>.any.array(length: 0...1).filter("bounded list") { $0.reduce(0, &+) < 256 }
            return zip(list, list, list, list, list).map { Bound5(lists: [$0, $1, $2, $3, $4]) }
        }(),
        minimum: Bound5(lists: [[], [], [], [-1], [-32768]])
    ) { value in value.lists.joined().reduce(Int16(0), &+) < 5 * 256 }
}

/// The five lists of the bound5 challenge (a struct, since tuples are not Equatable values here).
public struct Bound5: Equatable, Sendable, CustomStringConvertible {
    /// The lists.
    public var lists: [[Int16]]
    public var description: String { "(" + lists.map { "\($0)" }.joined(separator: ", ") + ")" }
}
