import PropCheckSimulator

/// What a ``RaftServer`` handler gets besides its input: a buffer for the effects it
/// asks for, and the run's randomness. The same calls as ``NodeContext``, without the
/// node type, so the server's code is not generic; ``RaftNode`` hands the effects on.
public struct RaftContext {
    /// One effect a handler asked for.
    public enum Effect: Sendable {
        /// Send a message.
        case send(RaftMessage, to: NodeID)
        /// Arm (or re-arm) a timer.
        case setTimer(RaftTimer, ticks: Int)
        /// Disarm a timer.
        case cancelTimer(RaftTimer)
        /// Replace the durable state.
        case persist(RaftDurable)
        /// Report a fact to the checkers.
        case observe(RaftObservation)
    }

    /// The effects recorded so far, in order.
    public var effects: [Effect] { recorded }
    @usableFromInline var recorded: [Effect]
    @usableFromInline let randomness: NodeRandomness

    /// A context recording into `buffer` (emptied first; passing one back keeps its
    /// capacity, so a handler allocates nothing).
    @inlinable public init(randomness: NodeRandomness, buffer: [Effect] = []) {
        self.randomness = randomness
        self.recorded = buffer
        self.recorded.removeAll(keepingCapacity: true)
    }

    /// Sends `message` to `node`.
    public mutating func send(_ message: RaftMessage, to node: NodeID) { recorded.append(.send(message, to: node)) }
    /// Arms `timer` to fire after `ticks` ticks of this server's clock.
    public mutating func setTimer(_ timer: RaftTimer, after ticks: Int) { recorded.append(.setTimer(timer, ticks: ticks)) }
    /// Disarms `timer`.
    public mutating func cancelTimer(_ timer: RaftTimer) { recorded.append(.cancelTimer(timer)) }
    /// Makes `state` the durable state.
    public mutating func persist(_ state: RaftDurable) { recorded.append(.persist(state)) }
    /// Reports `observation` to the checkers.
    public mutating func observe(_ observation: RaftObservation) { recorded.append(.observe(observation)) }
    /// A random number in `0...maximum` from the run's choices.
    public func random(upTo maximum: UInt64) -> UInt64 { randomness.random(upTo: maximum) }
    /// BUGGIFY: true when the simulation wants an unusual but legal path here.
    public func misbehave(oneIn odds: UInt64 = 20) -> Bool { randomness.misbehave(oneIn: odds) }
}
