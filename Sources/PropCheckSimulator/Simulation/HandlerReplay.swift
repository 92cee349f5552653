import PropCheckEngine

/// Re-runs the handlers of a recorded run on fresh nodes, without the simulator:
/// every start, delivery, timer and client request of the trace, in order, and
/// nothing else (no queue, network, choices of fate, checkers or tracing). Timing it
/// against the run itself gives the share of a run spent in the protocol's own code.
///
/// The nodes see the same inputs in the same order, so they go through the same
/// states; their random draws come back 0, which changes only the timers they ask
/// for, and those are not acted on here.
public enum HandlerReplay {
    /// Replays the handler calls of `trace`; returns how many it made, or nil when
    /// the trace holds a crash, restart, join or failure notice (whose inputs, such
    /// as a restarted node's durable state, the trace does not keep).
    @inlinable
    public static func run<Node: SimulatedNode>(_ trace: [TraceEvent<Node>], initialMembers: [NodeID],
                                                parameters: Node.Parameters) -> Int? {
        let capacity = trace.compactMap(\.node).map(\.index).max().map { $0 + 1 } ?? 0
        var nodes = [Node?](repeating: nil, count: capacity)
        let source = ChoiceSource(replaying: [])
        var effects: [Effect<Node>] = []
        var calls = 0
        for event in trace {
            let target: NodeID
            switch event.kind {
            case .start(let node): target = node
            case .deliver(_, let to, _, _): target = to
            case .timer(let node, _), .request(let node, _): target = node
            case .crash, .restart, .join, .peerFailed, .pause, .resume: return nil
            case .send, .drop, .duplicate, .observe, .network, .phase: continue
            }
            var context = NodeContext<Node>(id: target, effects: effects, source: source, mayMisbehave: false)
            if case .start = event.kind {
                nodes[target.index] = Node(id: target, cluster: ClusterInfo(initialMembers: initialMembers), durable: nil,
                                           parameters: parameters)
            }
            guard var node = nodes[target.index].take() else { return nil }
            switch event.kind {
            case .start: node.start(&context)
            case .deliver(let from, _, _, let message): node.receive(message, from: from, &context)
            case .timer(_, let timer): node.timerFired(timer, &context)
            case .request(_, let request): node.request(request, &context)
            default: break
            }
            nodes[target.index] = node
            effects = context.recorded
            effects.removeAll(keepingCapacity: true)
            calls += 1
        }
        return calls
    }
}

extension HandlerReplay {
    /// Replays the handler calls of a run of a protocol with one variant.
    @inlinable
    public static func run<Node: SimulatedNode>(_ trace: [TraceEvent<Node>], initialMembers: [NodeID]) -> Int?
    where Node.Parameters == Void {
        run(trace, initialMembers: initialMembers, parameters: ())
    }
}
