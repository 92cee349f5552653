import PropCheckEngine

/// The interface a protocol implements to be fuzzed: a pure state machine (sans-IO).
///
/// A node never reads a clock, sleeps, spawns tasks or draws global randomness. It
/// reacts to inputs (start, a message, a timer, a client request, a crash notice)
/// and records effects in its ``NodeContext`` (send, set or cancel a timer,
/// persist, observe); the simulator interprets them. Randomness it needs, such as
/// election jitter, comes from ``NodeContext/random(upTo:)``, which draws from the
/// run's choice sequence, so it replays and shrinks like everything else.
public protocol SimulatedNode: Sendable {
    /// What nodes send each other. `kind` names it in traces ("append_entries").
    associatedtype Message: SimulatedMessage
    /// The node's timers; setting a timer that is already set re-arms it.
    associatedtype Timer: Hashable & Sendable & CustomStringConvertible
    /// What survives a crash: the last value passed to ``NodeContext/persist(_:)``.
    associatedtype Durable: Sendable
    /// Facts the node reports for checkers ("became leader in term 3").
    associatedtype Observation: Sendable & CustomStringConvertible
    /// A client request the schedule can send to a node; ``NoRequest`` for none.
    associatedtype Request: Codable & Hashable & Sendable & CustomStringConvertible = NoRequest
    /// What tells one variant of the protocol from another (a planted bug, a version,
    /// a timing): a value every node of a run is built with, from
    /// ``SimulationConfiguration/parameters``. `Void` for a protocol with one variant.
    associatedtype Parameters: Sendable = Void

    /// Builds the node's volatile state at first start (`durable` nil) or at a restart
    /// from what it last persisted. Effects belong in ``start(_:)``. A protocol with
    /// ``Parameters`` implements ``init(id:cluster:durable:parameters:)`` instead.
    init(id: NodeID, cluster: ClusterInfo, durable: Durable?)

    /// Builds the node as ``init(id:cluster:durable:)`` does, for the variant that
    /// `parameters` names. The simulator always builds nodes through this one; its
    /// default ignores `parameters`.
    init(id: NodeID, cluster: ClusterInfo, durable: Durable?, parameters: Parameters)

    /// Runs once after `init`, at first start, restart and join.
    mutating func start(_ context: inout NodeContext<Self>)
    /// Handles a message from `sender`.
    mutating func receive(_ message: Message, from sender: NodeID, _ context: inout NodeContext<Self>)
    /// Handles a timer that fired.
    mutating func timerFired(_ timer: Timer, _ context: inout NodeContext<Self>)
    /// Handles a client request injected by the schedule.
    mutating func request(_ request: Request, _ context: inout NodeContext<Self>)
    /// Handles the failure detector's notice that life `life` of `peer` crashed (or,
    /// under a partition, is suspected to have). It arrives after that life's last
    /// message. The life number, like an Erlang pid, tells a restarted node from the
    /// life that died (see ``ClusterInfo/life``).
    mutating func peerFailed(_ peer: NodeID, life: Int, _ context: inout NodeContext<Self>)

    /// Draws a client request for generated schedules.
    static var requestGenerator: Gen<Request> { get }
}

extension SimulatedNode {
    /// Builds the node without looking at `parameters`: what a protocol with one variant does.
    public init(id: NodeID, cluster: ClusterInfo, durable: Durable?, parameters: Parameters) {
        self.init(id: id, cluster: cluster, durable: durable)
    }

    /// Not for protocols with ``Parameters``: the simulator builds their nodes with
    /// ``init(id:cluster:durable:parameters:)``, which they implement; this one only
    /// says so, should a test call it.
    public init(id: NodeID, cluster: ClusterInfo, durable: Durable?) {
        preconditionFailure("\(Self.self) takes parameters: build it with init(id:cluster:durable:parameters:)")
    }

    public mutating func request(_ request: Request, _ context: inout NodeContext<Self>) {}
    public mutating func peerFailed(_ peer: NodeID, life: Int, _ context: inout NodeContext<Self>) {}
}

extension SimulatedNode where Request == NoRequest {
    public static var requestGenerator: Gen<NoRequest> { .invalid("this protocol takes no client requests") }
}

/// A message type the simulator can name in traces.
public protocol SimulatedMessage: Sendable, CustomStringConvertible {
    /// A short name for the kind of message, used by the ANIM and timeline renderers.
    var kind: String { get }
}

extension SimulatedMessage {
    /// The description up to its first parenthesis: `ping(3)` is a `ping`.
    public var kind: String {
        let text = description
        return String(text.prefix { $0 != "(" && $0 != " " })
    }
}

/// The request type of protocols that take no client requests.
public enum NoRequest: Codable, Hashable, Sendable, CustomStringConvertible {
    public var description: String { switch self {} }

    public init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                debugDescription: "this protocol takes no client requests"))
    }

    public func encode(to encoder: any Encoder) throws { switch self {} }
}

/// What a node is told about its cluster when it starts.
public struct ClusterInfo: Sendable, Hashable {
    /// The members when the run began, in order.
    public var initialMembers: [NodeID]
    /// For a node that joins during the run, the member it should contact; for a
    /// restart, the first node up at the time (nil if none); nil at first start.
    public var contact: NodeID?
    /// True when the node is restarting after a crash (whatever it persisted or not).
    public var isRestart: Bool
    /// Which life of the node this is: 0 at first start, one more at each restart.
    /// Failure notices name the life that died.
    public var life: Int
    /// Every node started so far, this one included (up or down): the names a node
    /// could look up in a real deployment's configuration.
    public var nodes: [NodeID]

    /// Cluster information.
    public init(initialMembers: [NodeID], contact: NodeID? = nil, isRestart: Bool = false, life: Int = 0,
                nodes: [NodeID]? = nil) {
        self.initialMembers = initialMembers
        self.contact = contact
        self.isRestart = isRestart
        self.life = life
        self.nodes = nodes ?? initialMembers
    }
}
