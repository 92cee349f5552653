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

    @Test("a failure is found within a property's default 100 cases from at least 95 of 100 seeds (equal and nearby values included)",
          arguments: ShrinkChallenge.all.map(\.name))
    func foundWithinDefaultCases(name: String) async throws {
        let challenge = try #require(ShrinkChallenge.named(name))
        var found = 0
        for seed in 0..<100 where await challenge.run(seed: Seed(UInt64(seed)), iterations: 100, budget: ShrinkBudget(maxCalls: 1)).found {
            found += 1
        }
        #expect(found >= 95, "\(name): found within 100 cases from \(found)/100 seeds")
    }

    @Test("the open problems (the rest of the public challenge) each find a failure, and shrinking never makes it longer",
          arguments: ShrinkChallenge.open.map(\.name))
    func openProblem(name: String) async throws {
        let challenge = try #require(ShrinkChallenge.named(name))
        let result = await challenge.run(seed: Seed(1), iterations: 10_000, budget: ShrinkBudget(maxCalls: 2_000))
        #expect(result.found, "\(name) found no failure in 10,000 cases")
        #expect(result.shrunkChoices <= result.originalChoices, "\(name): \(result.shrunk ?? "-")")
    }

    @Test("the documented minimum really fails, and every challenge has a distinct name")
    func catalogue() async {
        let every = ShrinkChallenge.all + ShrinkChallenge.open
        #expect(Set(every.map(\.name)).count == every.count)
        #expect(ShrinkChallenge.named("difference-one")?.minimumDescription == "(10, 9)")
        #expect(ShrinkChallenge.deletion.minimumDescription == "([0, 0], 0)")
        #expect(ShrinkChallenge.calculator.minimumDescription == ".div(.lit(0), .add(.lit(0), .lit(0)))")
        #expect(ShrinkChallenge.bound5.minimumDescription == "([], [], [], [-1], [-32768])")
    }
}
