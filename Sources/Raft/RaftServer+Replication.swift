import PropCheckSimulator

// Log replication and commitment (§5.3, §5.4).
extension RaftServer {
    /// Most entries one AppendEntries carries.
    static var batchLimit: Int { 8 }

    /// Sends AppendEntries to every other member: new entries, or (`heartbeat`) none,
    /// as the paper's heartbeats are; a follower that lags says so in its reply, and
    /// the entries follow.
    mutating func broadcastAppendEntries(heartbeat: Bool = false, _ context: inout NodeContext<RaftServer>) {
        readRound += 1
        for peer in configuration where peer != id { sendAppendEntries(to: peer, heartbeat: heartbeat, &context) }
    }

    mutating func sendAppendEntries(to peer: NodeID, heartbeat: Bool = false, _ context: inout NodeContext<RaftServer>) {
        track(peer)
        let next = nextIndex[peer.index]
        let prevLogIndex = next - 1
        // The correct leader keeps nextIndex in 1...count+1; `back-off-past-start` does
        // not, and `term(at:)` traps on the index it reaches.
        let prevLogTerm = log.term(at: prevLogIndex)
        // BUGGIFY: now and then a batch of one, so followers hold part of what the
        // leader sent (the partial replication that Figure 8 and commit bugs need).
        let limit = !heartbeat && context.misbehave(oneIn: 8) ? 1 : Self.batchLimit
        let end = min(log.count, prevLogIndex + limit)
        let entries = !heartbeat && prevLogIndex < end ? Array(log[prevLogIndex..<end]) : []
        context.send(.appendEntries(.init(term: currentTerm, prevLogIndex: prevLogIndex, prevLogTerm: prevLogTerm,
                                          entries: entries, leaderCommit: commitIndex, round: readRound)), to: peer)
    }

    mutating func handleAppendEntries(_ append: RaftMessage.AppendEntries, from sender: NodeID,
                                      _ context: inout NodeContext<RaftServer>) {
        if append.term < currentTerm && bug != .acceptStaleAppend {
            context.send(.appendReply(term: currentTerm, success: false, index: 0, round: append.round), to: sender)
            return
        }
        // A valid leader for this term: a candidate of the same term steps down.
        if role != .follower || leader != sender { becomeFollower(term: currentTerm, leader: sender, &context) }
        leaseHeld = true
        context.setTimer(.lease, after: timing.electionTimeout)
        resetElectionTimer(&context)

        // The consistency check: our log must hold the leader's entry at prevLogIndex.
        let checked = bug == .prevIndexOffByOne ? max(append.prevLogIndex - 1, 0) : append.prevLogIndex
        guard checked >= 0, checked <= log.count, log.term(at: checked) == append.prevLogTerm else {
            // Where to retry: after our last entry, or at the start of the conflicting term.
            var hint = min(append.prevLogIndex, log.count + 1)
            if hint <= log.count, hint > 0 {
                let conflicting = log.term(at: hint)
                while hint > 1, log.term(at: hint - 1) == conflicting { hint -= 1 }
            }
            context.send(.appendReply(term: currentTerm, success: false, index: max(hint, 1), round: append.round),
                         to: sender)
            return
        }
        var index = append.prevLogIndex
        var changedFrom: Int?
        let configurationBefore = configurationIndices.last
        for entry in append.entries {
            index += 1
            if index <= log.count {
                if log.term(at: index) == entry.term { continue }
                // A conflict: delete the entry and all that follow it (§5.3).
                if bug == .keepConflictingSuffix {
                    log[index - 1] = entry
                    configurationIndices = log.indices.filter {
                        if case .configuration = log[$0].command { true } else { false }
                    }.map { $0 + 1 }
                } else {
                    truncateLog(to: index - 1)
                    appendToLog(entry)
                }
            } else {
                appendToLog(entry)
            }
            changedFrom = changedFrom ?? index
        }
        if bug == .truncateWithoutConflict, index < log.count {
            truncateLog(to: index)
            changedFrom = changedFrom ?? index + 1
        }
        if let changedFrom {
            persist(&context)
            context.observe(.logUpdated(from: changedFrom, lastIndex: log.count, lastTerm: log.lastTerm))
            if configurationIndices.last != configurationBefore { context.observe(.configuration(configuration)) }
        }
        let lastNew = append.prevLogIndex + append.entries.count
        if append.leaderCommit > commitIndex {
            let target = bug == .commitToLeaderCommit ? append.leaderCommit : min(append.leaderCommit, lastNew)
            if target > commitIndex {
                commitIndex = target
                context.observe(.committed(commitIndex))
                applyCommitted(&context)
            }
        }
        context.send(.appendReply(term: currentTerm, success: true, index: lastNew, round: append.round), to: sender)
    }

