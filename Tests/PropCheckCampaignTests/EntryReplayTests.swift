import BuiltinTargets
import Foundation
import Testing
import PropCheckCampaign
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// A corpus entry whose choices no longer draw the run it recorded (the engine changed
/// how it reads them) is replayed from its recorded plan, and says where it diverged.
@Suite("Entry replay")
struct EntryReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpus")

    func entry(_ prefix: String) throws -> (CorpusEntry, CampaignTarget, RunSettings) {
        let file = try #require(try Corpus(directory: Self.corpus).files().first { $0.lastPathComponent.hasPrefix(prefix) })
        let entry = try Corpus.load(file)
        let target = try #require(BuiltinTargets.registry.recorded(in: entry))
        let settings = try RunSettings(recordedIn: entry)
        return (entry, target, settings)
    }

    /// The entry with one choice of its plan changed, the way an engine change moves
    /// what a choice means: the plan draws the same number of choices, so the run's
    /// own decisions after it are untouched, but a step differs.
    func stale(_ entry: CorpusEntry, _ target: CampaignTarget, _ settings: RunSettings) throws -> CorpusEntry {
        let plan = try #require(entry.plan)
        let token = try ReplayToken.parse(entry.replay)
        var choices = token.choices.values
        for index in 0..<plan.planChoices {
            for value in [choices[index] + 1, choices[index] > 0 ? choices[index] - 1 : 2] {
                var edited = choices
                edited[index] = value
                let replanned = try target.plan(edited, settings: settings)
                if replanned.recorded.planChoices == plan.planChoices && replanned.swarm == entry.swarm
                    && replanned.steps != entry.schedule {
                    choices = edited
                    var stale = entry
                    stale.replay = ReplayToken(seed: token.seed, choices: ChoiceSequence(choices)).description
                    return stale
                }
            }
        }
        Issue.record("no single-choice edit of the plan changes a step")
        return entry
    }

    @Test("an entry whose choices still fit replays exactly, with no divergence")
    func fittingEntry() throws {
        let (entry, target, settings) = try entry("raft-volatile-term-vote-election-safety-")
        let replay = try target.replay(entry: entry, settings: settings)
        #expect(replay.divergence == nil)
        #expect(replay.fromPlan == nil)
        #expect(replay.outcome?.violation?.description == entry.message)
    }

    @Test("stale choices: the divergence names the step, and the recorded plan still reproduces the failure",
          arguments: ["raft-volatile-term-vote-election-safety-", "gms-gms2-", "raft-apply-twice-"])
    func staleEntry(prefix: String) throws {
        let (entry, target, settings) = try entry(prefix)
        let stale = try stale(entry, target, settings)
        let replay = try target.replay(entry: stale, settings: settings)
        let divergence = try #require(replay.divergence)
        let step = try #require(divergence.step)
        #expect(divergence.recorded == entry.schedule[step - 1])
        #expect(divergence.replayed != divergence.recorded)
        #expect(replay.fromPlan?.violation?.description == entry.message)
        #expect(replay.outcome?.violation?.description == entry.message)
    }

    @Test("a stale entry without a plan has no outcome to offer: never a silent pass")
    func staleEntryWithoutPlan() throws {
        let (entry, target, settings) = try entry("gms-gms2-")
        var stale = try stale(entry, target, settings)
        stale.plan = nil
        let replay = try target.replay(entry: stale, settings: settings)
        #expect(replay.divergence != nil)
        #expect(replay.outcome == nil)
    }

    @Test("different swarm options are a divergence too")
    func swarmDivergence() throws {
        let (entry, target, settings) = try entry("gms-gms2-")
        var edited = entry
        edited.swarm = "swarm: partitions"
        let divergence = try #require(try target.divergence(of: edited, settings: settings))
        #expect(divergence.step == nil)
        #expect(divergence.recorded == "swarm: partitions")
    }
}
