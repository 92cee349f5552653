/// The smallest counterexample known for a planted bug, in external schedule steps,
/// next to a lower bound argued from the bug itself: the yardstick for how well a
/// campaign shrinks it. When the two agree, the known counterexample is minimal.
///
/// The arguments rest on one fact about the simulator: a run of zero steps goes
/// straight to the heal phase, where there is no loss, duplication, extra delay,
/// crash, partition or misbehaviour, and no client request; only clock skew is left.
/// Every step after that adds one fault or one request.
public struct KnownMinimum: Sendable, Hashable {
    /// Steps of the smallest counterexample known (found by a campaign or written by hand).
    public var steps: Int
    /// Fewer steps than this cannot show the bug.
    public var lowerBound: Int
    /// Why fewer than `lowerBound` steps cannot show the bug, in a sentence.
    public var reason: String

    /// A known minimum of `steps`, with the argument that no run below `lowerBound` fails.
    public init(steps: Int, lowerBound: Int, reason: String) {
        precondition(lowerBound <= steps, "a lower bound above the known size")
        self.steps = steps
        self.lowerBound = lowerBound
        self.reason = reason
    }

    /// True when the known counterexample cannot be beaten.
    public var isMinimal: Bool { steps == lowerBound }
}
