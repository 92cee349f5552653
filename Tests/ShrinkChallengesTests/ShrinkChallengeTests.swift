import Testing
import PropCheckEngine
import ShrinkChallenges

/// The engine's acceptance test: every classic problem shrinks to its canonical
/// minimum from at least 95 of 100 different seeds.
@Suite("Shrinking challenges")
struct ShrinkChallengeTests {
    @Test("reaches the canonical minimum from at least 95 of 100 seeds", arguments: ShrinkChallenge.all.map(\.name))
    func canonicalMinimum(name: String) async throws {
        let challenge = try #require(ShrinkChallenge.named(name))
        var reached = 0
        var misses: [String] = []
        for seed in 0..<100 {
            let result = await challenge.run(seed: Seed(UInt64(seed)), iterations: 10_000)
            #expect(result.found, "seed \(seed) found no failure")
            if result.reachedMinimum { reached += 1 } else { misses.append("seed \(seed): \(result.shrunk ?? "-")") }
        }
        #expect(reached >= 95, "\(name): minimum \(challenge.minimumDescription) reached from \(reached)/100 seeds; misses: \(misses.prefix(5))")
    }

    @Test("the documented minimum really fails, and every challenge has a distinct name")
    func catalogue() async {
        #expect(Set(ShrinkChallenge.all.map(\.name)).count == ShrinkChallenge.all.count)
        #expect(ShrinkChallenge.calculator.minimumDescription == ".div(.lit(0), .add(.lit(0), .lit(0)))")
        #expect(ShrinkChallenge.bound5.minimumDescription == "([], [], [], [-1], [-32768])")
    }
}
