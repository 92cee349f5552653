import PropCheckEngine

// Messages on the wire: each send draws one fate (deliver, drop, duplicate, delay),
// partitions block links, and a message to a dead life never reaches the next one.

extension Simulation {
    @inlinable func send(_ message: Node.Message, from: NodeID, to: NodeID) {
        let id = nextMessageID
        nextMessageID += 1
        statistics.messagesSent += 1
        emit(.sends, .send(from: from, to: to, id: id, message))
        guard to.index >= 0, to.index < slots.count, slots[to.index].started else {
            return lose(message, from: from, to: to, id: id, reason: "no such node")
        }
        if network.isBlocked(from, to) {
            if network.holding {
                return hold(message, from: from, to: to, id: id,
                            incarnation: slots[to.index].up ? slots[to.index].incarnation : -1)
            }
            return lose(message, from: from, to: to, id: id, reason: "partition")
        }
        // One choice decides the message's fate: 0 deliver, 1 drop, 2 duplicate,
        // 3 + d deliver d ticks late. One choice per message, whatever is switched on,
        // keeps later messages' choices in place when the shrinker changes one fate.
        var fate: UInt64 = 0
        let maxLong = network.maxLongDelayTicks
        if network.lossPercent > 0 || network.duplicationPercent > 0 || network.maxExtraDelayTicks > 0 || maxLong > 0 {
            let loss = UInt64(network.lossPercent), duplication = UInt64(network.duplicationPercent)
            let maxDelay = UInt64(network.maxExtraDelayTicks)
            fate = source.draw(upTo: 2 + max(maxDelay, UInt64(maxLong))) { rng in
                let roll = rng.next(upTo: 99)
                if roll < loss { return 1 }
                if roll < loss + duplication { return 2 }
                // The long tail: one message in twenty waits past the usual delays,
                // log-uniformly up to the longest (most of the tail is short too).
                if maxLong > 0 && rng.next(upTo: 19) == 0 { return 2 + Simulation.longTailDelay(&rng, above: maxDelay, upTo: UInt64(maxLong)) }
                let delay = maxDelay > 0 ? rng.next(upTo: maxDelay) : 0
                return delay == 0 ? 0 : 2 + delay
            }
            // A replayed fate means nothing for a fault that is off: with loss at 0%, no drop.
            if (fate == 1 && loss == 0) || (fate == 2 && duplication == 0) { fate = 0 }
        }
        if fate == 1 {
            statistics.messagesDropped += 1
            emit(.messageEvents, .drop(from: from, to: to, id: id, message, reason: "loss"))
            return
        }
        let delay = fate >= 3 ? Int(fate - 2) : 0
        if delay > 0 { statistics.messagesDelayed += 1 }
        if delay > network.maxExtraDelayTicks { statistics.messagesLongDelayed += 1 }
        schedule(message, from: from, to: to, id: id, delay: delay)
        if fate == 2 {
            let copy = nextMessageID
            nextMessageID += 1
            statistics.messagesDuplicated += 1
            emit(.messageEvents, .duplicate(from: from, to: to, id: copy, original: id, message))
            // With a long tail, the copy may lag far behind the original (one more
            // choice, drawn only then: 0 = with the original).
            var lag = 0
            if maxLong > 0 {
                lag = Int(source.draw(upTo: UInt64(maxLong)) { rng in
                    rng.next(upTo: 1) == 0 ? 0 : Simulation.longTailDelay(&rng, above: 0, upTo: UInt64(maxLong))
                })
                if lag > network.maxExtraDelayTicks { statistics.messagesLongDelayed += 1 }
            }
            schedule(message, from: from, to: to, id: copy, delay: delay + lag)
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
        emit(.messageEvents, .drop(from: from, to: to, id: id, message, reason: reason))
    }

    /// A delay in `above + 1 ... upTo`, log-uniform: as likely between 10 and 20 ticks
    /// as between 200 and 400.
    @inlinable static func longTailDelay(_ rng: inout Xoshiro256, above: UInt64, upTo: UInt64) -> UInt64 {
        let low = above + 1
        guard upTo > low else { return low }
        let bits = UInt64((upTo - low + 1).bitWidth - (upTo - low + 1).leadingZeroBitCount)
        let magnitude = rng.next(upTo: bits - 1)
        let start = UInt64(1) << magnitude
        let span = min(start, upTo - low + 2 - start)
        return min(upTo, low - 1 + start + (span > 1 ? rng.next(upTo: span - 1) : 0))
    }

    /// Keeps a message that a holding partition stops, for release at the heal.
    @inlinable func hold(_ message: Node.Message, from: NodeID, to: NodeID, id: Int, incarnation: Int) {
        statistics.messagesHeld += 1
        emit(.network, .network("held #\(id) \(message) \(from)->\(to)"))
        held.append(HeldMessage(from: from, to: to, incarnation: incarnation, id: id, message: message))
    }

    /// Releases every held message, reordered: each lands after a delay of its own
    /// (one choice each, 0 = at once), as a healed network flushes its queues.
    @inlinable func releaseHeld() {
        guard !held.isEmpty else { return }
        let released = held
        held = []
        emit(.network, .network("released \(released.count) held messages"))
        for message in released {
            let delay = Int(source.draw(upTo: 20))
            let at = now + network.latency(message.from, message.to) + delay
            network.noteDelivery(message.from, message.to, at: at)
            queue.push(.deliver(from: message.from, to: message.to, incarnation: message.incarnation, id: message.id,
                                message: message.message), at: at)
        }
    }
}
