import PropCheckSimulator

extension ReportRun {
    /// The events that happened before the violation in Lamport's sense, by index:
    /// every earlier event at a node the violation involves, and at the nodes of the
    /// events it names up to those (or, naming none, at the node where it was
    /// detected), and, through each message delivered to one of those, the
    /// sender's events up to the send, transitively. Network changes and phases
    /// before the violation belong too: they shaped every node's view. Nil when the
    /// run has no safety violation, or when its past is the whole run (nothing to
    /// single out).
    public var causalPast: Set<Int>? {
        guard let violation, violation.kind == .safety else { return nil }
        // Where each message was sent (copies made by duplication count as their original's send).
        var sentAt: [Int: (index: Int, node: NodeID)] = [:]
        var copyOf: [Int: Int] = [:]
        for event in events {
            switch event.kind {
            case .send(_, let id, _, _): if let node = event.node { sentAt[id] = (event.index, node) }
            case .duplicate(_, let id, let original): copyOf[id] = original
            default: break
            }
        }
        // Per node, the last event of its past: walking backwards, a delivery in the past
        // pulls its send (an earlier event) into the past.
        var frontier: [NodeID: Int] = [:]
        // A violation found at the end of the run (linearizability) names its events; the
        // node of the run's last event has nothing to do with it.
        let detectedAt = violation.events.isEmpty ? events.first { $0.index == violation.eventIndex }?.node : nil
        for node in violation.nodes + (detectedAt.map { [$0] } ?? []) { frontier[node] = violation.eventIndex }
        for index in violation.events {
            if let node = events.first(where: { $0.index == index })?.node { frontier[node] = max(frontier[node] ?? index, index) }
        }
        var past = Set<Int>()
        for event in events.reversed() where event.index <= violation.eventIndex {
            guard let node = event.node else {
                past.insert(event.index)
                continue
            }
            guard let last = frontier[node], event.index <= last else { continue }
            past.insert(event.index)
            if case .deliver(_, let id, _, _) = event.kind, let send = sentAt[copyOf[id] ?? id] {
                frontier[send.node] = max(frontier[send.node] ?? send.index, send.index)
            }
        }
        return past.count < events.count ? past : nil
    }
}
