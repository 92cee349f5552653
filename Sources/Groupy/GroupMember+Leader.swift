import PropCheckSimulator

// MARK: - Leader

extension GroupMember {
    /// Numbers a multicast, sends it to the slaves in list order, then delivers it to
    /// the own worker. From gms2 on, the leader may die between two sends (Groupy's
    /// `crash()` inside `bcast`): some slaves then have the message and others not.
    mutating func leaderMulticast(_ message: Multicast, _ context: inout NodeContext<GroupMember>) {
        if version.recoversLostMessages {
            // Number each sender's multicasts once and in order: retries and duplicates are dropped.
            let key = message.id.withNumber(0)
            guard message.id.number == lastNumbered[key, default: 0] + 1 else { return }
        }
        let seq = next
        next += 1
        record(.message(message), seq: seq)
        guard broadcast(.msg(seq: seq, message), &context) else { return }
        deliver(message, seq: seq, &context)
    }

    /// Admits life `life` of `joiner`: appends it (replacing an earlier life of the
    /// same node) and multicasts the new view. gms4 answers a repeated request with
    /// the current view.
    mutating func admit(_ joiner: NodeID, life: Int, _ context: inout NodeContext<GroupMember>) {
        // A request from a life that has died, or from an earlier life than the member
        // we know, arrived late: nobody is waiting for its answer.
        if failed.contains(Member(node: joiner, life: life)) { return }
        if let known = lives[joiner], known > life { return }
        if lives[joiner] == life, peers.contains(joiner) {
            // A repeated request from a member: its view went missing (the leader that
            // admitted it died mid-multicast, or a message was lost). Send it the current one.
            context.send(.view(seq: viewID, currentView), to: joiner)
            return
        }
        lives[joiner] = life
        acknowledged[joiner] = nil
        newView(peers.filter { $0 != joiner } + [joiner], &context)
    }

    /// The current members with their lives.
    var currentView: GroupView { GroupView(members: peers, lives: peers.map { lives[$0] ?? 0 }) }

    /// Multicasts a view change as the next stream item and installs it.
    mutating func newView(_ members: [NodeID], _ context: inout NodeContext<GroupMember>) {
        let seq = next
        next += 1
        peers = members
        let view = currentView
        record(.view(view), seq: seq)
        viewID = seq
        guard broadcast(.view(seq: seq, view), &context) else { return }
        context.observe(.installedView(view: seq, members: members))
        // A slave that left may have been the one holding the stable position back.
        updateStability(&context)
    }

    /// Sends `message` to every slave in list order; false when the leader died mid-way.
    mutating func broadcast(_ message: GMSMessage, _ context: inout NodeContext<GroupMember>) -> Bool {
        for slave in peers.dropFirst() {
            context.send(message, to: slave)
            if version.detectsFailures && context.misbehave(oneIn: 100) {
                context.halt()
                return false
            }
        }
        return true
    }

    /// gms4: answers a NACK with the stream from `from` on (as far as history reaches).
    mutating func resend(from: Int, to slave: NodeID, _ context: inout NodeContext<GroupMember>) {
        var seq = max(from, historyBase)
        while seq < next, seq < from + 64, let item = item(seq) {
            switch item {
            case .message(let message): context.send(.msg(seq: seq, message), to: slave)
            case .view(let view): context.send(.view(seq: seq, view), to: slave)
            case .gap: context.send(.skip(seq: seq), to: slave)
            }
            seq += 1
        }
    }
}
