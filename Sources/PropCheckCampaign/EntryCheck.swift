import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// A corpus entry judged against what it stands for: an entry of a broken variant
/// (or of a correct one run outside its fault model) must still fail with the
/// property it recorded; an entry of a correct variant within its fault model was a
/// bug, since fixed, and must pass. The corpus is a regression suite.
public struct EntryCheck: Sendable {
    /// What the entry's replay must show.
    public enum Expectation: Sendable, Hashable {
        /// The recorded violation still reproduces (same property).
        case stillFails
        /// The run now passes: the bug it recorded stays fixed.
        case passes
    }

    /// What the replay had to show.
    public var expectation: Expectation
    /// The replay (exact, and from the recorded plan should the choices have diverged).
    public var replay: EntryReplay
    /// Why the replay did not meet the expectation; nil when it did.
    public var problem: String?

    /// True when the replay met the expectation.
    public var isOK: Bool { problem == nil }
}

extension CampaignTarget {
    /// What replaying `entry` must show: a failure for a broken variant or for faults
    /// beyond this variant's defaults (its fault model), a pass otherwise.
    public func expectation(for entry: CorpusEntry, settings: RunSettings) -> EntryCheck.Expectation {
        isBroken || !settings.faults.isSubset(of: defaultFaults) ? .stillFails : .passes
    }

    /// Replays `entry` under the settings it recorded and judges it (see ``EntryCheck``),
    /// against `expectation` when given (a merge asks only that it still shows what it
    /// recorded). Not for variants that trap: they kill the process (replay them isolated).
    public func check(_ entry: CorpusEntry, expecting expectation: EntryCheck.Expectation? = nil) throws -> EntryCheck {
        let settings = try self.settings(recordedIn: entry)
        let replay = try self.replay(entry: entry, settings: settings)
        let expectation = expectation ?? self.expectation(for: entry, settings: settings)
        var problem: String?
        if let outcome = replay.outcome {
            switch (expectation, outcome.violation) {
            case (.stillFails, nil):
                problem = "no longer fails: the recorded \(entry.property) does not reproduce"
            case (.stillFails, let violation?) where violation.property != entry.property:
                problem = "fails differently: recorded \(entry.property), now \(violation)"
            case (.passes, let violation?):
                problem = "the fixed bug is back: \(violation)"
            default:
                break
            }
        } else {
            problem = "its choices no longer draw the run it recorded (\(replay.divergence.map(String.init(describing:)) ?? "")) "
                + "and it holds no plan to replay instead"
        }
        return EntryCheck(expectation: expectation, replay: replay, problem: problem)
    }
}
