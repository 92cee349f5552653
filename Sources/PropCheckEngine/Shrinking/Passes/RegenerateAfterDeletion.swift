/// Deletes a nested span (a schedule's step, a list's element) and regenerates the
/// unstructured choices after the structure it belongs to, from a few fresh seeds.
///
/// It leaves the local minimum that every position-preserving edit is stuck in when
/// the choices after a structure are an environment's draws: a simulation's election
/// timeouts and message fates were shaped around the step being deleted, so deleting
/// it alone replays them against different events and the failure vanishes, while
/// some other draws of theirs would fail with the shorter schedule. The pass keeps
/// the structure's remaining choices and draws the rest as a fresh case would, with
/// its natural distributions. A run is taken only when its recorded choices come back
/// simpler (shorter) than the best, so the shrinker's order still holds.
///
/// It runs only when the other passes stop removing choices (``Shrinker/defaultEscapes``),
/// and only on spans whose structure is followed by choices that no span covers (a
/// simulation's draws after its schedule); on the classic value problems of
/// `ShrinkChallenges` it makes no call.
public struct RegenerateAfterDeletion: ShrinkPass {
    /// Fresh continuations tried per deleted span.
    public var attempts: Int

    public var name: String { "delete a span and regenerate the rest" }

    /// The pass, trying `attempts` continuations per span.
    public init(attempts: Int = 64) {
        self.attempts = attempts
    }

    public func run(on shrinker: Shrinker) async {
        var index = 0
        var hashed: (choices: [UInt64], hash: StableHash)?
        while index < shrinker.best.spans.count, !shrinker.isExhausted {
            let snapshot = shrinker.best
            if hashed?.choices != snapshot.choices { hashed = (snapshot.choices, Self.hash(snapshot.choices)) }
            let span = snapshot.spans[index]
            guard span.count > 0, span.parent >= 0,
                  let tail = snapshot.unstructuredTail(after: index) else { index += 1; continue }
            var prefix = Array(snapshot.choices[..<span.start])
            prefix += snapshot.choices[span.end..<tail]
            var improved = false
            for attempt in 0..<attempts where !shrinker.isExhausted {
                let seed = continuationSeed(hashed!.hash, span: index, attempt: attempt)
                if await shrinker.attempt(prefix, continuingWith: seed).worked { improved = true; break }
            }
            // After an improvement the spans are renumbered: look at the same index again.
            if !improved { index += 1 }
        }
    }

    /// A seed that depends only on the best sequence, the span and the attempt, so a
    /// shrink makes the same calls every time it runs.
    private func continuationSeed(_ base: StableHash, span: Int, attempt: Int) -> Seed {
        var hash = base
        withUnsafeBytes(of: UInt64(span).littleEndian) { hash.combine($0) }
        withUnsafeBytes(of: UInt64(attempt).littleEndian) { hash.combine($0) }
        return Seed(hash.value)
    }

    private static func hash(_ choices: [UInt64]) -> StableHash {
        var hash = StableHash()
        for value in choices { hash.combine(value) }
        return hash
    }
}
