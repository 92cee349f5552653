import PropCheckEngine

/// One thing a node asked for while handling an input: effects are data, which the
/// simulator interprets after the handler returns.
public enum Effect<Node: SimulatedNode> {
    /// Send `message` to `to`.
    case send(to: NodeID, Node.Message)
    /// Arm (or re-arm) `timer` to fire after `ticks` of the node's clock.
    case setTimer(Node.Timer, ticks: Int)
    /// Disarm `timer`.
    case cancelTimer(Node.Timer)
    /// Replace the node's durable state, synced: what a restart begins from.
    case persist(Node.Durable)
    /// Write the durable state without syncing it: under storage faults a crash before
    /// the next ``sync`` loses it (and a restart begins from the last synced state).
    case write(Node.Durable)
    /// Make the last written state durable.
    case sync
    /// Report a fact to the checkers.
    case observe(Node.Observation)
    /// Crash here (fail-stop), after the effects before it: how a node models dying
    /// in the middle of a multicast.
    case halt
    /// Watch life `life` of a node: if that life has already ended, a failure notice
    /// follows at once (an Erlang monitor on a dead pid); later crashes are reported
    /// to every live node anyway.
    case monitor(NodeID, life: Int)
}

/// What a node handler gets besides its input: its identity, a place to record
/// effects, and the run's source of randomness.
public struct NodeContext<Node: SimulatedNode> {
    /// The node being run.
    public let id: NodeID
    /// The node's own clock, in ticks: virtual time as this node's clock reads it (a
    /// skewed clock runs at its rate), monotonic across the node's lives. A protocol
    /// that needs a monotonic clock (a failure detector's deadlines) reads it here
    /// rather than keeping one with a periodic timer.
    public let now: Int
    /// The effects recorded so far by this handler, in order.
    public var effects: [Effect<Node>] { recorded }
    @usableFromInline var recorded: [Effect<Node>]
    @usableFromInline let source: ChoiceSource
    /// True when the run's swarm options allow nodes to crash, and so to misbehave.
    @usableFromInline let mayMisbehave: Bool

    @usableFromInline
    init(id: NodeID, effects: [Effect<Node>], source: ChoiceSource, mayMisbehave: Bool, now: Int = 0) {
        self.id = id
        self.now = now
        self.recorded = effects
        self.source = source
        self.mayMisbehave = mayMisbehave
    }

    /// Sends `message` to `node`.
    @inlinable public mutating func send(_ message: Node.Message, to node: NodeID) {
        recorded.append(.send(to: node, message))
    }

    /// Arms `timer` to fire after `ticks` ticks (of this node's clock, which may run skewed).
    @inlinable public mutating func setTimer(_ timer: Node.Timer, after ticks: Int) {
        precondition(ticks >= 0, "timer \(timer) set with negative delay \(ticks)")
        recorded.append(.setTimer(timer, ticks: ticks))
    }

    /// Disarms `timer`; a no-op when it is not armed.
    @inlinable public mutating func cancelTimer(_ timer: Node.Timer) {
        recorded.append(.cancelTimer(timer))
    }

    /// Makes `state` the node's durable state, written and synced: what a restart
    /// begins from. The same as ``write(_:)`` then ``sync()``.
    @inlinable public mutating func persist(_ state: Node.Durable) {
        recorded.append(.persist(state))
    }

    /// Writes `state` to storage without syncing it (a buffered write, a page cache):
    /// under `storage` faults a crash before the next ``sync()`` loses it, as a power
    /// loss loses unsynced writes. Without them, a write is as good as a sync.
    @inlinable public mutating func write(_ state: Node.Durable) {
        recorded.append(.write(state))
    }

    /// Makes the last ``write(_:)`` durable (fsync).
    @inlinable public mutating func sync() {
        recorded.append(.sync)
    }

    /// Reports `observation` to the checkers and the trace.
    @inlinable public mutating func observe(_ observation: Node.Observation) {
        recorded.append(.observe(observation))
    }

    /// Crashes the node once the effects recorded before this one are done: volatile
    /// state is lost, as with a scheduled crash. Use it with ``misbehave(oneIn:)`` to
    /// model a node dying in the middle of an operation.
    @inlinable public mutating func halt() {
        recorded.append(.halt)
    }

    /// Asks for a failure notice if life `life` of `peer` has already died: a node that
    /// learns of a member second-hand cannot have seen that member's crash.
    @inlinable public mutating func monitor(_ peer: NodeID, life: Int) {
        recorded.append(.monitor(peer, life: life))
    }

    /// A random number in `0...maximum`, drawn from the run's choice sequence (so it
    /// replays and shrinks towards 0). Use it for jitter, never a global generator.
    public func random(upTo maximum: UInt64) -> UInt64 {
        randomness.random(upTo: maximum)
    }

    /// FoundationDB's BUGGIFY: true when the simulation wants this node to take an
    /// unusual but legal path here (a smaller batch, an early timeout, dying mid-way
    /// with ``halt()``). Drawn from the choice sequence, so 0 = behave is what
    /// shrinking moves towards; always false, drawing nothing, in runs whose swarm
    /// options have crashes off.
    public func misbehave(oneIn odds: UInt64 = 20) -> Bool {
        randomness.misbehave(oneIn: odds)
    }

    /// The context's randomness alone, for a protocol that keeps its logic in
    /// non-generic code with its own effect buffer (see ``NodeRandomness``).
    @inlinable public var randomness: NodeRandomness {
        NodeRandomness(source: source, mayMisbehave: mayMisbehave)
    }
}

/// The random draws of a ``NodeContext`` without its node type: what a protocol
/// needs to keep its handlers in non-generic code (where they are compiled once,
/// fully optimised) while the generic node type only forwards to them.
public struct NodeRandomness {
    @usableFromInline let source: ChoiceSource
    @usableFromInline let mayMisbehave: Bool

    @inlinable init(source: ChoiceSource, mayMisbehave: Bool) {
        self.source = source
        self.mayMisbehave = mayMisbehave
    }

    /// A random number in `0...maximum` from the run's choice sequence; see ``NodeContext/random(upTo:)``.
    public func random(upTo maximum: UInt64) -> UInt64 {
        source.draw(upTo: maximum)
    }

    /// BUGGIFY; see ``NodeContext/misbehave(oneIn:)``.
    public func misbehave(oneIn odds: UInt64 = 20) -> Bool {
        mayMisbehave && source.drawBit(chance: 1, in: max(odds, 1))
    }
}
