// Choosing between options: the recorded choice is always the option's index, so
// shrinking moves towards the first option listed. List the simplest first.

extension Gen {
    /// One of `elements`, uniformly; shrinks towards the first element.
    public static func element<C: Collection & Sendable>(of elements: C) -> Gen<Value>
    where C.Element == Value, C.Index: Sendable {
        let options = Array(elements.indices)
        guard !options.isEmpty else { return .invalid("element(of:): the collection is empty") }
        return Gen { source in
            elements[options[Int(source.draw(upTo: UInt64(options.count - 1)))]]
        }
    }

    /// Draws from one of `generators`, chosen uniformly; shrinks towards the first.
    public static func oneOf(_ generators: [Gen<Value>]) -> Gen<Value> {
        guard !generators.isEmpty else { return .invalid("oneOf: no generators given") }
        return Gen { source in
            source.startSpan("oneOf")
            defer { source.endSpan() }
            let index = Int(source.draw(upTo: UInt64(generators.count - 1)))
            return try generators[index].body(source)
        }
    }

    /// Draws from one of `generators`, chosen uniformly; shrinks towards the first.
    public static func oneOf(_ generators: Gen<Value>...) -> Gen<Value> {
        oneOf(generators)
    }

    /// Draws from one of `choices`, chosen in proportion to its weight; shrinks towards
    /// the first, whatever the weights.
    public static func frequency(_ choices: [(weight: Int, generator: Gen<Value>)]) -> Gen<Value> {
        guard !choices.isEmpty else { return .invalid("frequency: no generators given") }
        if let bad = choices.first(where: { $0.weight < 0 }) {
            return .invalid("frequency: weight \(bad.weight) is negative")
        }
        let weights = choices.map { UInt64($0.weight) }
        let total = weights.reduce(0, +)
        guard total > 0 else { return .invalid("frequency: the weights add up to 0") }
        let generators = choices.map(\.generator)
        return Gen { source in
            source.startSpan("frequency")
            defer { source.endSpan() }
            return try generators[source.drawIndex(weights: weights, total: total)].body(source)
        }
    }

    /// Recursive values (trees, expressions) at most `maxDepth` levels of `extend` deep.
    /// At every level the choice is between `base` (listed first, so the shrinker
    /// prefers it) and one more level of `extend`.
    public static func recursive(
        maxDepth: Int, base: Gen<Value>, _ extend: @escaping @Sendable (Gen<Value>) -> Gen<Value>
    ) -> Gen<Value> {
        guard maxDepth >= 0 else { return .invalid("recursive: maxDepth \(maxDepth) is negative") }
        // The innermost level draws a selector too (bounded by 0, so always `base`):
        // every level then reads its choices the same way, and the shrinker can move a
        // subtree's choices to a shallower level without changing what they mean.
        var level = Gen.oneOf([base])
        for _ in 0..<maxDepth { level = .oneOf(base, extend(level)) }
        return level
    }
}

extension Gen {
    /// A generator built when it runs, for recursive data: a tree is
    /// `.oneOf(.constant(.leaf), zip(Gen<Tree>.deferred { tree }, Gen<Tree>.deferred { tree }).map { .node($0, $1) })`
    /// (spell the type out: inside `zip` a bare `.deferred` is not inferred). List the
    /// non-recursive option first, so that the simplest choices (which the shrinker
    /// moves towards, and which a case past its choice limit reads) end the recursion.
    /// Nesting past `maxDepth` rejects the case with ``GenerationError/tooDeep(maxDepth:)``
    /// instead of overflowing the stack.
    public static func deferred(maxDepth: Int = 100, _ make: @escaping @Sendable () -> Gen<Value>) -> Gen<Value> {
        guard maxDepth >= 0 else { return .invalid("deferred: maxDepth \(maxDepth) is negative") }
        return Gen { source in
            source.deferredDepth += 1
            defer { source.deferredDepth -= 1 }
            guard source.deferredDepth <= maxDepth else { throw GenerationError.tooDeep(maxDepth: maxDepth) }
            return try make().body(source)
        }
    }

    /// `nil` a quarter of the time, else a wrapped value; shrinks towards `nil`.
    public var optional: Gen<Value?> {
        Gen<Value?> { source in
            source.startSpan("optional")
            defer { source.endSpan() }
            return source.drawBit(chance: 3, in: 4) ? try self.body(source) : nil
        }
    }
}
