import PropCheckSimulator

/// Which Groupy version a member runs, and the fault model it claims to tolerate.
///
/// | version | handles | claims to tolerate |
/// |---|---|---|
/// | `gms1` | joins | nothing: no failure detection at all |
/// | `gms2` | + leader failure: slaves monitor the leader, the first peer takes over | crash-stop of the leader, reliable links |
/// | `gms3` | + sequence numbers; the new leader resends the last message; old numbers discarded | crash-stop (even mid-multicast), reliable FIFO links, a perfect failure detector |
/// | `gms3-offbyone` | gms3 with the discard guard off by one | (a bug: duplicates after fail-over) |
/// | `gms4` | + bounded histories, NACKs for gaps (one per missing position per retry tick), a leader heartbeat that slaves acknowledge, state answers held until what they include is stable, retried forwards, joins and state requests, and a flush at fail-over (the new leader collects what any slave delivered) | crash-stop, message loss, duplication and delay, with a perfect failure detector; **not** partitions or pauses (a false suspicion splits the group) |
public enum GMSVersion: String, CaseIterable, Sendable, Codable {
    case gms1, gms2, gms3
    case gms3OffByOne = "gms3-offbyone"
    case gms4

    /// One line for `propcheck list`.
    public var summary: String {
        switch self {
        case .gms1: "joins only; no failure handling"
        case .gms2: "leader monitored, first peer takes over; no resend (loses a message when the leader dies mid-multicast)"
        case .gms3: "sequence numbers, last message resent after fail-over; assumes reliable links (loses messages under loss)"
        case .gms3OffByOne: "gms3 whose discard guard is off by one: duplicates after fail-over"
        case .gms4: "gms3 plus NACK recovery, retries, a flush at fail-over and state transfer from stable messages: tolerates loss, duplication, delay and crashes"
        }
    }

    /// The fault kinds the version claims to tolerate (used by the default campaign).
    public var detectsFailures: Bool { self != .gms1 }
    /// Messages carry sequence numbers that slaves use to discard old ones.
    public var usesSequenceNumbers: Bool { self == .gms3 || self == .gms3OffByOne || self == .gms4 }
    /// The new leader resends the last message it saw before its first view.
    public var resendsLast: Bool { self == .gms3 || self == .gms3OffByOne }
    /// NACKs, retries, heartbeat and acknowledgements, stable state transfer and flush.
    public var recoversLostMessages: Bool { self == .gms4 }

    /// For a broken version, the smallest counterexample known in schedule steps and
    /// the lower bound argued from its flaw (see ``KnownMinimum``); nil for gms4.
    public var knownMinimum: KnownMinimum? {
        switch self {
        case .gms1: KnownMinimum(steps: 1, lowerBound: 1, reason: "gms1 fails only when a member dies, and nothing crashes in a zero-step run")
        case .gms2: KnownMinimum(steps: 1, lowerBound: 1, reason: "a gap needs a multicast and the leader dying in the middle of it, and a zero-step run has neither")
        case .gms3: KnownMinimum(steps: 1, lowerBound: 1, reason: "gms3 fails only when a message is lost, and loss is off in a zero-step run")
        case .gms3OffByOne: KnownMinimum(steps: 1, lowerBound: 1, reason: "the duplicate comes from a fail-over's resend, and nothing crashes in a zero-step run")
        case .gms4: nil
        }
    }
}
