import PropCheckSimulator

/// What a member reports for the view-synchrony checkers and the Groupy console.
public enum GMSObservation: Sendable, CustomStringConvertible, RoleObservation {
    /// The member installed view `view` (the stream number of its view message; 0 for
    /// the initial group) with these members, leader first.
    case installedView(view: Int, members: [NodeID])
    /// The member became leader of view `view`.
    case becameLeader(view: Int)
    /// The member's worker delivered a multicast: stream number `seq`, in view `view`.
    case delivered(view: Int, seq: Int, Multicast)
    /// The member's worker asked to multicast (the liveness goal waits for it).
    case multicast(Multicast)
    /// A slave saw a gap: it expected `expected` but got `got` (Groupy's "lost msg").
    case gap(expected: Int, got: Int, Multicast?)
    /// The worker finished joining: its colour came with the state transfer.
    case workerReady(RGB)
    /// gms4: stream position `seq` was skipped after a fail-over (no live member had it).
    case skipped(seq: Int)

    public var description: String {
        switch self {
        case .installedView(let view, let members): "view \(view) [\(members.map(\.description).joined(separator: ","))]"
        case .becameLeader(let view): "leader of view \(view)"
        case .delivered(let view, let seq, let m): "deliver \(m.id) \(m.body) seq \(seq) in view \(view)"
        case .multicast(let m): "multicast \(m.id) \(m.body)"
        case .gap(let expected, let got, _): "gap: expected \(expected), got \(got)"
        case .workerReady(let color): "worker ready \(color)"
        case .skipped(let seq): "skip stream position \(seq)"
        }
    }

    public var roleChange: (role: String, term: Int)? {
        switch self {
        case .becameLeader(let view): ("leader", view)
        case .installedView(let view, _): ("member", view)
        default: nil
        }
    }
}
