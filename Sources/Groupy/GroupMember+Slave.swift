import PropCheckSimulator

// MARK: - Slave

extension GroupMember {
    /// Handles stream item `seq` from the leader, by version: gms1 and gms2 take
    /// everything; gms3 discards numbers below the expected one (gms3-offbyone: below
    /// the one before it) and delivers past a gap; gms4 also discards anything past a
    /// gap and asks for the missing items with a NACK.
    mutating func slaveReceive(_ seq: Int, _ item: StreamItem, from sender: NodeID,
                               _ context: inout NodeContext<GroupMember>) {
        if role == .joining {
            // A joiner starts from the view that admits it.
            guard case .view(let view) = item, view.life(of: id) == incarnation else { return }
            next = seq
        }
        if case .view = item, seq == viewID, role != .joining {
            // The same view again: a leader answering a repeated join request.
            return
        }
        if version.usesSequenceNumbers {
            let oldest = version == .gms3OffByOne ? next - 1 : next
            if seq < oldest { return }
            if seq > next {
                if case .message(let message) = item { context.observe(.gap(expected: next, got: seq, message)) }
                else { context.observe(.gap(expected: next, got: seq, nil)) }
                if version.recoversLostMessages {
                    gapSeen = true
                    requestResend(&context)
                    return
                }
            }
        }
        apply(item, seq: seq, &context)
        gapSeen = false
    }

    /// Delivers a message or installs a view, and moves the expected number past it.
    mutating func apply(_ item: StreamItem, seq: Int, _ context: inout NodeContext<GroupMember>) {
        next = max(next, seq + 1)
        record(item, seq: seq)
        switch item {
        case .message(let message): deliver(message, seq: seq, &context)
        case .view(let view): install(view, seq: seq, &context)
        case .gap: context.observe(.skipped(seq: seq))
        }
    }

    /// gms4: asks the leader for everything from the next expected item, once per
    /// missing position until the retry tick: each item that arrives past a gap, and
    /// each heartbeat, would otherwise ask again, and with many members and a long
    /// stream in flight the resends then outgrow everything else (a NACK implosion:
    /// seed 5eed run 33,508 and seed 6 run 12,897 ran out of their step budgets).
    mutating func requestResend(_ context: inout NodeContext<GroupMember>) {
        guard version.recoversLostMessages, role == .slave, let leader = peers.first, nackedFrom != next else { return }
        nackedFrom = next
        context.send(.nack(from: next), to: leader)
        armRetry(&context)
    }

    /// gms4: a joiner whose state request was delivered but never answered (the ready
    /// workers that delivered it died before it was stable, and those that became ready
    /// later delivered it before they were) asks again after a few retry ticks (a
    /// slave's) or heartbeats (a leader's: a joiner may take over before its state comes).
    mutating func askForStateAgainIfUnanswered(_ context: inout NodeContext<GroupMember>) {
        guard worker.awaitsAnswer else {
            stateWaitRounds = 0
            return
        }
        stateWaitRounds += 1
        guard stateWaitRounds >= Self.stateRetryRounds else { return }
        stateWaitRounds = 0
        worker.abandonRequest()
        requestState(&context)
    }

    /// gms4: resends what is still unacknowledged.
    mutating func retry(_ context: inout NodeContext<GroupMember>) {
        switch role {
        case .joining:
            guard !contacts.isEmpty else { return }
            // Ask every contact (one we heard had failed may be back under a new life):
            // members forward to the leader.
            for contact in contacts {
                context.send(.join(joiner: id, incarnation: incarnation), to: contact)
            }
            context.setTimer(.retry, after: Self.retryTicks)
            return
        case .slave:
            guard let leader = peers.first else { return }
            for message in pendingOwn { context.send(.mcast(message, leaderLife: lives[leader] ?? 0), to: leader) }
            // A new retry period: the next heartbeat or late item may ask again.
            nackedFrom = 0
            if gapSeen { requestResend(&context) }
            if let candidate = awaitedLeader, candidate == leader {
                answerTakeover(from: candidate, seq: max(historyBase, next - 256), &context)
            }
            askForStateAgainIfUnanswered(&context)
            if pendingOwn.isEmpty && !gapSeen && awaitedLeader == nil && worker.isReady { return }
        case .candidate:
            takeoverRounds += 1
            if takeoverRounds >= 3 { awaiting.removeAll { down.contains($0) } }
            // Two rounds at least: members we never heard of announce themselves meanwhile.
            if awaiting.isEmpty && takeoverRounds >= 2 { finishTakeover(&context); return }
            for slave in awaiting { context.send(.takeover(from: next), to: slave) }
        case .leader:
            return
        }
        armRetry(&context)
    }
}
