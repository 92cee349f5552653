import BuiltinTargets
import Foundation
import Testing
import PropCheckCampaign
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// Every saved counterexample in `corpus/` replays as it should: entries of broken
/// variants (or of correct ones under faults outside their model) still fail exactly
/// as recorded; entries of correct variants within their fault model were bugs that
/// have been fixed, and must pass. The corpus is the regression suite.
@Suite("Corpus replay")
struct CorpusReplay {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpus")

    static var files: [String] {
        ((try? Corpus(directory: directory).files()) ?? []).map(\.lastPathComponent)
    }

    @Test("the corpus holds the shrunk counterexamples of the broken GMS versions and the Raft zoo")
    func corpusIsThere() {
        for variant in ["gms1", "gms2", "gms3", "gms3-offbyone", "gms4"] {
            #expect(Self.files.contains { $0.hasPrefix("gms-\(variant)-") }, "no corpus file for \(variant)")
        }
        for target in BuiltinTargets.registry.of(protocol: "raft") where target.isBroken {
            #expect(Self.files.contains { $0.hasPrefix("raft-\(target.variant)-") }, "no corpus file for \(target.name)")
        }
    }

    @Test("each corpus file still reproduces its violation", arguments: files)
    func replay(file: String) throws {
        let entry = try Corpus.load(Self.directory.appendingPathComponent(file))
        let target = try #require(BuiltinTargets.registry.recorded(in: entry))
        let token = try ReplayToken.parse(entry.replay)
        let settings = try RunSettings(recordedIn: entry)
        // The choices must still draw the recorded run; if the engine changed how it
        // reads them, the exact replay tests some other run and the entry is stale.
        let divergence = try target.divergence(of: entry, settings: settings)
        #expect(divergence == nil, "\(file) is stale, regenerate it: \(divergence.map(String.init(describing:)) ?? "")")
        #expect(entry.plan != nil, "\(file) holds no plan to replay should its choices stop fitting")
        if target.traps {
            // It kills the process that runs it: replay it in a child.
            let child = Isolation().run(target, settings: settings, choices: token.choices.values)
            #expect(child.failureKind == entry.property, "\(file): \(child.failureMessage ?? "no longer fails")")
            return
        }
        let judged = try target.check(entry)
        let result = judged.replay.exact
        if let plan = entry.plan {
            // The fallback is faithful: the recorded plan, run as data, is the same run.
            let fromPlan = try target.replay(plan: plan, choices: token.choices.values, settings: settings)
            #expect(fromPlan.violation?.description == result.violation?.description, "\(file): the plan replays another run")
            #expect(fromPlan.traces["log"] == result.traces["log"], "\(file): the plan's trace differs from the exact replay's")
        }
        // A broken variant, or a correct one pushed outside its fault model (gms4 under
        // partitions), must still fail as recorded; a correct variant failing inside its
        // own fault model was a bug, since fixed, and must pass.
        #expect(judged.isOK, "\(file): \(judged.problem ?? "")")
        if judged.expectation == .stillFails {
            #expect(result.violation?.description == entry.message, "\(file): the violation changed")
        }
        if let minimum = target.knownMinimum, target.isBroken {
            // The yardstick stays true: no saved counterexample is below the argued lower
            // bound (the argument would be wrong) or below the known minimum (it is stale).
            #expect(entry.schedule.count >= minimum.lowerBound, "\(file) beats the lower bound: \(minimum.reason)")
            #expect(entry.schedule.count >= minimum.steps, "\(file) is smaller than the known minimum of \(target.name)")
        }
    }
}
