import PropCheckEngine

/// The abstract states and transitions of an ``ExecutableModel`` that runs reached, as
/// stable fingerprints (see ``ExecutableModel/fingerprint(_:)``): the same figures for
/// the same runs in any process, so campaigns compare by them. A state is the whole
/// cluster's (the multiset of its nodes' fingerprints: nodes are symmetric); a
/// transition is a pair of them.
public struct ModelCoverage: Sendable, Hashable {
    /// Fingerprints of the distinct cluster states reached.
    public private(set) var states: Set<UInt64> = []
    /// Fingerprints of the distinct (before, after) pairs of cluster states taken.
    public private(set) var transitions: Set<UInt64> = []

    /// No coverage yet.
    public init() {}

    /// Adds a state reached from `previous` (nil for the first state of a run); true
    /// when the state or the transition is new.
    @discardableResult
    public mutating func reach(_ state: UInt64, from previous: UInt64?) -> Bool {
        var isNew = states.insert(state).inserted
        if let previous {
            var pair = StableHash()
            pair.combine(previous)
            pair.combine(state)
            isNew = transitions.insert(pair.value).inserted || isNew
        }
        return isNew
    }

    /// Adds what `other` reached; returns how many states and transitions were new here.
    @discardableResult
    public mutating func merge(_ other: ModelCoverage) -> (states: Int, transitions: Int) {
        let before = (states.count, transitions.count)
        states.formUnion(other.states)
        transitions.formUnion(other.transitions)
        return (states.count - before.0, transitions.count - before.1)
    }
}

/// Where a run's conformance check leaves the coverage it recorded, for the run's
/// result: checkers are values inside the simulation, this outlives them.
public final class ModelCoverageRecorder {
    /// What the run covered so far.
    @exclusivity(unchecked) public var coverage = ModelCoverage()
    /// An empty recorder.
    public init() {}
}
