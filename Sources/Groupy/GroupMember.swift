import PropCheckEngine
import PropCheckSimulator

/// A Groupy member: a worker and its group process (leader or slave; the worker
/// cannot tell which), running the GMS version it is built with (``GMSVersion``).
///
/// Multicasts go to the leader, which numbers them, sends them to the slaves in list
/// order, then delivers to its own worker. A join request may reach any member and
/// is forwarded to the leader, which appends the newcomer and multicasts the new
/// view. Election: the first peer in the list. Each version's fault handling is
/// described on ``GMSVersion``.
public struct GroupMember: SimulatedNode {
    public typealias Parameters = GMSVersion

    public typealias Message = GMSMessage
    public typealias Observation = GMSObservation
    /// Nothing survives a crash: a restarted node joins again as a new member.
    public typealias Durable = Never
    /// A client request is a colour change the worker multicasts.
    public typealias Request = Int

    /// The group process's timers (gms4 only).
    public enum Timer: String, Hashable, Sendable, CustomStringConvertible {
        /// Resend what is unacknowledged: join, own multicasts, NACKs, takeover.
        case retry
        /// The leader's heartbeat, which lets slaves notice a lost last message.
        case sync
        public var description: String { rawValue }
    }

    /// The group process's role.
    public enum Role: Hashable, Sendable {
        case joining, slave, leader
        /// gms4: the first peer after a leader failure, collecting what slaves delivered.
        case candidate
    }

    /// The request the liveness probe sends: a change of 0, which the schedule
    /// generator never makes (it draws 1 to 20).
    public static var probeRequest: Int { 0 }

    /// Multicasts are colour changes from 1 to 20.
    public static var requestGenerator: Gen<Int> { Gen<Int>.int(in: 1...20) }

    /// Items kept for NACKs and takeovers (gms4).
    static var historyLimit: Int { 4096 }
    static var retryTicks: Int { 30 }
    static var syncTicks: Int { 25 }
    /// Timer rounds a joiner waits for the group's state before asking again: answers
    /// wait for stability (a heartbeat and its acknowledgements), so a few.
    static var stateRetryRounds: Int { 4 }

    /// This member.
    public let id: NodeID
    /// Which life of the node this is (the simulator's life number).
    public let incarnation: Int
    /// The GMS version this member runs.
    public let version: GMSVersion
    /// Leader, slave, joining or (gms4) candidate.
    public internal(set) var role: Role
    /// The group, leader first.
    public internal(set) var peers: [NodeID]
    /// The life of each peer, as the views said.
    var lives: [NodeID: Int] = [:]
    /// Stream number of the view installed last (0 for the founding view).
    public internal(set) var viewID = 0
    /// Slave: the next stream number expected; leader: the next one to assign.
    public internal(set) var next = 1
    /// The worker.
    public internal(set) var worker: Worker
    var contacts: [NodeID]
    /// gms3: the last item received from the leader, resent after a fail-over.
    var last: NumberedItem?
    /// gms4: the stream items this member has, from `historyBase` on.
    var history: [StreamItem] = []
    var historyBase = 1
    /// Lives of members known to have failed.
    var failed: Set<Member> = []
    /// Every node this member has heard of, and those it last heard had failed:
    /// a gms4 candidate asks all the others, members or not, what they have.
    var knownNodes: [NodeID]
    var down: Set<NodeID> = []
    var ownCount = 0
    /// gms4: own multicasts not yet seen back from the leader.
    var pendingOwn: [Multicast] = []
    /// Highest number delivered per sender (the leader's duplicate and order filter in gms4).
    var lastNumbered: [MulticastID: Int] = [:]
    /// gms4: a slave saw a later item than it expected.
    var gapSeen = false
    /// gms4 candidate: slaves whose catch-up is awaited, and what they sent.
    var awaiting: [NodeID] = []
    var collected: [Int: StreamItem] = [:]
    var joinedDuringTakeover: [Member] = []
    var takeoverRounds = 0
    /// gms4 slave: the next leader, until its first view arrives.
    var awaitedLeader: NodeID?
    /// Requests a joiner cannot serve yet (joins, multicasts), kept as an Erlang
    /// process keeps unmatched messages in its mailbox until it is a slave.
    var mailbox: [(message: GMSMessage, sender: NodeID)] = []
    /// Probe multicasts this member made, and those it delivered (the liveness probe).
    public internal(set) var probesSent: [MulticastID] = []
    public internal(set) var probesDelivered: Set<MulticastID> = []
    /// gms4 slave: a takeover that arrived before the old leader's failure notice.
    var deferredTakeover: (from: NodeID, seq: Int)?
    /// gms4: every member of a view has delivered every stream item below this position
    /// (the leader learns it from acknowledgements, a slave from the leader's heartbeat).
    var stableNext = 1
    /// gms4 leader: how far each slave acknowledged it has delivered.
    var acknowledged: [NodeID: Int] = [:]
    /// gms4: state answers held until every item they include is stable: the stream
    /// position of the request each answers, and the answer.
    var heldAnswers: [(position: Int, answer: WorkerMessage)] = []
    /// gms4 slave: the position a NACK already asked from since the last retry tick.
    var nackedFrom = 0
    /// gms4: timer rounds its worker has waited for an answer to its state request.
    var stateWaitRounds = 0

