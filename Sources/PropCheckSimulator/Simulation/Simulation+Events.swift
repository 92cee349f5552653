import PropCheckEngine

// The event loop's dispatch: a queued delivery, timer or failure notice reaches
// its node if the node (that life of it) is still up.

extension Simulation {
    @inlinable func process(_ pending: Pending) {
        statistics.events += 1
        switch pending {
        case .deliver(let from, let to, let incarnation, let id, let message):
            guard slots[to.index].up, slots[to.index].incarnation == incarnation else {
                return lose(message, from: from, to: to, id: id, reason: "receiver down")
            }
            if network.isBlocked(from, to) { return lose(message, from: from, to: to, id: id, reason: "partition") }
            statistics.messagesDelivered += 1
            emit(.messages, .deliver(from: from, to: to, id: id, message))
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
        }
    }
}