    mutating func handleAppendReply(from follower: NodeID, term: Int, success: Bool, index: Int, round: Int,
                                    _ context: inout NodeContext<RaftServer>) {
        // A correct server has already stepped down on a newer term; an older one is stale.
        guard role == .leader, term >= currentTerm else { return }
        track(follower)
        ackedRound[follower.index] = max(ackedRound[follower.index], round)
        if success {
            if index > matchIndex[follower.index] { matchIndex[follower.index] = index }
            nextIndex[follower.index] = max(nextIndex[follower.index], index + 1)
            advanceCommitIndex(&context)
            serveReads(&context)
            if nextIndex[follower.index] <= log.count { sendAppendEntries(to: follower, &context) }
        } else {
            let before = nextIndex[follower.index]
            if bug == .backOffPastStart {
                nextIndex[follower.index] -= 1
            } else {
                nextIndex[follower.index] = max(1, min(before - 1, index))
            }
            serveReads(&context)
            // Retry at once only when backing off made progress: a stale or duplicated
            // rejection must not start a storm of retries (the heartbeat retries anyway).
            if nextIndex[follower.index] != before { sendAppendEntries(to: follower, &context) }
        }
    }

    /// §5.3/§5.4.2: the leader commits the latest index replicated on a quorum whose
    /// entry is from its own term (earlier terms' entries commit with it).
    mutating func advanceCommitIndex(_ context: inout NodeContext<RaftServer>) {
        guard role == .leader else { return }
        var newCommit = commitIndex
        var candidate = log.count
        while candidate > commitIndex {
            if bug != .commitPreviousTerm && log.term(at: candidate) != currentTerm { break }
            var replicas = isMember ? 1 : 0
            for peer in configuration where peer != id && peer.index < matchIndex.count && matchIndex[peer.index] >= candidate {
                replicas += 1
            }
            if replicas >= quorum {
                newCommit = candidate
                break
            }
            candidate -= 1
        }
        guard newCommit > commitIndex else { return }
        commitIndex = newCommit
        context.observe(.committed(commitIndex))
        applyCommitted(&context)
    }

    /// Applies committed entries in order; the leader answers the clients whose
    /// requests they were.
    mutating func applyCommitted(_ context: inout NodeContext<RaftServer>) {
        while lastApplied < min(commitIndex, log.count) {
            lastApplied += 1
            let entry = log.entry(at: lastApplied)
            context.observe(.applied(index: lastApplied, entry))
            switch entry.command {
            case .noop: break
            case .client(let client, let seq, let operation):
                let result = store.apply(operation, client: client, seq: seq, deduplicate: bug != .applyTwice)
                if role == .leader { context.send(.clientReply(client, seq: seq, result), to: client.node) }
            case .configuration(let members):
                // Once a configuration without the leader commits, it steps down (thesis §4.2.2).
                if role == .leader, !members.contains(id), lastApplied == configurationIndices.last {
                    becomeFollower(term: currentTerm, leader: nil, &context)
                }
            }
        }
        serveReads(&context)
    }
}
