import PropCheckSimulator

/// Identifies one multicast: who sent it (which incarnation) and its number among
/// that sender's multicasts, so checkers can follow it (FIFO, duplicates, gaps).
public struct MulticastID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The sending member.
    public var origin: NodeID
    /// Which life of the sender (a restarted node is a new member).
    public var incarnation: Int
    /// 1 for the sender's first multicast, 2 for the next …
    public var number: Int

    /// The multicast numbered `number` by `origin` in its life `incarnation`.
    public init(origin: NodeID, incarnation: Int, number: Int) {
        self.origin = origin
        self.incarnation = incarnation
        self.number = number
    }

    public var description: String { "\(origin)/\(incarnation).\(number)" }
    public static func < (a: MulticastID, b: MulticastID) -> Bool {
        (a.origin, a.incarnation, a.number) < (b.origin, b.incarnation, b.number)
    }
}

/// What the workers multicast: colour changes, and the state transfer of a joiner.
public enum WorkerMessage: Hashable, Sendable, CustomStringConvertible {
    /// Fold `n` into the colour.
    case change(Int)
    /// A joiner asks for the group's state (answered by every ready worker).
    case stateRequest
    /// The colour at the point of `request` in the total order, and the last multicast
    /// of each sender it includes (so the joiner does not apply one of them again if a
    /// new leader renumbers it after a fail-over).
    case state(request: MulticastID, color: RGB, applied: [MulticastID])

    public var description: String {
        switch self {
        case .change(let n): "{change,\(n)}"
        case .stateRequest: "{state_request}"
        case .state(let request, let color, _): "{state,\(request),\(color)}"
        }
    }
}

/// A multicast as it travels: its identity and what the worker said.
public struct Multicast: Hashable, Sendable, CustomStringConvertible {
    /// Who sent it.
    public var id: MulticastID
    /// The worker's message.
    public var body: WorkerMessage
    public var description: String { body.description }
}

/// One item of the leader's totally ordered stream: a message or a view.
public enum StreamItem: Hashable, Sendable {
    /// A multicast, numbered by the leader.
    case message(Multicast)
    /// A new view: the members in order, the leader first, with the life of each.
    case view(GroupView)
    /// gms4: a position no live member had after a fail-over; skipped by everyone.
    case gap
}

/// A view's members, leader first, and which life of each node is the member (a
/// node that crashed and joined again is a different member, as an Erlang process
/// restarted under the same name has a new pid).
public struct GroupView: Hashable, Sendable, CustomStringConvertible {
    /// The members, leader first.
    public var members: [NodeID]
    /// `lives[i]` is the life of `members[i]`.
    public var lives: [Int]

    /// A view.
    public init(members: [NodeID], lives: [Int]) {
        self.members = members
        self.lives = lives
    }

    /// The life of `node` in this view, if it is a member.
    public func life(of node: NodeID) -> Int? { members.firstIndex(of: node).map { lives[$0] } }

    public var description: String { "[" + members.map(\.description).joined(separator: ",") + "]" }
}

/// A stream item with its number.
public struct NumberedItem: Hashable, Sendable {
    /// The item's place in the leader's stream.
    public var seq: Int
    /// The item.
    public var item: StreamItem
}

/// The messages group processes exchange.
public enum GMSMessage: SimulatedMessage, Hashable {
    /// A worker's multicast, forwarded to the leader: to life `leaderLife` of the
    /// node (a message to a life that has died is lost, as one to a dead pid is).
    case mcast(Multicast, leaderLife: Int)
    /// The leader's stream item `seq`: a numbered multicast.
    case msg(seq: Int, Multicast)
    /// The leader's stream item `seq`: a new view.
    case view(seq: Int, GroupView)
    /// `joiner` asks to join (sent to any member, forwarded to the leader).
    case join(joiner: NodeID, incarnation: Int)
    /// gms4: a slave asks the leader to resend its stream from `seq`.
    case nack(from: Int)
    /// gms4: the leader's heartbeat, carrying the next number it will assign and the
    /// stable position: every member of its view has delivered every item below it.
    case sync(next: Int, stable: Int)
    /// gms4: life `life` of a slave has delivered every stream item below `next` (the
    /// answer to a heartbeat whose stable position is behind it).
    case ack(next: Int, life: Int)
    /// gms4: a new leader asks the slaves for everything from `from` on.
    case takeover(from: Int)
    /// gms4: an answer to `takeover`: the items the sender has from `from` on, and
    /// whether it is a member (life `life`) or still joining.
    case catchUp(next: Int, items: [NumberedItem], member: Bool, life: Int)
    /// gms4: stream position `seq` is a gap nobody alive can fill; move past it.
    case skip(seq: Int)

    public var kind: String {
        switch self {
        case .mcast: "mcast"
        case .msg: "msg"
        case .view: "view"
        case .join: "join"
        case .nack: "nack"
        case .sync: "sync"
        case .ack: "ack"
        case .takeover: "takeover"
        case .catchUp: "catch_up"
        case .skip: "skip"
        }
    }

    public var description: String {
        switch self {
        case .mcast(let m, _): "{mcast,\(m)}"
        case .msg(let seq, let m): "{msg,\(seq),\(m)}"
        case .view(let seq, let view): "{view,\(seq),\(view)}"
        case .join(let joiner, _): "{join,\(joiner)}"
        case .nack(let from): "{nack,\(from)}"
        case .sync(let next, let stable): "{sync,\(next),\(stable)}"
        case .ack(let next, _): "{ack,\(next)}"
        case .takeover(let from): "{takeover,\(from)}"
        case .catchUp(let next, let items, let member, _): "{catch_up,\(next),\(items.count) items\(member ? "" : ",joining")}"
        case .skip(let seq): "{skip,\(seq)}"
        }
    }
}

/// The worker's colour: a fold of the changes it delivered, as in Groupy's GUI.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    /// The three components, each 0...255.
    public var r = 0, g = 0, b = 0
    /// An RGB value.
    public init(r: Int = 0, g: Int = 0, b: Int = 0) { self.r = r; self.g = g; self.b = b }
    /// Groupy's colour change: order-sensitive, so two workers that deliver the same
    /// changes in different orders end with different colours.
    public func changed(by n: Int) -> RGB { RGB(r: g, g: b, b: (r + n) % 256) }
    public var description: String { "{\(r),\(g),\(b)}" }
}
