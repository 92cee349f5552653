import Testing
import PropCheckTesting

/// Properties of the engine, checked with the engine: the suite `swift test --filter
/// Properties` runs (the corpus replay joins it with the CLI).
@Suite("Engine properties")
struct EngineProperties {
    @Test("every choice sequence survives a replay-token round trip")
    func replayTokenRoundTrip() async {
        let choices = Gen<UInt64>.any.array(length: 0...50)
        await checkProperty(zip(Gen<UInt64>.any, choices)) { input in
            let (seed, values) = input
            let token = ReplayToken(seed: Seed(seed), choices: ChoiceSequence(values))
            return try ReplayToken.parse(token.description) == token
        }
    }

    @Test("integers stay inside any valid range and shrink to its target")
    func integersInRange() async {
        let bounds = zip(Gen<Int>.int(in: -1_000_000...1_000_000), Gen<Int>.int(in: 0...1_000_000))
        await checkProperty(zip(bounds, Gen<UInt64>.any.array(length: 0...4))) { input in
            let (bounds, choices) = input
            let range = bounds.0...(bounds.0 + bounds.1)
            let value = try Gen<Int>.int(in: range).generate(from: ChoiceSource(replaying: choices))
            let target = try Gen<Int>.int(in: range).generate(from: ChoiceSource(replaying: []))
            let nearestToZero = range.contains(0) ? 0 : (range.lowerBound > 0 ? range.lowerBound : range.upperBound)
            return range.contains(value) && target == nearestToZero
        }
    }

    @Test("the shrinker returns a failing case no larger than the one it started from")
    func shrinkerOnlyImproves() async {
        // A family of thresholds: "some element reaches t" fails for many lists.
        await checkProperty(zip(Gen<Int>.int(in: 0...500), Gen<UInt64>.int(in: 1...50))) { input in
            let (threshold, seed) = input
            let generator = Gen<Int>.int(in: 0...1000).array()
            let report = await forAll(generator, name: "inner", configuration: .init(iterations: 200, seed: Seed(seed))) { xs in
                !xs.contains { $0 >= threshold }
            }
            guard let counterexample = report.counterexample else { return true }
            return counterexample.value == [threshold]
                && counterexample.replayToken.choices.count <= counterexample.originalChoiceCount
        }
    }
}
