import BuiltinTargets
import Testing
@testable import PropCheckCampaign
import PropCheckEngine
import PropCheckSimulator

@Suite("Isolation")
struct IsolationTests {
    @Test("a failure that does not recur when its case runs again is kept as first seen, and says so")
    func unrecurredFailureIsKept() async throws {
        // The correct PingPong passes case 0 every time: as if a child had hung once
        // under load and passed when run again.
        let pingpong = try #require(BuiltinTargets.registry.named("pingpong"))
        let settings = RunSettings(faults: pingpong.defaultFaults)
        var once = Isolation().run(pingpong, settings: settings, seed: Seed(1), index: 0)
        #expect(once.failureKind == nil && !once.choices.isEmpty)
        once.failureKind = "hang"
        once.failureMessage = "the case ran past 20 s of wall-clock time"
        let entry = try #require(await Isolation().shrink(pingpong, settings: settings, seed: Seed(1), index: 0, firstSeen: once))
        #expect(entry.property == "hang" && entry.kind == "liveness")
        #expect(entry.message.contains("did not recur"))
        #expect(try ReplayToken.parse(entry.replay).choices.values == once.choices)
        // Without what was first seen there is nothing to report: the case passes.
        #expect(await Isolation().shrink(pingpong, settings: settings, seed: Seed(1), index: 0) == nil)
    }
}
