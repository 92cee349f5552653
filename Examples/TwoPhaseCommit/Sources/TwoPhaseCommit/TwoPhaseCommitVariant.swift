/// Which two-phase commit a node runs: a value every node of a run is built with
/// (``Participant/Parameters``), so a planted bug is a switch, not another type.
public struct TwoPhaseCommitVariant: Sendable, Hashable {
    /// The planted bug: when votes are missing at the deadline, the coordinator
    /// commits (presumed commit) instead of aborting.
    public var commitsOnTimeout: Bool

    /// A variant.
    public init(commitsOnTimeout: Bool = false) {
        self.commitsOnTimeout = commitsOnTimeout
    }

    /// Two-phase commit as it should be.
    public static let correct = TwoPhaseCommitVariant()
    /// The planted bug.
    public static let commitOnTimeout = TwoPhaseCommitVariant(commitsOnTimeout: true)
}
