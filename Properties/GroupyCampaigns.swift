import BuiltinTargets
import Testing
import PropCheckCampaign
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// What the fuzzer must show about the Groupy versions, with modest iteration counts
/// (the 10,000-run campaigns run from `propcheck` in release builds).
@Suite("Groupy campaigns")
struct GroupyCampaigns {
    func campaign(_ variant: String, faults: Set<FaultKind>, iterations: Int = 300) async throws -> CampaignReport {
        let target = try #require(BuiltinTargets.registry.named(variant))
        return await target.run(CampaignOptions(iterations: iterations, seed: Seed(0x5eed), faults: faults))
    }

    @Test("with crashes and joins, gms1, gms2 and gms3-offbyone fail, each shrunk to a one-step schedule",
          arguments: [("gms1", "gms-liveness"), ("gms2", "no-gaps"), ("gms3-offbyone", "no-duplicates")])
    func brokenVersionsFail(variant: String, property: String) async throws {
        let report = try await campaign(variant, faults: [.crash, .join])
        let failure = try #require(report.failure, "\(variant) should fail")
        #expect(failure.property == property, "\(failure.message)")
        #expect(failure.shrink.shrunkSteps == 1, "\(failure.schedule)")
    }

    @Test("gms3 passes crashes and joins over reliable links")
    func gms3PassesCrashes() async throws {
        let report = try await campaign("gms3", faults: [.crash, .join])
        #expect(report.failure == nil, "\(report.text)")
        #expect(report.runsWithFault["crash", default: 0] > 50 && report.runsWithFault["join", default: 0] > 50)
    }

    @Test("gms3 fails under message loss, shrunk to a gap: two multicasts, the first lost")
    func gms3FailsUnderLoss() async throws {
        let report = try await campaign("gms3", faults: [.loss])
        let failure = try #require(report.failure)
        // A safety failure stays one (it never becomes a run that merely stalls), and a
        // gap needs a second multicast to follow the lost one.
        #expect(failure.property == "no-gaps", "\(failure.message)")
        #expect(failure.trace.filter { $0.contains("DROP") }.count == 1, "\(failure.trace)")
        #expect(failure.schedule.count == 2, "\(failure.schedule)")
    }

    @Test("gms4 passes at --nodes 9, where a fixed step budget took nine members' ordinary traffic for a livelock (run 173)")
    func gms4AtNineNodes() async throws {
        let target = try #require(BuiltinTargets.registry.named("gms4"))
        var options = CampaignOptions(iterations: 200, seed: Seed(0x5eed), jobs: 2)
        options.nodes = 9
        let report = await target.run(options)
        #expect(report.failure == nil, "\(report.text)")
    }

    @Test("gms4 passes joins, crashes, loss, duplication and delay")
    func gms4Passes() async throws {
        let report = try await campaign("gms4", faults: [.crash, .join, .loss, .duplication, .delay], iterations: 200)
        #expect(report.failure == nil, "\(report.text)")
        #expect(report.faultKindsThatNeverFired.isEmpty)
    }

    @Test("under partitions (false suspicion, outside Groupy's fault model) gms4 splits, and the split shrinks to one partition")
    func partitionsSplitTheGroup() async throws {
        let report = try await campaign("gms4", faults: [.partition, .join])
        let failure = try #require(report.failure)
        #expect(failure.schedule.count == 1 && failure.schedule[0].hasPrefix("partition"), "\(failure.schedule)")
    }

    @Test("view-state reads each member's view from its state: gms2 installs views out of order, and under partitions (outside GMS's model) gms4 has a slave heading its own list")
    func viewStateChecked() async throws {
        func failure(_ variant: String, faults: Set<FaultKind>? = nil) async throws -> CorpusEntry? {
            let target = try #require(BuiltinTargets.registry.named(variant))
            var options = CampaignOptions(iterations: 2_000, seed: Seed(0x5eed), faults: faults, jobs: 2)
            options.property = "view-state"
            return await target.run(options).failure
        }
        let gms2 = try #require(try await failure("gms2"))
        #expect(gms2.message.contains("installed view"), "\(gms2.message)")
        let outside = try #require(try await failure("gms4", faults: [.crash, .partition]))
        #expect(outside.property == "view-state", "\(outside.message)")
        // Within its model, gms4 keeps its view state (the default campaign checks it too).
        #expect(try await failure("gms4") == nil)
    }
}
