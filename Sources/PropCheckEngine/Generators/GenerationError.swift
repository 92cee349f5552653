/// Why a generator could not produce a value.
public enum GenerationError: Error, Equatable, CustomStringConvertible {
    /// A `filter` rejected `attempts` values in a row: the predicate is too strict
    /// for the generator underneath, and the filter reports it instead of looping.
    case filterTooStrict(label: String, attempts: Int)
    /// A generator was built with an argument it cannot work with (a range whose
    /// lower bound is above its upper bound, an empty list of options).
    case invalidArgument(String)
    /// A recursive generator (``Gen/deferred(maxDepth:_:)``) nested deeper than its
    /// limit: the case is rejected rather than overflowing the stack.
    case tooDeep(maxDepth: Int)

    public var description: String {
        switch self {
        case .filterTooStrict(let label, let attempts):
            "filter too strict: '\(label)' rejected \(attempts) values in a row; "
                + "generate values that satisfy it directly, or loosen the filter"
        case .invalidArgument(let message):
            "invalid generator: \(message)"
        case .tooDeep(let maxDepth):
            "recursion too deep: a deferred generator nested more than \(maxDepth) levels; list the "
                + "non-recursive option first in oneOf (the simplest choices then end the recursion), "
                + "or bound it with recursive(maxDepth:base:_:)"
        }
    }
}
