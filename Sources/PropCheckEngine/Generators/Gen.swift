/// A generator: a recipe that turns choices drawn from a ``ChoiceSource`` into a value.
///
/// Generators are values that users compose (`map`, `flatMap`, `filter`, `zip`,
/// `array`, `oneOf` …). Because every generator only ever draws bounded integers
/// from the source, the shrinker can simplify any generated value, including one
/// built by `flatMap`, by editing the recorded choices and generating again.
public struct Gen<Value>: Sendable {
    @usableFromInline
    let body: @Sendable (ChoiceSource) throws -> Value

    /// A generator from a function that draws from the source. Throw
    /// ``GenerationError`` to reject a case or report a bad argument.
    public init(_ body: @escaping @Sendable (ChoiceSource) throws -> Value) {
        self.body = body
    }

    /// Draws one value.
    @inlinable
    public func generate(from source: ChoiceSource) throws -> Value {
        try body(source)
    }

    /// A generator that always yields `value` and draws nothing.
    public static func constant(_ value: Value) -> Gen<Value> where Value: Sendable {
        Gen { _ in value }
    }

    /// A generator that fails with ``GenerationError/invalidArgument(_:)`` when run: how
    /// constructors report a bad argument (an empty list of options, min above max)
    /// without trapping in the caller's code.
    public static func invalid(_ message: String) -> Gen<Value> {
        Gen { _ in throw GenerationError.invalidArgument(message) }
    }
}

// MARK: - Transforming

extension Gen {
    /// Applies `transform` to every generated value; shrinks exactly as `self` does.
    public func map<T>(_ transform: @escaping @Sendable (Value) throws -> T) -> Gen<T> {
        Gen<T> { source in try transform(self.body(source)) }
    }

    /// Draws a value, then draws from the generator `transform` builds from it.
    /// Both draws land in one choice sequence, so the pair shrinks together.
    public func flatMap<T>(_ transform: @escaping @Sendable (Value) throws -> Gen<T>) -> Gen<T> {
        Gen<T> { source in
            let first = try source.withSpan("flatMap.outer") { try self.body(source) }
            let next = try transform(first)
            return try source.withSpan("flatMap.inner") { try next.body(source) }
        }
    }

    /// Keeps only values satisfying `isIncluded`, retrying up to `maxAttempts` times in
    /// one case; past that it throws ``GenerationError/filterTooStrict(label:attempts:)``
    /// instead of looping. Rejected attempts are marked discarded for the shrinker.
    public func filter(
        _ label: String = "filter", maxAttempts: Int = 100,
        _ isIncluded: @escaping @Sendable (Value) throws -> Bool
    ) -> Gen<Value> {
        guard maxAttempts > 0 else {
            return .invalid("filter '\(label)': maxAttempts must be positive, got \(maxAttempts)")
        }
        return Gen { source in
            for _ in 0..<maxAttempts {
                source.startSpan(label)
                let value = try self.body(source)
                let accepted = try isIncluded(value)
                source.endSpan(discard: !accepted)
                if accepted { return value }
                if source.overran { break }
            }
            throw GenerationError.filterTooStrict(label: label, attempts: maxAttempts)
        }
    }
}

// MARK: - Combining

/// Draws from each generator in turn and returns the values as a tuple.
public func zip<each T>(_ generators: repeat Gen<each T>) -> Gen<(repeat each T)> {
    Gen { source in (repeat try (each generators).body(source)) }
}