    /// A member running `version`, at first start, at a join, or at a restart (which
    /// keeps nothing: Groupy has no durable state).
    public init(id: NodeID, cluster: ClusterInfo, durable: Never?, parameters version: GMSVersion) {
        self.id = id
        self.version = version
        incarnation = cluster.life
        knownNodes = cluster.nodes
        if cluster.isRestart || cluster.contact != nil {
            contacts = (cluster.contact.map { [$0] } ?? []) + cluster.nodes.filter { $0 != id && $0 != cluster.contact }
        } else {
            contacts = []
        }
        if cluster.isRestart && cluster.contact == nil {
            // Nobody is up: found a new group alone.
            role = .leader
            peers = [id]
            lives[id] = incarnation
            worker = Worker(ready: true)
        } else if !contacts.isEmpty {
            role = .joining
            peers = []
            worker = Worker(ready: false)
        } else {
            // A founding member: the initial group is formed, n1 leads.
            peers = cluster.initialMembers
            for member in peers { lives[member] = 0 }
            role = peers.first == id ? .leader : .slave
            worker = Worker(ready: true)
        }
    }

    public mutating func start(_ context: inout NodeContext<GroupMember>) {
        switch role {
        case .joining:
            context.send(.join(joiner: id, incarnation: incarnation), to: contacts[0])
            // Every version's worker asks again when no view comes (Groupy's worker gets
            // "no reply from leader" and is started again); only gms4 retries anything else.
            context.setTimer(.retry, after: Self.retryTicks)
        case .leader:
            context.observe(.becameLeader(view: viewID))
            context.observe(.installedView(view: viewID, members: peers))
            if version.recoversLostMessages { context.setTimer(.sync, after: Self.syncTicks) }
        case .slave, .candidate:
            context.observe(.installedView(view: viewID, members: peers))
        }
    }

    // MARK: - Inputs

    public mutating func request(_ change: Int, _ context: inout NodeContext<GroupMember>) {
        guard role != .joining || version.recoversLostMessages else { return }
        multicast(.change(change), &context)
    }

    public mutating func receive(_ message: GMSMessage, from sender: NodeID, _ context: inout NodeContext<GroupMember>) {
        if version.recoversLostMessages {
            if !knownNodes.contains(sender) { knownNodes.append(sender) }
            down.remove(sender)
            // Even a view we cannot install yet (it comes after a gap) names members a
            // future takeover must ask.
            if case .view(_, let view) = message {
                for member in view.members where !knownNodes.contains(member) { knownNodes.append(member) }
            }
        }
        if role == .joining {
            switch message {
            case .join:
                mailbox.append((message, sender))
                return
            default: break
            }
        }
        switch message {
        case .mcast(let multicast, let leaderLife):
            // Meant for an earlier life of this node: that process is dead.
            guard leaderLife == incarnation else { return }
            if role == .leader { leaderMulticast(multicast, &context) }
            else if role == .slave, let leader = peers.first, leader != id {
                context.send(.mcast(multicast, leaderLife: lives[leader] ?? 0), to: leader)
            }
        case .msg(let seq, let multicast):
            if role != .leader { slaveReceive(seq, .message(multicast), from: sender, &context) }
        case .view(let seq, let view):
            if role != .leader { slaveReceive(seq, .view(view), from: sender, &context) }
        case .join(let joiner, let life):
            if role == .leader { admit(joiner, life: life, &context) }
            else if role == .slave, let leader = peers.first, leader != id { context.send(message, to: leader) }

        case .nack(let from):
            if role == .leader { resend(from: from, to: sender, &context) }
        case .sync(let leaderNext, let stable):
            if role == .slave { receiveSync(next: leaderNext, stable: stable, from: sender, &context) }
        case .ack(let slaveNext, let life):
            if role == .leader { receiveAck(next: slaveNext, life: life, from: sender, &context) }
        case .takeover(let from):
            receiveTakeover(from: sender, seq: from, &context)
        case .catchUp(_, let items, let member, let life):
            receiveCatchUp(items, member: member ? life : nil, from: sender, &context)
        case .skip(let seq):
            if role == .slave { slaveReceive(seq, .gap, from: sender, &context) }
        }
    }

    public mutating func timerFired(_ timer: Timer, _ context: inout NodeContext<GroupMember>) {
        switch timer {
        case .sync:
            guard role == .leader else { return }
            for slave in peers.dropFirst() { context.send(.sync(next: next, stable: stableNext), to: slave) }
            context.setTimer(.sync, after: Self.syncTicks)
            // A joiner that took over before its state came is a leader still waiting for it.
            askForStateAgainIfUnanswered(&context)
        case .retry:
            retry(&context)
        }
    }

    public mutating func peerFailed(_ peer: NodeID, life: Int, _ context: inout NodeContext<GroupMember>) {
        guard version.detectsFailures, failed.insert(Member(node: peer, life: life)).inserted else { return }
        down.insert(peer)
        // A notice about an earlier life of a node that has since joined again is old news.
        if let known = lives[peer], known != life { return }
        handleFailure(of: peer, &context)
    }

