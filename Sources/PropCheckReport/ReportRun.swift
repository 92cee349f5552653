import PropCheckSimulator

/// A replayed run in a form a report can draw, whatever the protocol: nodes,
/// events with their messages rendered to text, and each node's final state.
public struct ReportRun: Sendable {
    /// One event of the run.
    public struct Event: Sendable {
        /// What happened.
        public enum Kind: Sendable {
            case start, restart, crash
            case join(contact: NodeID)
            /// The node froze until virtual time `until` (nothing lost, unlike a crash).
            case pause(until: Int)
            /// The paused node resumed.
            case resume
            /// A message left for `to`.
            case send(to: NodeID, id: Int, kind: String, text: String)
            /// A message arrived from `from`.
            case deliver(from: NodeID, id: Int, kind: String, text: String)
            /// A message from `from` was lost, and why.
            case drop(from: NodeID, id: Int, kind: String, text: String, reason: String)
            /// The network made copy `id` of message `original`.
            case duplicate(from: NodeID, id: Int, original: Int)
            /// The node took a role ("leader", term 3).
            case role(String, term: Int)
            /// A timer fired (its name).
            case timer(String)
            /// The failure detector told the node that `peer` failed.
            case notice(peer: NodeID)
            /// A client request reached the node (its text).
            case request(String)
            /// A client operation's invocation or answer, reported by the node.
            case client(ClientEvent)
            /// Any other fact the node reported.
            case note(String)
            /// A network change ("partition {n1} {n2 n3}", "heal").
            case network(String)
            /// The run entered a phase ("heal").
            case phase(String)
        }

        /// The event's index in the run (violations name it).
        public var index: Int
        /// Virtual time.
        public var time: Int
        /// Where it happened; nil for network changes and phases.
        public var node: NodeID?
        /// What happened.
        public var kind: Kind

        /// An event.
        public init(index: Int, time: Int, node: NodeID?, kind: Kind) {
            self.index = index
            self.time = time
            self.node = node
            self.kind = kind
        }
    }

    /// Every node that ever started, in order.
    public var nodes: [NodeID]
    /// The events, in order.
    public var events: [Event]
    /// Each node's state at the end (at the violation, for a safety failure); "down"
    /// for a crashed node.
    public var finalStates: [NodeID: String]
    /// The violation the run ended with, if any.
    public var violation: Violation?

    /// A report run from its parts (for runs that did not come from the simulator).
    public init(nodes: [NodeID], events: [Event], finalStates: [NodeID: String], violation: Violation?) {
        self.nodes = nodes
        self.events = events
        self.finalStates = finalStates
        self.violation = violation
    }

    /// A report run from a simulator run's trace and final states.
    public init<Node: SimulatedNode>(trace: [TraceEvent<Node>], finalStates: [Node?], violation: Violation?) {
        var nodes: [NodeID] = []
        func note(_ node: NodeID) { if !nodes.contains(node) { nodes.append(node) } }
        events = trace.map { event in
            let kind: Event.Kind
            switch event.kind {
            case .start(let node): note(node); kind = .start
            case .restart: kind = .restart
            case .crash: kind = .crash
            case .join(let node, let contact): note(node); kind = .join(contact: contact)
            case .pause(_, let until): kind = .pause(until: until)
            case .resume: kind = .resume
            case .send(_, let to, let id, let message):
                kind = .send(to: to, id: id, kind: message.kind, text: message.description)
            case .deliver(let from, _, let id, let message):
                kind = .deliver(from: from, id: id, kind: message.kind, text: message.description)
            case .drop(let from, _, let id, let message, let reason):
                kind = .drop(from: from, id: id, kind: message.kind, text: message.description, reason: reason)
            case .duplicate(let from, _, let id, let original, _): kind = .duplicate(from: from, id: id, original: original)
            case .observe(_, let observation):
                if let change = (observation as? any RoleObservation)?.roleChange {
                    kind = .role(change.role, term: change.term)
                } else if let client = (observation as? any ClientObservation)?.clientEvent {
                    kind = .client(client)
                } else {
                    kind = .note(observation.description)
                }
            case .timer(_, let timer): kind = .timer("\(timer)")
            case .peerFailed(_, let peer): kind = .notice(peer: peer)
            case .request(_, let request): kind = .request(request.description)
            case .network(let text): kind = .network(text)
            case .phase(let text): kind = .phase(text)
            }
            return Event(index: event.index, time: event.time, node: event.node, kind: kind)
        }
        self.nodes = nodes
        var states: [NodeID: String] = [:]
        for node in nodes where node.index < finalStates.count {
            states[node] = finalStates[node.index].map { ($0 as? any StateSummary)?.stateSummary ?? "up" } ?? "down"
        }
        self.finalStates = states
        self.violation = violation
    }
}
