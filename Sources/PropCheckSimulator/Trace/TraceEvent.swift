/// One thing that happened in a run, stamped with its position and virtual time.
/// Checkers see every event as it happens; the trace keeps them when asked to.
public struct TraceEvent<Node: SimulatedNode>: Sendable {
    /// What happened.
    public enum Kind: Sendable {
        /// A node started for the first time.
        case start(NodeID)
        /// A node crashed.
        case crash(NodeID)
        /// A crashed node restarted from its durable state.
        case restart(NodeID)
        /// A new node started and contacts `contact`.
        case join(NodeID, contact: NodeID)
        /// A node froze until virtual time `until` (a pause, not a crash: nothing is lost).
        case pause(NodeID, until: Int)
        /// A paused node resumed, its state as it was, its timers overdue.
        case resume(NodeID)
        /// A message left `from`; `id` follows it to delivery or loss.
        case send(from: NodeID, to: NodeID, id: Int, Node.Message)
        /// A message arrived and was handled.
        case deliver(from: NodeID, to: NodeID, id: Int, Node.Message)
        /// A message was lost, and why ("loss", "partition", "receiver down").
        case drop(from: NodeID, to: NodeID, id: Int, Node.Message, reason: String)
        /// The network delivered a second copy of a message (`id` is the copy's).
        case duplicate(from: NodeID, to: NodeID, id: Int, original: Int, Node.Message)
        /// A timer fired.
        case timer(NodeID, Node.Timer)
        /// The failure detector told `node` that `peer` failed.
        case peerFailed(NodeID, peer: NodeID)
        /// A node reported a fact.
        case observe(NodeID, Node.Observation)
        /// A client request reached a node.
        case request(NodeID, Node.Request)
        /// The network changed (partition, cut, heal, loss or duplication settings).
        case network(String)
        /// The run entered a phase ("heal").
        case phase(String)
    }

    /// Position in the run, from 0.
    public var index: Int
    /// Virtual time, in ticks.
    public var time: Int
    /// What happened.
    public var kind: Kind

    /// An event.
    public init(index: Int, time: Int, kind: Kind) {
        self.index = index
        self.time = time
        self.kind = kind
    }

    /// The node the event happened at, if one.
    public var node: NodeID? {
        switch kind {
        case .start(let n), .crash(let n), .restart(let n), .join(let n, _), .pause(let n, _), .resume(let n), .timer(let n, _),
             .peerFailed(let n, _), .observe(let n, _), .request(let n, _): n
        case .send(let from, _, _, _): from
        case .deliver(_, let to, _, _), .drop(_, let to, _, _, _), .duplicate(_, let to, _, _, _): to
        case .network, .phase: nil
        }
    }

    /// The event in words, without its time or node.
    public var summary: String {
        switch kind {
        case .start: "start"
        case .crash: "CRASH"
        case .restart: "RESTART"
        case .join(_, let contact): "JOIN via \(contact)"
        case .pause(_, let until): "PAUSE until t=\(until)"
        case .resume: "RESUME"
        case .send(_, let to, let id, let message): "send #\(id) \(message) to \(to)"
        case .deliver(let from, _, let id, let message): "recv #\(id) \(message) from \(from)"
        case .drop(let from, _, let id, let message, let reason): "DROP #\(id) \(message) from \(from) (\(reason))"
        case .duplicate(let from, _, let id, let original, let message): "DUP #\(id) of #\(original) \(message) from \(from)"
        case .timer(_, let timer): "timer \(timer)"
        case .peerFailed(_, let peer): "notice: \(peer) failed"
        case .observe(_, let observation): "» \(observation)"
        case .request(_, let request): "request \(request)"
        case .network(let text): text
        case .phase(let text): "— \(text) —"
        }
    }
}
