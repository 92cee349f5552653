import PropCheckCorpus
import PropCheckSimulator

/// The targets one `propcheck` knows, in the order `list` shows them: what the
/// command line, corpus replay and in-test campaigns look a name or a corpus entry
/// up in. Built-in and user-defined targets are alike here; only the registry a
/// tool is given differs.
public struct TargetRegistry: Sendable {
    /// Every target, in order.
    public let targets: [CampaignTarget]

    /// A registry of `targets`, checked: names must be non-empty words without `/`
    /// or spaces, no two targets may share `protocol/variant`, each must check at
    /// least one property, and each configuration must be valid.
    public init(_ targets: [CampaignTarget]) throws(TargetDefinitionError) {
        var seen: Set<String> = []
        for target in targets {
            for (what, name) in [("protocol", target.protocolName), ("variant", target.variant)] {
                if name.isEmpty || name.contains("/") || name.contains(where: \.isWhitespace) || name.hasPrefix("-") {
                    throw TargetDefinitionError(target: target.name,
                                                problem: "its \(what) name '\(name)' must be a non-empty word without '/', spaces or a leading '-'")
                }
            }
            guard seen.insert(target.name).inserted else {
                throw TargetDefinitionError(target: target.name, problem: "two targets have this name")
            }
            if target.properties.isEmpty {
                throw TargetDefinitionError(target: target.name,
                                            problem: "it checks no property (no checkers and no liveness goal): every run would pass")
            }
            if let problem = target.configurationProblem {
                throw TargetDefinitionError(target: target.name, problem: "its configuration is invalid: \(problem)")
            }
        }
        self.targets = targets
    }

    /// Looks a target up by `protocol/variant`, by variant, or by protocol when it has one variant.
    public func named(_ name: String) -> CampaignTarget? {
        targets.first { $0.name == name } ?? targets.first { $0.variant == name }
    }

    /// The targets of a protocol, in order.
    public func of(protocol name: String) -> [CampaignTarget] { targets.filter { $0.protocolName == name } }

    /// The protocols, in the order their first targets appear.
    public var protocols: [String] {
        var names: [String] = []
        for target in targets where !names.contains(target.protocolName) { names.append(target.protocolName) }
        return names
    }

    /// The target a corpus entry names, or nil when this registry has none such.
    public func recorded(in entry: CorpusEntry) -> CampaignTarget? {
        targets.first { $0.protocolName == entry.protocolName && $0.variant == entry.variant }
    }

    /// Every trace rendering some target offers, standard ones first.
    public var traceNames: [String] {
        var names = CampaignTarget.standardTraces
        for target in targets { for name in target.traceNames where !names.contains(name) { names.append(name) } }
        return names
    }
}

/// A target definition a registry refuses: which target, and what is wrong with it.
public struct TargetDefinitionError: Error, CustomStringConvertible, Sendable {
    /// The target's `protocol/variant` name.
    public var target: String
    /// What is wrong, as the end of a sentence about the target.
    public var problem: String

    public var description: String { "target '\(target)': \(problem)" }
}
