import BuiltinTargets
import Testing
@testable import PropCheckCampaign
import PropCheckEngine
import PropCheckSimulator

@Suite("Campaigns")
struct CampaignTests {
    func run(_ variant: String, faults: Set<FaultKind>, iterations: Int, jobs: Int = 1,
             shard: (Int, Int) = (1, 1)) async throws -> CampaignReport {
        let target = try #require(BuiltinTargets.registry.named(variant))
        return await target.run(CampaignOptions(iterations: iterations, seed: Seed(0x5eed), faults: faults, jobs: jobs,
                                                shard: shard))
    }

    @Test("two jobs find the same failure, shrunk the same, as one job")
    func jobsDoNotChangeResults() async throws {
        let one = try await run("gms3", faults: [.loss, .crash], iterations: 300, jobs: 1)
        let two = try await run("gms3", faults: [.loss, .crash], iterations: 300, jobs: 2)
        let failure = try #require(one.failure)
        #expect(two.failure == failure)
        #expect(one.iterations == two.iterations)
    }

    @Test("the shards of a campaign together run exactly the unsharded campaign")
    func shardsPartitionTheCampaign() async throws {
        let whole = try await run("gms3", faults: [.crash, .join], iterations: 120)
        var fired: [String: Int] = [:]
        var runs = 0
        for k in 1...3 {
            let part = try await run("gms3", faults: [.crash, .join], iterations: 120, shard: (k, 3))
            runs += part.iterations
            fired.merge(part.runsWithFault, uniquingKeysWith: +)
        }
        #expect(runs == whole.iterations)
        #expect(fired == whole.runsWithFault)
        #expect(CampaignOptions(iterations: 10, seed: Seed(1), shard: (2, 3)).cases == [1, 4, 7])
    }

    @Test("every target can be found by name, and the broken ones are marked")
    func catalogue() {
        #expect(BuiltinTargets.registry.named("gms4")?.isBroken == false)
        #expect(BuiltinTargets.registry.named("gms/gms3-offbyone")?.isBroken == true)
        #expect(BuiltinTargets.registry.named("pingpong") != nil)
        #expect(BuiltinTargets.registry.named("raft")?.isBroken == false)
        #expect(BuiltinTargets.registry.named("raft/stale-local-read")?.isBroken == true)
        #expect(BuiltinTargets.registry.named("back-off-past-start")?.traps == true)
        #expect(BuiltinTargets.registry.of(protocol: "raft").filter(\.isBroken).count >= 12)
    }

    @Test("a case that cannot run stops the search where it is and is reported, never silently", arguments: [1, 2])
    func caseErrors(jobs: Int) async {
        let options = CampaignOptions(iterations: 10, seed: Seed(1), jobs: jobs)
        let broken = await CaseSearch.run(options) { index in
            CaseSearch.Case(events: 1, failed: false, fired: [], error: index == 6 ? "the generator threw" : nil)
        }
        #expect(broken.error?.index == 6 && broken.error?.message == "the generator threw")
        #expect(broken.failingIndex == nil && broken.countedRuns == 6)
        let report = broken.report(for: BuiltinTargets.registry.named("pingpong")!, options: options, allowed: [], failure: nil)
        #expect(report.error == "case 6 could not run: the generator threw")
        #expect(report.text.contains("✗ ERROR") && !report.text.contains("no property failed"))
        // A failure before the broken case is still the result.
        let both = await CaseSearch.run(options) { index in
            CaseSearch.Case(events: 1, failed: index == 3, fired: [], error: index == 6 ? "the generator threw" : nil)
        }
        #expect(both.failingIndex == 3)
    }

    @Test("every broken variant states the smallest counterexample known and why none is smaller")
    func knownMinima() {
        for target in BuiltinTargets.all {
            guard let minimum = target.knownMinimum else {
                #expect(!target.isBroken, "\(target.name) has no known minimum")
                continue
            }
            #expect(target.isBroken, "\(target.name) is correct but has a known minimum")
            #expect(minimum.lowerBound <= minimum.steps && !minimum.reason.isEmpty, "\(target.name)")
        }
        #expect(BuiltinTargets.registry.named("raft/volatile-log")?.knownMinimum?.isMinimal == true)
    }
}

