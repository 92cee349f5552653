import PropCheckSimulator

// MARK: - Failure handling and election

extension GroupMember {
    /// Reacts to the failure detector's notice that `peer` failed.
    mutating func handleFailure(of peer: NodeID, _ context: inout NodeContext<GroupMember>) {
        switch role {
        case .joining:
            if contacts.first == peer { retry(&context) }
        case .leader:
            // Only gms4 takes failed slaves out of the view; Groupy's leaders do not
            // monitor slaves, and messages to a dead process vanish.
            if version.recoversLostMessages, peers.contains(peer) { newView(peers.filter { $0 != peer }, &context) }
        case .candidate:
            peers.removeAll { $0 == peer }
            awaiting.removeAll { $0 == peer }
            return
        case .slave:
            let wasLeader = peers.first == peer
            peers.removeAll { $0 == peer }
            if wasLeader {
                nackedFrom = 0  // the next NACK goes to the next leader at once
                elect(&context)
            }
            else if let deferred = deferredTakeover, peers.first == deferred.from {
                deferredTakeover = nil
                answerTakeover(from: deferred.from, seq: deferred.seq, &context)
            }
        }
    }

    /// The first peer in the list becomes leader; everyone else waits for it.
    mutating func elect(_ context: inout NodeContext<GroupMember>) {
        guard peers.first == id else {
            if let deferred = deferredTakeover, peers.first == deferred.from {
                deferredTakeover = nil
                answerTakeover(from: deferred.from, seq: deferred.seq, &context)
            } else if version.recoversLostMessages, let candidate = peers.first {
                // gms4: tell the next leader what we have before it asks (and again at
                // each retry until its view arrives): it may not know we are a member
                // if the view that admitted us reached only us.
                awaitedLeader = candidate
                answerTakeover(from: candidate, seq: max(historyBase, next - 256), &context)
                armRetry(&context)
            }
            return
        }
        if version.recoversLostMessages {
            // gms4: first collect whatever any live node delivered beyond what we have
            // (members we never heard of included: a view that named them may be lost).
            // Nodes last heard to have failed may have come back under a new life, so
            // they are asked too, but only waited for during a few retry rounds.
            role = .candidate
            awaiting = knownNodes.filter { $0 != id }
            takeoverRounds = 0
            collected = [:]
            joinedDuringTakeover = []
            for slave in awaiting { context.send(.takeover(from: next), to: slave) }
            armRetry(&context)
            return
        }
        role = .leader
        if version.resendsLast, let last {
            // gms3: resend the last message: a slave that missed it gets it now, the
            // others discard it by its number.
            switch last.item {
            case .message(let message):
                for slave in peers.dropFirst() { context.send(.msg(seq: last.seq, message), to: slave) }
            case .view(let view):
                for slave in peers.dropFirst() { context.send(.view(seq: last.seq, view), to: slave) }
            case .gap:
                break
            }
        }
        context.observe(.becameLeader(view: next))
        newView(peers, &context)
    }

    /// gms4 slave: answers a takeover from the peer that is now first in its list
    /// (which implies it has seen the old leader's failure notice, and so every
    /// message the old leader sent it); defers one that comes earlier.
    mutating func receiveTakeover(from candidate: NodeID, seq: Int, _ context: inout NodeContext<GroupMember>) {
        guard version.recoversLostMessages else { return }
        if role == .joining {
            // Not a member yet as far as we know: nothing delivered; join through the candidate.
            context.send(.catchUp(next: next, items: [], member: false, life: incarnation), to: candidate)
            contacts = [candidate] + contacts.filter { $0 != candidate }
            return
        }
        guard role == .slave else { return }
        if peers.first == candidate { answerTakeover(from: candidate, seq: seq, &context) }
        else { deferredTakeover = (candidate, seq) }
    }

    mutating func answerTakeover(from candidate: NodeID, seq: Int, _ context: inout NodeContext<GroupMember>) {
        var items: [NumberedItem] = []
        var position = max(seq, historyBase)
        while position < next, let item = item(position) {
            items.append(NumberedItem(seq: position, item: item))
            position += 1
        }
        context.send(.catchUp(next: next, items: items, member: true, life: incarnation), to: candidate)
    }

    /// gms4 candidate: merges a node's items. The candidate leads at its next retry
    /// tick after every live node it knows answered, which leaves members it did not
    /// know of the time to announce themselves.
    /// `member` is the answering node's life when it is a member, nil for a joiner.
    mutating func receiveCatchUp(_ items: [NumberedItem], member: Int?, from node: NodeID,
                                 _ context: inout NodeContext<GroupMember>) {
        guard role == .candidate else { return }
        for numbered in items where numbered.seq >= next { collected[numbered.seq] = numbered.item }
        if let life = member, !joinedDuringTakeover.contains(where: { $0.node == node }) {
            joinedDuringTakeover.append(Member(node: node, life: life))
        }
        if !knownNodes.contains(node) { knownNodes.append(node) }
        awaiting.removeAll { $0 == node }
    }

    /// gms4: applies what the live nodes had beyond our own stream, in order; a
    /// position that no live node has is recorded as a gap (whoever delivered it
    /// is dead); then leads, with a new view of every live member, numbered after
    /// everything any of them delivered.
    mutating func finishTakeover(_ context: inout NodeContext<GroupMember>) {
        role = .slave
        // Items that reached us directly since they were collected are already applied.
        for seq in collected.keys.sorted() where seq >= next {
            while next < seq {
                record(.gap, seq: next)
                context.observe(.skipped(seq: next))
                next += 1
            }
            apply(collected[seq]!, seq: seq, &context)
        }
        collected = [:]
        role = .leader
        for member in joinedDuringTakeover where !peers.contains(member.node) {
            peers.append(member.node)
            lives[member.node] = member.life
        }
        joinedDuringTakeover = []
        acknowledged = [:]
        peers = [id] + peers.filter { $0 != id && !failed.contains(Member(node: $0, life: lives[$0] ?? 0)) }
        context.observe(.becameLeader(view: next))
        newView(peers, &context)
        context.setTimer(.sync, after: Self.syncTicks)
        // Own multicasts still pending are now ours to number.
        let pending = pendingOwn
        for message in pending { leaderMulticast(message, &context) }
    }
}
