import PropCheckEngine

// Messages on the wire: each send draws one fate (deliver, drop, duplicate, delay),
// partitions block links, and a message to a dead life never reaches the next one.

extension Simulation {
    @inlinable func send(_ message: Node.Message, from: NodeID, to: NodeID) {
        let id = nextMessageID
        nextMessageID += 1
        statistics.messagesSent += 1
        emit(.messages, .send(from: from, to: to, id: id, message))
        guard to.index >= 0, to.index < slots.count, slots[to.index].started else {
            return lose(message, from: from, to: to, id: id, reason: "no such node")
        }
        if network.isBlocked(from, to) { return lose(message, from: from, to: to, id: id, reason: "partition") }
        // One choice decides the message's fate: 0 deliver, 1 drop, 2 duplicate,
        // 3 + d deliver d ticks late. One choice per message, whatever is switched on,
        // keeps later messages' choices in place when the shrinker changes one fate.
        var fate: UInt64 = 0
        if network.lossPercent > 0 || network.duplicationPercent > 0 || network.maxExtraDelayTicks > 0 {
            let loss = UInt64(network.lossPercent), duplication = UInt64(network.duplicationPercent)
            let maxDelay = UInt64(network.maxExtraDelayTicks)
            fate = source.draw(upTo: 2 + maxDelay) { rng in
                let roll = rng.next(upTo: 99)
                if roll < loss { return 1 }
                if roll < loss + duplication { return 2 }
                let delay = maxDelay > 0 ? rng.next(upTo: maxDelay) : 0
                return delay == 0 ? 0 : 2 + delay
            }
            // A replayed fate means nothing for a fault that is off: with loss at 0%, no drop.
            if (fate == 1 && loss == 0) || (fate == 2 && duplication == 0) { fate = 0 }
        }
        if fate == 1 {
            statistics.messagesDropped += 1
            emit(.messages, .drop(from: from, to: to, id: id, message, reason: "loss"))
            return
        }
        let delay = fate >= 3 ? Int(fate - 2) : 0
        if delay > 0 { statistics.messagesDelayed += 1 }
        schedule(message, from: from, to: to, id: id, delay: delay)
        if fate == 2 {
            let copy = nextMessageID
            nextMessageID += 1
            statistics.messagesDuplicated += 1
            emit(.messages, .duplicate(from: from, to: to, id: copy, original: id, message))
            schedule(message, from: from, to: to, id: copy, delay: delay)
        }
    }

    @inlinable func schedule(_ message: Node.Message, from: NodeID, to: NodeID, id: Int, delay: Int) {
        let at = now + network.latency(from, to) + delay
        network.noteDelivery(from, to, at: at)
        // A message sent to a node that is down is for the life that died (names are
        // pids): it must not reach the next life should the node restart before it lands.
        let incarnation = slots[to.index].up ? slots[to.index].incarnation : -1
        queue.push(.deliver(from: from, to: to, incarnation: incarnation, id: id, message: message), at: at)
    }

    /// A message lost to a fault (not to the loss setting): counted and traced.
    @inlinable func lose(_ message: Node.Message, from: NodeID, to: NodeID, id: Int, reason: String) {
        statistics.messagesLostToFaults += 1
        emit(.messages, .drop(from: from, to: to, id: id, message, reason: reason))
    }
}
