/// A client operation's invocation or answer, as a node reports it: reports draw
/// each operation as a bar from invocation to answer, one lane per client, with
/// what it asked and what it got.
public enum ClientEvent: Hashable, Sendable {
    /// How an answered operation ended.
    public enum Outcome: String, Hashable, Sendable {
        /// It took effect (or read), and the client knows.
        case ok
        /// It definitely did not take effect (refused, aborted).
        case failed
        /// The client got an answer that does not say (a timeout): it may or may not
        /// have taken effect, like an operation never answered.
        case unknown
    }

    /// Client `client` invoked operation `operation` (an id unique in the run,
    /// "c2.0#3"), described as `description` ("put k0=1").
    case invoke(operation: String, client: String, description: String)
    /// Operation `operation` was answered with `result` ("ok", "0").
    case complete(operation: String, result: String, outcome: Outcome)
}

/// An observation that may be a client operation's invocation or answer. A protocol
/// with clients conforms its `Observation` type, and reports get client-history
/// lanes for it; an operation invoked and never answered is drawn open to the end.
public protocol ClientObservation {
    /// The client event this observation records, or nil if it records none.
    var clientEvent: ClientEvent? { get }
}
