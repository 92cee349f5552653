import PropCheck

/// Atomicity: no transaction both commits and aborts anywhere, counting the
/// coordinator's decision and every participant's outcome.
public struct Atomicity: Checker {
    public typealias Node = Participant
    public let property = "atomicity"
    public var reads: EventCategories { .observations }
    /// The first outcome seen of each transaction, and where.
    var outcomes: [Int: (commit: Bool, node: NodeID)] = [:]

    public init() {}

    public mutating func observe(_ event: TraceEvent<Participant>, in cluster: ClusterView<Participant>) -> Violation? {
        guard case .observe(let node, let observation) = event.kind else { return nil }
        let transaction: Int, commit: Bool
        switch observation {
        case .decided(let t, let c, _), .outcome(let t, let c): (transaction, commit) = (t, c)
        case .voted, .requested: return nil
        }
        if let first = outcomes[transaction], first.commit != commit {
            return Violation(property: property, kind: .safety,
                             message: "t\(transaction) \(first.commit ? "committed" : "aborted") at \(first.node) "
                                + "but \(commit ? "committed" : "aborted") at \(node)")
        }
        if outcomes[transaction] == nil { outcomes[transaction] = (commit, node) }
        return nil
    }
}

/// Validity: a transaction commits only if every participant voted yes on it.
public struct CommitValidity: Checker {
    public typealias Node = Participant
    public let property = "commit-validity"
    public var reads: EventCategories { .observations }
    /// Who voted yes on each transaction.
    var yes: [Int: Set<NodeID>] = [:]

    public init() {}

    public mutating func observe(_ event: TraceEvent<Participant>, in cluster: ClusterView<Participant>) -> Violation? {
        guard case .observe(let node, let observation) = event.kind else { return nil }
        switch observation {
        case .voted(let transaction, true):
            yes[transaction, default: []].insert(node)
        case .decided(let transaction, true, _), .outcome(let transaction, true):
            guard let state = cluster[node] else { return nil }
            let missing = state.participants.filter { !(yes[transaction]?.contains($0) ?? false) }
            if !missing.isEmpty {
                return Violation(property: property, kind: .safety,
                                 message: "t\(transaction) committed at \(node) without a yes vote from "
                                    + missing.map(\.description).joined(separator: ", "))
            }
        default:
            break
        }
        return nil
    }
}
