/// A node that can describe its state in one line, for reports ("leader t3, log
/// 1..5, commit 4"). Reports show it for every node at the end of a run.
public protocol StateSummary {
    /// The node's state in one line.
    var stateSummary: String { get }
}
