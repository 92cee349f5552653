import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// Where replaying a corpus entry's choices stopped giving the run the entry recorded:
/// the code that reads choices (a generator, the swarm options, the simulator) has
/// changed since the entry was saved, so the exact replay is of some other run.
public struct Divergence: Sendable, Hashable, CustomStringConvertible {
    /// The schedule step that differs (1-based); nil when the swarm options differ.
    public var step: Int?
    /// What the entry recorded there.
    public var recorded: String
    /// What the choices give now.
    public var replayed: String

    /// A divergence.
    public init(step: Int?, recorded: String, replayed: String) {
        self.step = step
        self.recorded = recorded
        self.replayed = replayed
    }

    public var description: String {
        "\(step.map { "schedule step \($0)" } ?? "swarm options"): recorded '\(VisibleText.escaped(recorded))', "
            + "the choices now give '\(replayed)'"
    }
}

/// A corpus entry replayed: exactly from its choices and, should those no longer give
/// the recorded run, from its recorded plan (swarm options and schedule as data).
public struct EntryReplay: Sendable {
    /// The run the recorded choices give now.
    public var exact: ReplayResult
    /// Where that run's plan differs from the recorded one; nil when the choices still fit.
    public var divergence: Divergence?
    /// When the choices diverged: the recorded plan run as data, or nil when the entry
    /// holds no plan (it was written before entries kept one).
    public var fromPlan: ReplayResult?

    /// The replay that stands for the entry: the exact one while the choices fit, else
    /// the one from the recorded plan.
    public var outcome: ReplayResult? { divergence == nil ? exact : fromPlan }
}

extension CampaignTarget {
    /// Where the plan that `entry`'s choices draw now differs from the one it recorded,
    /// or nil when they agree. Plans the choices without running them, so it is safe
    /// for variants that trap.
    public func divergence(of entry: CorpusEntry, settings: RunSettings) throws -> Divergence? {
        try divergence(of: entry, choices: ReplayToken.parse(entry.replay).choices.values, settings: settings)
    }

    private func divergence(of entry: CorpusEntry, choices: [UInt64], settings: RunSettings) throws -> Divergence? {
        let plan = try plan(choices, settings: settings)
        if plan.swarm != entry.swarm { return Divergence(step: nil, recorded: entry.swarm, replayed: plan.swarm) }
        for index in 0..<max(plan.steps.count, entry.schedule.count) {
            let recorded = index < entry.schedule.count ? entry.schedule[index] : "(no step)"
            let replayed = index < plan.steps.count ? plan.steps[index] : "(no step)"
            if recorded != replayed { return Divergence(step: index + 1, recorded: recorded, replayed: replayed) }
        }
        return nil
    }

    /// Replays `entry`: from its choices, and from its recorded plan when the choices
    /// no longer draw the recorded one, so a changed engine never turns a saved failure
    /// into a silent pass. Not for variants that trap (they kill the process).
    public func replay(entry: CorpusEntry, settings: RunSettings) throws -> EntryReplay {
        let choices = try ReplayToken.parse(entry.replay).choices.values
        let exact = try replay(choices, settings: settings)
        guard let divergence = try divergence(of: entry, choices: choices, settings: settings) else {
            return EntryReplay(exact: exact, divergence: nil, fromPlan: nil)
        }
        let fromPlan = try entry.plan.map { try replay(plan: $0, choices: choices, settings: settings) }
        return EntryReplay(exact: exact, divergence: divergence, fromPlan: fromPlan)
    }
}

extension RunSettings {
    /// Cluster sizes a campaign (and so a corpus entry) may set: the CLI's `--nodes` range.
    public static let nodeRange = 1...32

    /// The settings `entry`'s campaign ran under, so that its choices are read as they
    /// were drawn. Every field is checked as the CLI checks the option it came from.
    public init(recordedIn entry: CorpusEntry) throws(RecordedSettingsError) {
        var faults: Set<FaultKind> = []
        for name in entry.faults {
            guard let kind = FaultKind(rawValue: name) else {
                throw RecordedSettingsError(problem: "lists an unknown fault kind '\(name)'")
            }
            faults.insert(kind)
        }
        if let nodes = entry.nodes, !RunSettings.nodeRange.contains(nodes) {
            throw RecordedSettingsError(problem: "has 'nodes' \(nodes); a campaign runs \(RunSettings.nodeRange.lowerBound) to "
                + "\(RunSettings.nodeRange.upperBound) nodes")
        }
        self.init(faults: faults, nodes: entry.nodes, property: entry.checkedProperty, conformance: entry.conformance ?? false)
    }
}

extension CampaignTarget {
    /// The settings `entry` recorded, checked as ``RunSettings/init(recordedIn:)`` does and
    /// against this target: a property filter it does not check would check nothing, and
    /// the entry would read as a fixed bug.
    public func settings(recordedIn entry: CorpusEntry) throws(RecordedSettingsError) -> RunSettings {
        let settings = try RunSettings(recordedIn: entry)
        if let property = settings.property, !properties.contains(property) {
            throw RecordedSettingsError(problem: "has 'checkedProperty' '\(property)', which \(name) does not check "
                + "(its properties: \(properties.joined(separator: ", ")))")
        }
        return settings
    }
}

extension CorpusEntry.RecordedPlan {
    /// What makes this plan unrunnable on any protocol (its swarm options do not read,
    /// or are out of range; it claims to have drawn a negative number of choices), or nil.
    public var problem: String? {
        guard planChoices >= 0 else { return "its plan drew \(planChoices) choices" }
        let decoded: SwarmOptions
        do { decoded = try options.decode(as: SwarmOptions.self) } catch {
            return "its plan's swarm options cannot be read: \(error)"
        }
        return decoded.problem.map { "its plan's swarm options are out of range: \($0)" }
    }
}

/// A corpus entry whose recorded settings cannot be run: a fault kind this tool does
/// not know, a cluster size out of range.
public struct RecordedSettingsError: Error, CustomStringConvertible {
    /// What is wrong, as the end of a sentence about the entry.
    public var problem: String
    public var description: String { problem }
}
