import PropCheckSimulator

// MARK: - Stability (gms4)
//
// A stream item a member delivered may be lost for good if every member that has it
// dies: a new leader then records its position as a gap that the survivors skip.
// That is allowed (the dead delivered it, no survivor did), unless the item's effect
// has reached a survivor some other way. A state transfer is such a way: the colour a
// worker sends a joiner folds in every change it delivered. So a worker answers a
// state request only once everything before the request is stable, delivered by every
// member of the view: then some survivor has each of those items, the new leader
// collects it, and the joiner's colour agrees with everyone's (seed 4, run 3,972).

extension GroupMember {
    /// Multicasts the worker's state answer to the request at stream position
    /// `request`, at once if every item before it is stable, or else once it is.
    mutating func answerWhenStable(_ answer: WorkerMessage, request: Int, _ context: inout NodeContext<GroupMember>) {
        guard version.recoversLostMessages, request > stableNext else {
            multicast(answer, &context)
            return
        }
        heldAnswers.append((request, answer))
    }

    /// Sends the held answers whose requests are now stable (they are held in stream order).
    mutating func releaseStableAnswers(_ context: inout NodeContext<GroupMember>) {
        while let first = heldAnswers.first, first.position <= stableNext {
            heldAnswers.removeFirst()
            multicast(first.answer, &context)
        }
    }

    /// Moves the stable position forward (never back: what every member of some view
    /// delivered stays delivered) and sends the answers that were waiting for it.
    mutating func advanceStable(to position: Int, _ context: inout NodeContext<GroupMember>) {
        guard position > stableNext else { return }
        stableNext = position
        releaseStableAnswers(&context)
    }

    /// Leader: the stable position of the current view is the least of the slaves'
    /// acknowledgements (a slave that has acknowledged nothing holds it back).
    mutating func updateStability(_ context: inout NodeContext<GroupMember>) {
        guard version.recoversLostMessages, role == .leader else { return }
        var stable = next
        for slave in peers.dropFirst() { stable = min(stable, acknowledged[slave] ?? 0) }
        advanceStable(to: stable, &context)
    }

    /// Leader: a slave acknowledged everything below `slaveNext`. An acknowledgement from
    /// a life that is not the member (one that died, or the member's earlier life) is old.
    mutating func receiveAck(next slaveNext: Int, life: Int, from slave: NodeID, _ context: inout NodeContext<GroupMember>) {
        guard peers.contains(slave), lives[slave] == life else { return }
        acknowledged[slave] = max(acknowledged[slave] ?? 0, slaveNext)
        updateStability(&context)
    }

    /// Slave: the leader's heartbeat. It learns the stable position, asks for what it
    /// lacks, and acknowledges what it has that the stable position does not yet cover.
    mutating func receiveSync(next leaderNext: Int, stable: Int, from sender: NodeID, _ context: inout NodeContext<GroupMember>) {
        advanceStable(to: stable, &context)
        if leaderNext > next { requestResend(&context) }
        if next > stable, peers.first == sender { context.send(.ack(next: next, life: incarnation), to: sender) }
    }
}
