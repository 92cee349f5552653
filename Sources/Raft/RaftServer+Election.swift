import PropCheckSimulator

// Leader election (§5.2, §5.4.1).
extension RaftServer {
    mutating func electionTimedOut(_ context: inout NodeContext<RaftServer>) {
        resetElectionTimer(&context)
        // A server outside the configuration (removed, or not yet added) never stands,
        // except to finish its own removal: holding the uncommitted entry that removes
        // it, it may be the only server able to win (its log is the most up to date),
        // and then leads without counting itself until the entry commits (thesis §4.2.2).
        guard role != .leader, isMember || isBeingRemoved else { return }
        currentTerm += 1
        votedFor = id
        votes = isMember ? [id] : []
        role = .candidate
        leader = nil
        persist(&context)
        context.observe(.role(.candidate, term: currentTerm))
        if votes.count >= quorum { return becomeLeader(&context) }
        for peer in configuration where peer != id {
            context.send(.requestVote(term: currentTerm, lastLogIndex: log.count, lastLogTerm: log.lastTerm), to: peer)
        }
    }

    /// §5.4.1: a candidate's log is at least as up-to-date as ours when its last term
    /// is later, or equal with a log at least as long.
    func isUpToDate(lastIndex: Int, lastTerm: Int) -> Bool {
        lastTerm > log.lastTerm || (lastTerm == log.lastTerm && lastIndex >= log.count)
    }

    mutating func handleVoteRequest(from candidate: NodeID, term: Int, lastIndex: Int, lastTerm: Int,
                                    _ context: inout NodeContext<RaftServer>) {
        var granted = false
        if term == currentTerm, votedFor == nil || votedFor == candidate,
           bug == .voteWithoutLogCheck || isUpToDate(lastIndex: lastIndex, lastTerm: lastTerm) {
            granted = true
            if votedFor != candidate {
                votedFor = candidate
                persist(&context)
            }
            resetElectionTimer(&context)
        }
        context.send(.vote(term: currentTerm, granted: granted), to: candidate)
    }

    mutating func handleVote(from voter: NodeID, term: Int, granted: Bool, _ context: inout NodeContext<RaftServer>) {
        // A vote counts only in the term it was granted for (the planted bug counts stale ones).
        guard role == .candidate, term == currentTerm || bug == .countStaleVotes, granted, !votes.contains(voter),
              configuration.contains(voter) else {
            return
        }
        votes.append(voter)
        if votes.count >= quorum { becomeLeader(&context) }
    }

    mutating func becomeLeader(_ context: inout NodeContext<RaftServer>) {
        role = .leader
        leader = id
        context.cancelTimer(.election)
        context.observe(.role(.leader, term: currentTerm))
        nextIndex = []
        matchIndex = []
        ackedRound = []
        for node in knownNodes { track(node) }
        for index in nextIndex.indices { nextIndex[index] = log.count + 1 }
        // The no-op commits the entries of earlier terms (§5.4.2), and until it commits
        // the leader neither serves reads nor changes the configuration.
        appendToLog(LogEntry(term: currentTerm, command: .noop))
        termStartIndex = log.count
        persist(&context)
        context.observe(.logUpdated(from: log.count, lastIndex: log.count, lastTerm: currentTerm))
        advanceCommitIndex(&context)
        broadcastAppendEntries(&context)
        context.setTimer(.heartbeat, after: timing.heartbeat)
    }
}
