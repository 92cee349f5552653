/// Groups of trace events, so a checker can say which it reads and the simulation
/// skips calling it for the rest: most events of a run are messages, and most
/// checkers read only what nodes report and when they crash.
public struct EventCategories: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    /// A set from its bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Start, crash, restart and join.
    public static let lifecycle = EventCategories(rawValue: 1 << 0)
    /// Send, deliver, drop and duplicate: ``sends`` and the rest of a message's life.
    public static let messages: EventCategories = [.messageEvents, .sends]
    /// Messages leaving their sender, alone: for a checker that needs to know which
    /// handlers sent (a storage rule), without being called for every delivery.
    public static let sends = EventCategories(rawValue: 1 << 7)
    /// The category of deliveries, drops and duplicates; read them with ``messages``.
    @usableFromInline static let messageEvents = EventCategories(rawValue: 1 << 1)
    /// Timers firing and failure notices.
    public static let timers = EventCategories(rawValue: 1 << 2)
    /// Facts nodes report (`NodeContext.observe`).
    public static let observations = EventCategories(rawValue: 1 << 3)
    /// Client requests reaching nodes.
    public static let requests = EventCategories(rawValue: 1 << 4)
    /// Network changes and phases of the run.
    public static let network = EventCategories(rawValue: 1 << 5)
    /// Every event.
    public static let all: EventCategories = [.lifecycle, .messages, .timers, .observations, .requests, .network]
    /// Not events: a node's state after every handler that ran at it, through
    /// ``Checker/stateChanged(_:in:)``. Opt-in (not in ``all``): a checker that reads
    /// state says so, and the rest cost nothing.
    public static let states = EventCategories(rawValue: 1 << 6)
}

extension TraceEvent.Kind {
    /// The category the event belongs to (one bit: a send's is ``EventCategories/sends``,
    /// the other message events' the rest of ``EventCategories/messages``).
    @inlinable
    public var category: EventCategories {
        switch self {
        case .start, .crash, .restart, .join, .pause, .resume: .lifecycle
        case .send: .sends
        case .deliver, .drop, .duplicate: .messageEvents
        case .timer, .peerFailed: .timers
        case .observe: .observations
        case .request: .requests
        case .network, .phase: .network
        }
    }
}
