import Foundation
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// A counterexample whose replay is not the run that failed: the same choices gave
/// two different runs. Its corpus entry would not replay, so before a failure is
/// reported it is replayed (in this process, and through the tool in a fresh one) and
/// any difference is reported with the first event that differs and the likely cause.
public struct Nondeterminism: Sendable, CustomStringConvertible, Codable, Hashable {
    /// True when the runs came from two processes (the in-process replays agreed).
    public var acrossProcesses: Bool
    /// The first event (line of the log trace) that differs.
    public var eventIndex: Int
    /// That event in the first run.
    public var first: String
    /// That event in the replay.
    public var second: String

    /// The likely cause, and what to do about it.
    public var likelyCause: String {
        acrossProcesses
            ? "the protocol iterates over a Dictionary or Set, whose order Swift seeds afresh in every process: "
                + "iterate in a defined order (sorted keys, an array), or run the campaign and every replay with "
                + "SWIFT_DETERMINISTIC_HASHING=1 in the environment"
            : "state that outlives a run (a global, a static var, a class instance shared between runs), the wall "
                + "clock or global randomness: nodes must take time from their context and randomness from "
                + "context.random(upTo:)"
    }

    public var description: String {
        "NONDETERMINISTIC: replaying the counterexample \(acrossProcesses ? "in a fresh process" : "in this process") "
            + "gave another run; the runs differ at event \(eventIndex):\n    first:  \(first)\n    replay: \(second)\n"
            + "  likely cause: \(likelyCause)"
    }
}

extension CampaignTarget {
    /// Replays `choices` twice in this process and compares the traces; nil when they agree.
    public func nondeterminism(of choices: [UInt64], settings: RunSettings) throws -> Nondeterminism? {
        let first = try replay(choices, settings: settings).logLines
        let second = try replay(choices, settings: settings).logLines
        return firstDifference(first, second).map {
            Nondeterminism(acrossProcesses: false, eventIndex: $0.index, first: $0.first, second: $0.second)
        }
    }
}

extension Isolation {
    /// Replays `choices` in a child process and compares its trace with this
    /// process's replay; nil when they agree. Hash-seeded iteration shows up only here.
    public func nondeterminism(of choices: [UInt64], target: CampaignTarget, settings: RunSettings) throws -> Nondeterminism? {
        let here = try target.replay(choices, settings: settings).logLines
        let child = run(target, settings: settings, choices: choices, withTrace: true)
        guard let there = child.traceLines else { return nil }  // the child died: isolation reports that
        return firstDifference(here, there).map {
            Nondeterminism(acrossProcesses: true, eventIndex: $0.index, first: $0.first, second: $0.second)
        }
    }
}

extension ReplayResult {
    /// The log rendering of the trace, one event per line.
    public var logLines: [String] { (traces["log"] ?? "").split(separator: "\n").map(String.init) }
}
