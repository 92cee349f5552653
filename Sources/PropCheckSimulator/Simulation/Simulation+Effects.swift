import PropCheckEngine

// Running a handler and interpreting the effects it recorded: sends, timers (on
// the node's own, possibly skewed, clock), persists, observations, monitors, halts.

extension Simulation {
    /// Runs one handler of `node` and then interprets the effects it recorded.
    @inline(__always)
    @inlinable func withNode(_ node: NodeID, _ body: (inout Node, inout NodeContext<Node>) -> Void) {
        // Moving the state out of its slot keeps it uniquely referenced: no copy on write.
        guard var state = states[node.index].take() else { return }
        var context = NodeContext<Node>(id: node, effects: effectBuffer, source: source, mayMisbehave: misbehaviourAllowed,
                                        now: localTime(of: node))
        effectBuffer = []
        body(&state, &context)
        states[node.index] = consume state
        // Swapped out, not copied: the buffer must be uniquely referenced, or moving the
        // effects out of it would copy it whole first.
        var effects: [Effect<Node>] = []
        swap(&effects, &context.recorded)
        // Each effect is moved out of the buffer and a payload-free one left in its
        // place: interpreting it copies no message, and clearing the buffer releases
        // nothing (a copy, a retain and a release per effect otherwise).
        let halted = effects.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            for index in buffer.indices {
                let effect = (base + index).move()
                (base + index).initialize(to: .sync)
                if interpret(effect, of: node) { return true }
                if violation != nil { break }
            }
            return false
        }
        effects.removeAll(keepingCapacity: true)
        effectBuffer = effects
        // A node that halts takes no further effect, and is not there to check.
        if halted { return }
        if anyCheckerReads.contains(.states), !stopped, slots[node.index].up { checkState(of: node) }
    }

    /// Carries out one effect `node` recorded; true when it halted the node.
    @inline(__always)
    @inlinable func interpret(_ effect: consuming Effect<Node>, of node: NodeID) -> Bool {
        switch consume effect {
        case .send(let to, let message): send(message, from: node, to: to)
        case .setTimer(let timer, let ticks):
            let generation = (timerGenerations[node.index][timer] ?? 0) &+ 1
            timerGenerations[node.index][timer] = generation
            let scaled = ticks * slots[node.index].clockRatePercent / 100
            queue.push(.timer(node, incarnation: slots[node.index].incarnation, timer, generation: generation),
                       at: now + scaled)
        case .cancelTimer(let timer):
            if let generation = timerGenerations[node.index][timer] {
                timerGenerations[node.index][timer] = generation &+ 1
            }
        case .persist(let durable):
            durables[node.index] = durable
            unsynced[node.index] = nil
        case .write(let durable):
            // Kept apart from the synced state even without storage faults, where a
            // crash keeps it (see crashNode), so that checkers see what is unsynced.
            unsynced[node.index] = durable
        case .sync:
            if let written = unsynced[node.index].take() { durables[node.index] = written }
        case .observe(let observation):
            statistics.observations += 1
            emit(.observations, .observe(node, observation))
        case .monitor(let peer, let life):
            if peer.index >= 0, peer.index < slots.count, slots[peer.index].started,
               slots[peer.index].incarnation > life {
                queue.push(.notice(to: node, incarnation: slots[node.index].incarnation, peer: peer, life: life),
                           at: noticeTime(from: peer, to: node))
            }
        case .halt:
            crashNode(node)
            return true
        }
        return false
    }

    /// Virtual time as `node`'s clock reads it: a clock whose timers take `rate`% of
    /// their ticks of virtual time runs at 100/`rate` of virtual time.
    @inlinable func localTime(of node: NodeID) -> Int {
        let rate = slots[node.index].clockRatePercent
        return rate == 100 ? now : now * 100 / rate
    }
}
