/// What a property can record about the case it is checking: labels and classes for
/// the run's statistics, coverage requirements, and notes shown with a counterexample.
public final class CaseContext {
    var labels: [String] = []
    var classes: [(name: String, holds: Bool)] = []
    var requirements: [(name: String, percent: Double)] = []
    /// Notes recorded with ``note(_:)``, shown with a counterexample.
    public private(set) var notes: [String] = []

    init() {}

    /// Counts this case under `label` in the report's label table.
    public func label(_ label: String) { labels.append(label) }

    /// Counts this case as `name` when `condition` holds.
    public func classify(_ condition: Bool, _ name: String) { classes.append((name, condition)) }

    /// Requires `name` to hold in at least `percent`% of the cases; the run fails with
    /// "insufficient coverage" when it does not.
    public func cover(_ percent: Double, _ condition: Bool, _ name: String) {
        classes.append((name, condition))
        requirements.append((name, percent))
    }

    /// Records a line to show with the counterexample (intermediate values, say).
    public func note(_ text: String) { notes.append(text) }

    /// Discards the case when `condition` is false: it neither passes nor fails.
    public func assume(_ condition: Bool) throws { try PropCheckEngine.assume(condition) }
}

/// Discards a case whose input does not meet a precondition: thrown by ``assume(_:)``,
/// or by a generator (`Gen { source in … throw Discard() }`) that rejects what it drew.
public struct Discard: Error {
    /// A discard.
    public init() {}
}

/// Discards the current case when `condition` is false.
public func assume(_ condition: Bool) throws {
    if !condition { throw Discard() }
}

/// A failure a property throws to say what went wrong in words.
public struct PropertyFailure: Error, CustomStringConvertible {
    /// The explanation shown with the counterexample.
    public var message: String
    /// Which failure this is, when a property can fail in more than one way (for a
    /// simulation: the violated property). Shrinking keeps it: a candidate that fails
    /// with another kind does not count, so a shrink never slips from one bug to another.
    public var kind: String?
    /// A failure with `message`, of `kind` if given.
    public init(_ message: String, kind: String? = nil) {
        self.message = message
        self.kind = kind
    }
    public var description: String { message }
}

/// Fails the current case with `message` when `condition` is false.
public func require(_ condition: Bool, _ message: @autoclosure () -> String = "requirement failed") throws {
    if !condition { throw PropertyFailure(message()) }
}
