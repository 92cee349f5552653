import PropCheckEngine

// The event loop's dispatch: a queued delivery, timer or failure notice reaches
// its node if the node (that life of it) is still up.

extension Simulation {
    @inlinable func process(_ pending: consuming Pending) {
        // A paused node's inputs wait until it resumes, in the order they came.
        if anyPaused, let node = pending.node, slots[node.index].pausedUntil > now {
            queue.push(pending, at: slots[node.index].pausedUntil)
            return
        }
        statistics.events += 1
        // Consumed, so the payload moves into the handler instead of being copied.
        switch consume pending {
        case .deliver(let from, let to, let incarnation, let id, let message):
            guard slots[to.index].up, slots[to.index].incarnation == incarnation else {
                return lose(message, from: from, to: to, id: id, reason: "receiver down")
            }
            if network.isBlocked(from, to) {
                if network.holding { return hold(message, from: from, to: to, id: id, incarnation: incarnation) }
                return lose(message, from: from, to: to, id: id, reason: "partition")
            }
            statistics.messagesDelivered += 1
            emit(.messageEvents, .deliver(from: from, to: to, id: id, message))
            withNode(to) { $0.receive(message, from: from, &$1) }
        case .timer(let node, let incarnation, let timer, let generation):
            guard slots[node.index].up, slots[node.index].incarnation == incarnation,
                  timerGenerations[node.index][timer] == generation else { return }
            statistics.timersFired += 1
            emit(.timers, .timer(node, timer))
            withNode(node) { $0.timerFired(timer, &$1) }
        case .notice(let to, let incarnation, let peer, let life):
            guard slots[to.index].up, slots[to.index].incarnation == incarnation else { return }
            emit(.timers, .peerFailed(to, peer: peer))
            withNode(to) { $0.peerFailed(peer, life: life, &$1) }
        case .request(let node, let incarnation, let request):
            guard slots[node.index].up, slots[node.index].incarnation == incarnation else {
                return emit(.network, .network("request \(request) to \(node) lost: node down"))
            }
            emit(.requests, .request(node, request))
            withNode(node) { $0.request(request, &$1) }
        case .resume(let node, let incarnation):
            guard slots[node.index].up, slots[node.index].incarnation == incarnation else { return }
            emit(.lifecycle, .resume(node))
        }
    }
}

extension Simulation.Pending {
    /// The node the event is for (a resume is for no one: it ends the pause).
    @inlinable var node: NodeID? {
        switch self {
        case .deliver(_, let to, _, _, _): to
        case .timer(let node, _, _, _): node
        case .notice(let to, _, _, _): to
        case .request(let node, _, _): node
        case .resume: nil
        }
    }
}
