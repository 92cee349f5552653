import BuiltinTargets
import Testing
import PropCheckCampaign
import PropCheckEngine
import PropCheckSimulator

/// What the fuzzer must show about Raft, with modest iteration counts (the
/// 10,000-run campaigns and the whole zoo run from `propcheck` in release builds).
@Suite("Raft campaigns")
struct RaftCampaigns {
    func campaign(_ variant: String, iterations: Int, property: String? = nil,
                  conformance: Bool = true) async throws -> CampaignReport {
        let target = try #require(BuiltinTargets.registry.named(variant))
        var options = CampaignOptions(iterations: iterations, seed: Seed(0x5eed), jobs: 2)
        options.property = property
        options.conformance = conformance
        return await target.run(options)
    }

    @Test("the correct Raft passes every property under every fault kind, joins included")
    func correctPasses() async throws {
        let report = try await campaign("raft", iterations: 300)
        #expect(report.failure == nil, "\(report.text)")
        #expect(report.faultKindsThatNeverFired.isEmpty, "\(report.runsWithFault)")
    }

    @Test("zoo variants the campaign finds quickly are caught by their expected invariant and shrunk (the model's conformance off: it would see most of them first)",
          arguments: [("vote-without-log-check", "leader-completeness"),
                      // The storage rule catches state kept in memory at the first message
                      // that depends on it, long before a crash shows what it costs.
                      ("volatile-term-vote", "persisted-before-send"), ("volatile-log", "persisted-before-send"),
                      // Its log is cut below its commit index, which the state check sees at once.
                      ("truncate-without-conflict", "committed-prefix"),
                      // An entry sent at the wrong index leaves a commit index past the log, seen at
                      // once by the state check; the shrink ends at the data it loses.
                      ("apply-twice", "linearizability"), ("prev-index-off-by-one", "committed-prefix"),
                      // The state check catches a commit index set past the leader's entries
                      // at the handler that sets it; the stale-vote bug needs the new faults.
                      ("commit-to-leader-commit", "committed-prefix"), ("count-stale-votes", "election-safety"),
                      ("reply-before-sync", "persisted-before-send")])
    func quickBugsCaught(variant: String, property: String) async throws {
        let report = try await campaign(variant, iterations: 50, conformance: false)
        let failure = try #require(report.failure, "\(variant) should fail")
        // Caught by it: the run the campaign found violated it. The shrink keeps a safety
        // failure a safety failure and may end at a smaller violation another checker sees
        // (prev-index-off-by-one's lost entry: committed-survive or state-machine-safety).
        #expect((failure.shrink.originalProperty ?? failure.property) == property, "\(failure.message)")
        #expect(failure.kind == "safety" || property == failure.property, "\(failure.message)")
        #expect(failure.shrink.shrunkSteps <= failure.shrink.originalSteps && failure.shrink.shrunkSteps <= 5,
                "\(failure.schedule)")
    }

    @Test("without the storage rule, what volatile state and unsynced replies cost is still caught: data and votes lost at a crash",
          arguments: [("volatile-term-vote", "election-safety"), ("volatile-log", "committed-survive"),
                      // Only storage faults (a crash losing unsynced writes) reach it.
                      ("reply-before-sync", "committed-survive")])
    func storageBugsCostCaught(variant: String, property: String) async throws {
        let report = try await campaign(variant, iterations: 100, property: property)
        let failure = try #require(report.failure, "\(variant) should fail \(property)")
        #expect(failure.property == property, "\(failure.message)")
    }
}
