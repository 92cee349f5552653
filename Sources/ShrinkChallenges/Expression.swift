import PropCheckEngine

/// The calculator challenge's language: integer literals, addition and division.
public indirect enum Expression: Equatable, Sendable {
    /// An integer literal.
    case lit(Int)
    /// The sum of two expressions.
    case add(Expression, Expression)
    /// The quotient of two expressions (truncating).
    case div(Expression, Expression)

    /// Raised when a division's divisor evaluates to zero.
    public struct DivisionByZero: Error {}

    /// The expression's value; throws ``DivisionByZero`` instead of trapping.
    public func evaluate() throws -> Int {
        switch self {
        case .lit(let value): return value
        case .add(let left, let right): return try left.evaluate() &+ right.evaluate()
        case .div(let left, let right):
            let divisor = try right.evaluate()
            guard divisor != 0 else { throw DivisionByZero() }
            return try left.evaluate().dividedReportingOverflow(by: divisor).partialValue
        }
    }

    /// True when no division has the literal 0 as its divisor: the (too weak) guard
    /// the calculator property relies on.
    public var hasNoLiteralZeroDivisor: Bool {
        switch self {
        case .lit: true
        case .add(let left, let right): left.hasNoLiteralZeroDivisor && right.hasNoLiteralZeroDivisor
        case .div(let left, let right): right != .lit(0) && left.hasNoLiteralZeroDivisor && right.hasNoLiteralZeroDivisor
        }
    }

    /// Expressions up to `maxDepth` operators deep, literals in -1000...1000.
    public static func generator(maxDepth: Int) -> Gen<Expression> {
        let literal = Gen<Int>.int(in: -1000...1000).map(Expression.lit)
        return .recursive(maxDepth: maxDepth, base: literal) { sub in
            .oneOf(zip(sub, sub).map { .add($0, $1) }, zip(sub, sub).map { .div($0, $1) })
        }
    }
}