@Suite("Case ledger")
struct CaseLedgerTests {
    @Test("fault counts cover exactly the cases up to the reported one, whatever order the jobs finish in")
    func exactCounts() {
        let ledger = CaseLedger(jobs: 2)
        // Job 1 races ahead (cases 1, 3, 5, 7) while job 0 is slow on case 0, then case 2 fails.
        ledger.start(job: 0, index: 0)
        for index in [1, 3, 5, 7] {
            ledger.start(job: 1, index: index)
            ledger.finish(job: 1, index: index, fired: ["loss"], coverage: covered(index), failed: false)
        }
        ledger.finish(job: 0, index: 0, fired: ["crash"], coverage: covered(0), failed: false)
        ledger.start(job: 0, index: 2)
        ledger.finish(job: 0, index: 2, fired: ["loss"], coverage: covered(2), failed: true)
        ledger.done(job: 0)
        ledger.done(job: 1)
        // Cases 0, 1 and 2 count; 3, 5 and 7 ran past the failure and do not.
        let counts = ledger.counts(upTo: 2)
        #expect(counts.fired == ["crash": 1, "loss": 2])
        #expect(counts.coverage?.states == [0, 1, 2], "model coverage counts the same cases")
    }

    /// Coverage of one model state, numbered `state`.
    func covered(_ state: Int) -> ModelCoverage {
        var coverage = ModelCoverage()
        coverage.reach(UInt64(state), from: nil)
        return coverage
    }

    @Test("a case that could not run ends the count below it")
    func errorEndsTheCount() {
        let ledger = CaseLedger(jobs: 2)
        for index in [0, 1] {
            ledger.start(job: index, index: index)
            ledger.finish(job: index, index: index, fired: ["join"], coverage: nil, failed: false)
        }
        // Job 1 runs case 3 while job 0's case 2 cannot run at all.
        ledger.start(job: 0, index: 2)
        ledger.start(job: 1, index: 3)
        ledger.finish(job: 1, index: 3, fired: ["join"], coverage: nil, failed: false)
        ledger.countNothing(above: 1)
        ledger.done(job: 0)
        ledger.done(job: 1)
        #expect(ledger.counts(upTo: 1).fired == ["join": 2])
    }

    @Test("model coverage, and a guided search's every decision, are the same on one job and on two")
    func guidedSearchIsDeterministic() async throws {
        let target = try #require(BuiltinTargets.registry.named("raft"))
        #expect(target.hasModel)
        var options = CampaignOptions(iterations: 120, seed: Seed(0x5eed), jobs: 1)
        let uniform = await target.run(options)
        options.guided = true
        let one = await target.run(options)
        options.jobs = 2
        let two = await target.run(options)
        #expect(uniform.search == "uniform" && one.search == "guided")
        #expect(uniform.modelCoverage != nil && (uniform.modelCoverage?.states ?? 0) > 100, "\(uniform.text)")
        #expect(one.modelCoverage == two.modelCoverage && one.runsWithFault == two.runsWithFault, "\(one.text)\n\(two.text)")
        #expect(one.keptCases == two.keptCases && (one.keptCases ?? 0) > 0)
        #expect(one.runsWithFault != uniform.runsWithFault, "after its first generation, a guided search runs other cases")
        #expect(one.failure == nil && uniform.failure == nil, "the correct Raft conforms to its model")
    }

    @Test("a broken variant's guided campaign finds, shrinks and records a conformance failure that replays")
    func guidedFailureReplays() async throws {
        let target = try #require(BuiltinTargets.registry.named("raft/add-two-servers"))
        var options = CampaignOptions(iterations: 400, seed: Seed(0x5eed), jobs: 2)
        options.guided = true
        let report = await target.run(options)
        let failure = try #require(report.failure, "\(report.text)")
        #expect(failure.conformance == true)
        let check = try target.check(failure)
        #expect(check.isOK, "\(check.problem ?? "")")
    }

    @Test("a campaign's fault figures are the same on one job and on two")
    func jobsDoNotChangeFaultFigures() async throws {
        let target = try #require(BuiltinTargets.registry.named("gms2"))
        let one = await target.run(CampaignOptions(iterations: 300, seed: Seed(0x5eed), jobs: 1))
        for _ in 0..<3 {
            let two = await target.run(CampaignOptions(iterations: 300, seed: Seed(0x5eed), jobs: 2))
            #expect(two.runsWithFault == one.runsWithFault)
            #expect(two.faultKindsThatNeverFired == one.faultKindsThatNeverFired)
            #expect(two.iterations == one.iterations)
        }
    }

    @Test("the cases of a shard are computed, not listed")
    func caseArithmetic() {
        for (iterations, k, n) in [(10, 2, 3), (0, 1, 1), (7, 1, 1), (5, 7, 8), (100, 3, 4)] {
            let options = CampaignOptions(iterations: iterations, seed: Seed(1), shard: (k, n))
            #expect(options.caseCount == options.cases.count)
            #expect((0..<options.caseCount).map(options.caseIndex) == options.cases)
            for stop in -1..<iterations + 2 {
                #expect(options.casesUpTo(stop) == options.cases.filter { $0 <= stop }.count)
            }
        }
    }
}