    // MARK: - The worker side

    /// The worker multicasts `body`: through the leader, or directly when leading.
    @discardableResult
    mutating func multicast(_ body: WorkerMessage, _ context: inout NodeContext<GroupMember>) -> MulticastID {
        ownCount += 1
        let message = Multicast(id: MulticastID(origin: id, incarnation: incarnation, number: ownCount), body: body)
        context.observe(.multicast(message))
        if case .change(Self.probeRequest) = body { probesSent.append(message.id) }
        if version.recoversLostMessages {
            pendingOwn.append(message)
            armRetry(&context)
        }
        switch role {
        case .leader: leaderMulticast(message, &context)
        case .slave:
            if let leader = peers.first { context.send(.mcast(message, leaderLife: lives[leader] ?? 0), to: leader) }
        case .joining, .candidate: break  // gms4 retries once there is a leader
        }
        return message.id
    }

    /// The worker asks the group for its state. It learns its request's identity first:
    /// a leader delivers its own multicast before `multicast` returns.
    mutating func requestState(_ context: inout NodeContext<GroupMember>) {
        worker.requested(MulticastID(origin: id, incarnation: incarnation, number: ownCount + 1))
        multicast(.stateRequest, &context)
    }

    /// Hands a multicast in stream position `seq` to the worker.
    mutating func deliver(_ message: Multicast, seq: Int, _ context: inout NodeContext<GroupMember>) {
        lastNumbered[message.id.withNumber(0), default: 0] = max(lastNumbered[message.id.withNumber(0), default: 0], message.id.number)
        pendingOwn.removeAll { $0.id == message.id }
        if case .change(Self.probeRequest) = message.body { probesDelivered.insert(message.id) }
        context.observe(.delivered(view: viewID, seq: seq, message))
        let wasReady = worker.isReady
        if let answer = worker.deliver(message, applied: lastNumbered) { answerWhenStable(answer, request: seq, &context) }
        if !wasReady && worker.isReady { context.observe(.workerReady(worker.color)) }
    }

    /// Installs a view received from the leader (or made as the new leader), leaving
    /// out members whose life we know to have failed.
    mutating func install(_ view: GroupView, seq: Int, _ context: inout NodeContext<GroupMember>) {
        let joining = role == .joining
        lives = [:]
        for (member, life) in zip(view.members, view.lives) {
            lives[member] = life
            if !knownNodes.contains(member) { knownNodes.append(member) }
            // A member we learn of from a view may have died before we were told of it.
            if member != id && version.detectsFailures { context.monitor(member, life: life) }
        }
        peers = view.members.filter { $0 == id || !failed.contains(Member(node: $0, life: lives[$0]!)) }
        viewID = seq
        if role == .joining { role = .slave }
        if view.members.first == awaitedLeader { awaitedLeader = nil }
        context.observe(.installedView(view: seq, members: view.members))
        if joining {
            // The worker asks the group for its state, through the group.
            requestState(&context)
            let waiting = mailbox
            mailbox = []
            for (message, sender) in waiting { receive(message, from: sender, &context) }
        }
        if let deferred = deferredTakeover, peers.first == deferred.from {
            deferredTakeover = nil
            answerTakeover(from: deferred.from, seq: deferred.seq, &context)
        }
    }

    /// Remembers a stream item (gms4 history, gms3 last message).
    mutating func record(_ item: StreamItem, seq: Int) {
        if version.resendsLast { last = NumberedItem(seq: seq, item: item) }
        guard version.recoversLostMessages else { return }
        if history.isEmpty { historyBase = seq }
        guard seq == historyBase + history.count else { return }
        history.append(item)
        if history.count > Self.historyLimit {
            history.removeFirst(history.count - Self.historyLimit)
            historyBase = seq + 1 - history.count
        }
    }

    func item(_ seq: Int) -> StreamItem? {
        seq >= historyBase && seq < historyBase + history.count ? history[seq - historyBase] : nil
    }

    /// Own multicasts not yet delivered back to this member's worker.
    public var undeliveredOwnMulticasts: Int {
        ownCount - lastNumbered[MulticastID(origin: id, incarnation: incarnation, number: 0), default: 0]
    }

    mutating func armRetry(_ context: inout NodeContext<GroupMember>) {
        if version.recoversLostMessages { context.setTimer(.retry, after: Self.retryTicks) }
    }
}

/// One life of a node: what a failure notice names.
struct Member: Hashable, Sendable {
    var node: NodeID
    var life: Int
}

extension MulticastID {
    /// The sender's identity with another number: the key of per-sender tables.
    func withNumber(_ number: Int) -> MulticastID {
        MulticastID(origin: origin, incarnation: incarnation, number: number)
    }
}

extension GroupMember: StateSummary {
    /// `leader · view 3 [n1,n2,n3] · next 5 · worker (12,3,4)`.
    public var stateSummary: String {
        "\(role) · view \(viewID) [\(peers.map(\.description).joined(separator: ","))] · next \(next) · worker \(worker.color)"
    }
}
