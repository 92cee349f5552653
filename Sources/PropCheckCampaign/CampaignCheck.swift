import Foundation
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// A campaign with a corpus, as a test runs it (Hypothesis's example database, in
/// files): first every saved entry of the target is replayed and judged (see
/// ``EntryCheck``), then the campaign's generated cases run; a new failure is shrunk
/// and saved to the corpus before it is reported. It passes when every entry met its
/// expectation and the campaign did what the target calls for: a correct target
/// passes, a broken one is caught (a broken target that passes is a false green).
public struct CampaignCheck: Sendable {
    /// One saved entry, replayed.
    public struct Replayed: Sendable {
        /// The corpus file.
        public var file: String
        /// What its replay showed.
        public var check: EntryCheck
    }

    /// The entries of the target that were replayed.
    public var replayed: [Replayed]
    /// The campaign.
    public var report: CampaignReport?
    /// The corpus file the campaign's failure was saved to.
    public var savedFile: String?
    /// What went wrong, each in full (file, property, counterexample, trace); empty on success.
    public var problems: [String]

    /// True when nothing went wrong.
    public var isSuccess: Bool { problems.isEmpty }

    /// Replays `target`'s entries in `corpus`, then runs a campaign of `options`.
    /// A missing corpus directory is an empty corpus (it is created on the first save).
    /// A failure's run is shown as `timeline` says (width, nodes).
    public static func run(_ target: CampaignTarget, corpus directory: URL, options: CampaignOptions,
                           timeline: TimelineOptions = .init()) async -> CampaignCheck {
        var check = CampaignCheck(replayed: [], report: nil, savedFile: nil, problems: [])
        if target.traps {
            check.problems.append("\(target.name) can kill the process that runs it (it traps): "
                + "fuzz it with the tool's campaign, which runs it isolated, not in a test")
            return check
        }
        let corpus = Corpus(directory: directory)
        var files: [URL] = []
        if FileManager.default.fileExists(atPath: directory.path) {
            do { files = try corpus.files() } catch {
                check.problems.append("corpus \(directory.path) cannot be read: \(error)")
                return check
            }
        }
        for file in files {
            let entry: CorpusEntry
            do { entry = try Corpus.load(file) } catch {
                check.problems.append("\(error)")
                continue
            }
            guard entry.protocolName == target.protocolName, entry.variant == target.variant else { continue }
            do {
                let judged = try target.check(entry)
                check.replayed.append(Replayed(file: file.path, check: judged))
                if let problem = judged.problem {
                    var text = "\(file.path): \(problem)"
                    if let divergence = judged.replay.divergence { text += "\n  (its choices diverged: \(divergence))" }
                    if let outcome = judged.replay.outcome, outcome.violation != nil {
                        text += "\n" + outcome.failureNotes(timeline)
                    }
                    check.problems.append(text)
                }
            } catch {
                check.problems.append("\(file.path): cannot be replayed: \(error)")
            }
        }
        let report = await target.run(options)
        check.report = report
        if let error = report.error { check.problems.append("\(target.name): \(error)") }
        if let nondeterminism = report.nondeterminism { check.problems.append("\(target.name): \(nondeterminism)") }
        if let failure = report.failure {
            // Saved before anything is reported: a failure found is never lost.
            do {
                check.savedFile = try corpus.save(failure).url.path
            } catch {
                check.problems.append("\(target.name): the failure below could not be saved to \(directory.path): \(error)")
            }
            if !target.isBroken {
                var text = report.text
                if let token = try? ReplayToken.parse(failure.replay),
                   let replayed = try? target.replay(token.choices.values,
                                                     settings: options.settings(defaultFaults: target.defaultFaults)) {
                    text += "\n" + replayed.failureNotes(timeline)
                }
                if let savedFile = check.savedFile { text += "\nsaved to \(savedFile)" }
                check.problems.append(text)
            }
        } else if target.isBroken && report.error == nil {
            check.problems.append("\(target.name) is a broken variant, but \(report.iterations) runs did not catch it "
                + "(a false green): run more iterations, or check that its faults fire\n" + report.text)
        }
        return check
    }
}
