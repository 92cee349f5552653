import PropCheckEngine

/// One run: the cluster, the network, the event queue and the checkers, driven by a
/// schedule and a choice source. Every decision the run makes (message fates,
/// delays, clock rates, nodes' random numbers) is drawn from the source, and ties
/// in the queue break by insertion order, so the same choices give the same run.
@usableFromInline
final class Simulation<Node: SimulatedNode> {
    /// A node's bookkeeping, all trivial values: the hot path reads these on every
    /// event, and a slot that also held the node's state was copied whole to read one.
    @usableFromInline
    struct Slot {
        /// True while the node runs (its state is in `states`).
        @usableFromInline var up = false
        @usableFromInline var incarnation = 0
        @usableFromInline var started = false
        @usableFromInline var clockRatePercent = 100
        @inlinable init() {}
    }

    @usableFromInline
    enum Pending {
        case deliver(from: NodeID, to: NodeID, incarnation: Int, id: Int, message: Node.Message)
        case timer(NodeID, incarnation: Int, Node.Timer, generation: UInt32)
        case notice(to: NodeID, incarnation: Int, peer: NodeID, life: Int)
    }

    // The hot stored properties skip dynamic exclusivity checks (a third of the time per
    // event otherwise): a run is single-threaded, and no access to them overlaps another.
    @usableFromInline @exclusivity(unchecked) var slots: [Slot]
    /// Each node's volatile state while it is up, by `NodeID.index`.
    @usableFromInline @exclusivity(unchecked) var states: [Node?]
    /// What each node last persisted.
    @usableFromInline @exclusivity(unchecked) var durables: [Node.Durable?]
    /// The generation of each node's armed timers: a timer event fires only if its
    /// generation is still current (re-arming or cancelling moves it on).
    @usableFromInline @exclusivity(unchecked) var timerGenerations: [[Node.Timer: UInt32]]
    @usableFromInline @exclusivity(unchecked) var now = 0
    @usableFromInline @exclusivity(unchecked) var queue = EventQueue<Pending>()
    @usableFromInline @exclusivity(unchecked) var network: Network
    @usableFromInline let configuration: SimulationConfiguration<Node>
    /// `configuration.maxEvents`, read once: reading it through the generic
    /// configuration on every event costs an outlined copy.
    @usableFromInline let maxEvents: Int
    /// Nodes may misbehave (BUGGIFY) while crashes are on, until the heal phase.
    @usableFromInline var misbehaviourAllowed: Bool
    /// True once a checker found a violation (cheaper to test than the optional).
    @usableFromInline @exclusivity(unchecked) var stopped = false
    @usableFromInline let options: SwarmOptions
    @usableFromInline let source: ChoiceSource
    @usableFromInline let info: ClusterInfo
    @usableFromInline @exclusivity(unchecked) var checkers: [any Checker<Node>]
    /// What each checker reads, and what any of them reads: most events need no call.
    @usableFromInline let checkerReads: [EventCategories]
    @usableFromInline let anyCheckerReads: EventCategories
    @usableFromInline @exclusivity(unchecked) var trace: [TraceEvent<Node>]?
    @usableFromInline @exclusivity(unchecked) var eventIndex = 0
    @usableFromInline @exclusivity(unchecked) var steps = 0
    @usableFromInline @exclusivity(unchecked) var violation: Violation?
    @usableFromInline @exclusivity(unchecked) var statistics = RunStatistics()
    @usableFromInline @exclusivity(unchecked) var nextMessageID = 1
    @usableFromInline @exclusivity(unchecked) var effectBuffer: [Effect<Node>] = []

    @usableFromInline
    init(configuration: SimulationConfiguration<Node>, options: SwarmOptions, capacity: Int,
         source: ChoiceSource, recordTrace: Bool) {
        self.configuration = configuration
        self.maxEvents = configuration.maxEvents
        self.misbehaviourAllowed = options.crashes
        self.options = options
        self.source = source
        self.slots = Array(repeating: Slot(), count: capacity)
        self.states = Array(repeating: nil, count: capacity)
        self.durables = Array(repeating: nil, count: capacity)
        self.timerGenerations = Array(repeating: [:], count: capacity)
        self.network = Network(capacity: capacity, topology: configuration.topology)
        self.info = ClusterInfo(initialMembers: (1...configuration.nodes).map { NodeID($0) })
        self.checkers = configuration.checkers()
        self.checkerReads = checkers.map(\.reads)
        self.anyCheckerReads = checkerReads.reduce([]) { $0.union($1) }
        self.trace = recordTrace ? [] : nil
        network.lossPercent = options.lossPercent
        network.duplicationPercent = options.duplicationPercent
        network.maxExtraDelayTicks = options.maxExtraDelayTicks
    }

    @inlinable var view: ClusterView<Node> { ClusterView(simulation: self) }

    // MARK: - Phases

    /// Runs the schedule, then the heal phase, then the final checks.
    @inlinable
    func run(_ schedule: Schedule<Node.Request>) -> Violation? {
        // Every initial node exists before any of them runs: a start handler may
        // already send to a peer numbered after it.
        for node in info.initialMembers { createNode(node, cluster: info) }
        for node in info.initialMembers { withNode(node) { $0.start(&$1) } }
        for (number, step) in schedule.steps.enumerated() where violation == nil {
            apply(step)
            if violation == nil && steps >= maxEvents {
                stop(budgetViolation("during step \(number + 1) of the schedule (\(step))"))
            }
        }
        if violation == nil { heal() }
        if violation == nil {
            for index in checkers.indices {
                if var found = checkers[index].finish(view) {
                    found.eventIndex = eventIndex
                    found.time = now
                    stop(found)
                    break
                }
            }
        }
        statistics.endTime = now
        return violation
    }

    /// Restarts crashed nodes, heals the network and stops loss, then runs until the
    /// liveness goal holds, the heal time runs out, or the step budget does.
    @inlinable func heal() {
        emit(.network, .phase("heal"))
        misbehaviourAllowed = false
        if network.isPartitioned { network.heal(); emit(.network, .network("heal")) }
        network.lossPercent = 0
        network.duplicationPercent = 0
        network.maxExtraDelayTicks = 0
        // Crashed nodes come back once the survivors have been told of every crash: a
        // node restarted at the instant of its crash would otherwise be mistaken for
        // the life that just died (it has the same name).
        let noticesPending = { self.queue.contains { if case .notice = $0 { true } else { false } } }
        if noticesPending() { runUntil(now + configuration.healTicks) { !noticesPending() } }
        for index in slots.indices where slots[index].started && !slots[index].up {
            restartNode(NodeID(index + 1))
        }
        guard let goal = configuration.liveness else {
            runUntil(now + configuration.healTicks, goal: nil)
            if violation == nil && steps >= maxEvents { stop(budgetViolation("in the heal phase")) }
            return
        }
        let view = self.view
        let deadline = now + configuration.healTicks
        if !goal.isMet(view) { runUntil(deadline) { goal.isMet(view) } }
        if violation == nil, goal.isMet(view), let probe = goal.probe {
            // Once the cluster has settled, the probes: client requests that must now
            // get through (a multicast from every live member, say).
            for (node, request) in probe(view) where slots[node.index].up {
                emit(.requests, .request(node, request))
                withNode(node) { $0.request(request, &$1) }
            }
            if !goal.isMet(view) { runUntil(deadline) { goal.isMet(view) } }
        }
        guard violation == nil, !goal.isMet(view) else { return }
        let reason = steps >= maxEvents
            ? "the step budget of \(configuration.maxEvents) events ran out"
            : "\(configuration.healTicks) ticks passed"
        stop(Violation(property: goal.property, kind: .liveness,
                              message: "after healing, \(reason) without: \(goal.description)"
                                + (goal.unmet.map { "; unmet: " + $0(view) } ?? "") + "; \(pendingSummary())",
                              eventIndex: eventIndex, time: now))
    }

    /// Processes queued events up to `deadline` (then sets the clock to it), stopping
    /// early at a violation, when the step budget runs out, or once `goal` holds. The
    /// goal is judged when virtual time is about to move on, after every event of an
    /// instant: goals can be costly, and an instant's events belong together.
    @inlinable func runUntil(_ deadline: Int, goal: (() -> Bool)?) {
        while !stopped, steps < maxEvents {
            guard let time = queue.nextTime, time <= deadline else {
                now = max(now, deadline)
                return
            }
            let entry = queue.pop()!
            now = entry.time
            steps += 1
            process(entry.payload)
            if let goal, queue.nextTime != now, goal() { return }
        }
    }

    @inlinable func budgetViolation(_ when: String) -> Violation {
        Violation(property: "step-budget", kind: .liveness,
                  message: "the step budget of \(configuration.maxEvents) events ran out \(when); \(pendingSummary())",
                  eventIndex: eventIndex, time: now)
    }

    /// What was still pending, for liveness reports: the harness never hangs, it says
    /// what it was waiting for.
    @inlinable func pendingSummary() -> String {
        var messages = 0, timers = 0, notices = 0
        let pending = queue.ordered()
        for entry in pending {
            switch entry.payload {
            case .deliver: messages += 1
            case .timer: timers += 1
            case .notice: notices += 1
            }
        }
        let next = pending.prefix(3).map { entry -> String in
            switch entry.payload {
            case .deliver(let from, let to, _, let id, let message): "t=\(entry.time) deliver #\(id) \(message) \(from)->\(to)"
            case .timer(let node, _, let timer, _): "t=\(entry.time) timer \(timer) at \(node)"
            case .notice(let to, _, let peer, _): "t=\(entry.time) notice to \(to): \(peer) failed"
            }
        }
        let up = slots.indices.filter { slots[$0].up }.map { "n\($0 + 1)" }.joined(separator: " ")
        return "pending: \(messages) messages, \(timers) timers, \(notices) notices"
            + (next.isEmpty ? "" : " (next: \(next.joined(separator: "; ")))") + "; up: \(up)"
    }

    // MARK: - Schedule steps

    @inlinable func apply(_ step: ScheduleStep<Node.Request>) {
        switch step {
        case .wait(let ticks):
            runUntil(now + ticks, goal: nil)
        case .request(let node, let request):
            guard slots[node.index].up else {
                emit(.network, .network("request \(request) to \(node) lost: node down"))
                return
            }
            emit(.requests, .request(node, request))
            withNode(node) { $0.request(request, &$1) }
        case .crash(let node):
            crashNode(node)
        case .restart(let node):
            restartNode(node)
        case .partition(let groups):
            statistics.partitions += 1
            let cut = network.partition(groups)
            emit(.network, .network(step.description))
            suspect(cut)
        case .bridge(_, let groups):
            statistics.partitions += 1
            let cut = network.partition(groups)
            emit(.network, .network(step.description))
            suspect(cut)
        case .cut(let from, let to):
            statistics.partitions += 1
            let cut = network.cut(from: from, to: to)
            emit(.network, .network(step.description))
            suspect(cut)
        case .heal:
            network.heal()
            emit(.network, .network("heal"))
        case .join(let contact):
            guard let free = slots.firstIndex(where: { !$0.started }) else { return }
            statistics.joins += 1
            slots[free].started = true
            startNode(NodeID(free + 1), cluster: ClusterInfo(initialMembers: info.initialMembers, contact: contact,
                                                             nodes: startedNodes))
        case .setLoss(let percent):
            network.lossPercent = percent
            emit(.network, .network(step.description))
        case .setDuplication(let percent):
            network.duplicationPercent = percent
            emit(.network, .network(step.description))
        }
    }

    // MARK: - Nodes

    @inlinable func startNode(_ node: NodeID, cluster: ClusterInfo) {
        createNode(node, cluster: cluster)
        withNode(node) { $0.start(&$1) }
        noticeDeadPeers(to: node)
    }

    @inlinable func createNode(_ node: NodeID, cluster: ClusterInfo) {
        if options.clockSkew {
            source.startSpan("clock")
            let rate = (try? Gen<Int>.int(in: 50...200, shrinkingToward: 100).generate(from: source)) ?? 100
            source.endSpan()
            slots[node.index].clockRatePercent = rate
            if rate != 100 { statistics.skewedClocks += 1 }
        }
        slots[node.index].started = true
        states[node.index] = Node(id: node, cluster: cluster, durable: nil, parameters: configuration.parameters)
        slots[node.index].up = true
        if let contact = cluster.contact { emit(.lifecycle, .join(node, contact: contact)) } else { emit(.lifecycle, .start(node)) }
    }

    /// Every node started so far.
    @usableFromInline var startedNodes: [NodeID] { slots.indices.filter { slots[$0].started }.map { NodeID($0 + 1) } }

    @inlinable func crashNode(_ node: NodeID) {
        guard slots[node.index].up else { return }
        statistics.crashes += 1
        states[node.index] = nil
        slots[node.index].up = false
        slots[node.index].incarnation += 1
        timerGenerations[node.index].removeAll()
        emit(.lifecycle, .crash(node))
        // The failure detector's notice reaches each live peer after the last message
        // the crashed node sent it, as a monitor's 'DOWN' follows the process's messages.
        for index in slots.indices where slots[index].up {
            let peer = NodeID(index + 1)
            let link = node.index * network.capacity + peer.index
            let at = max(now, network.lastDelivery[link]) + network.latency(node, peer)
            queue.push(.notice(to: peer, incarnation: slots[index].incarnation, peer: node,
                               life: slots[node.index].incarnation - 1), at: at)
        }
    }

    @inlinable func restartNode(_ node: NodeID) {
        guard slots[node.index].started, !slots[node.index].up else { return }
        statistics.restarts += 1
        let contact = slots.indices.first { $0 != node.index && slots[$0].up }.map { NodeID($0 + 1) }
        let cluster = ClusterInfo(initialMembers: info.initialMembers, contact: contact, isRestart: true,
                                  life: slots[node.index].incarnation, nodes: startedNodes)
        states[node.index] = Node(id: node, cluster: cluster, durable: durables[node.index],
                                  parameters: configuration.parameters)
        slots[node.index].up = true
        emit(.lifecycle, .restart(node))
        withNode(node) { $0.start(&$1) }
        noticeDeadPeers(to: node)
    }

    /// Tells a node that has just started about every node that is down, as an
    /// Erlang monitor set on a dead process fires at once: a perfect failure
    /// detector reports every crash to every live node, late starters included.
    @inlinable func noticeDeadPeers(to node: NodeID) {
        for index in slots.indices where index != node.index && slots[index].started && !slots[index].up {
            queue.push(.notice(to: node, incarnation: slots[node.index].incarnation, peer: NodeID(index + 1),
                               life: slots[index].incarnation - 1), at: now + network.latency(NodeID(index + 1), node))
        }
    }

    @inlinable func suspect(_ links: [(from: NodeID, to: NodeID)]) {
        guard configuration.suspectOnPartition else { return }
        for (from, to) in links where slots[to.index].up {
            queue.push(.notice(to: to, incarnation: slots[to.index].incarnation, peer: from,
                               life: slots[from.index].incarnation), at: now + network.latency(from, to))
        }
    }

    /// Runs one handler of `node` and then interprets the effects it recorded.
    @inline(__always)
    @inlinable func withNode(_ node: NodeID, _ body: (inout Node, inout NodeContext<Node>) -> Void) {
        // Moving the state out of its slot keeps it uniquely referenced: no copy on write.
        guard var state = states[node.index].take() else { return }
        var context = NodeContext<Node>(id: node, effects: effectBuffer, source: source, mayMisbehave: misbehaviourAllowed)
        effectBuffer = []
        body(&state, &context)
        states[node.index] = state
        effectBuffer = context.recorded
        for effect in effectBuffer {
            switch effect {
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
            case .observe(let observation):
                statistics.observations += 1
                emit(.observations, .observe(node, observation))
            case .monitor(let peer, let life):
                if peer.index >= 0, peer.index < slots.count, slots[peer.index].started,
                   slots[peer.index].incarnation > life {
                    queue.push(.notice(to: node, incarnation: slots[node.index].incarnation, peer: peer, life: life),
                               at: now + network.latency(peer, node))
                }
            case .halt:
                // A node that halts takes no further effect.
                crashNode(node)
                effectBuffer.removeAll(keepingCapacity: true)
                return
            }
            if violation != nil { break }
        }
        effectBuffer.removeAll(keepingCapacity: true)
    }

    // MARK: - Network

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

    // MARK: - Events

    @inlinable func process(_ pending: Pending) {
        statistics.events += 1
        switch pending {
        case .deliver(let from, let to, let incarnation, let id, let message):
            guard slots[to.index].up, slots[to.index].incarnation == incarnation else {
                return lose(message, from: from, to: to, id: id, reason: "receiver down")
            }
            if network.isBlocked(from, to) { return lose(message, from: from, to: to, id: id, reason: "partition") }
            statistics.messagesDelivered += 1
            emit(.messages, .deliver(from: from, to: to, id: id, message))
            withNode(to) { $0.receive(message, from: from, &$1) }
        case .timer(let node, let incarnation, let timer, let generation):
            guard slots[node.index].up, slots[node.index].incarnation == incarnation,
                  timerGenerations[node.index][timer] == generation else { return }
            statistics.timersFired += 1
            emit(.timers, .timer(node, timer))
            withNode(node) { $0.timerFired(timer, &$1) }
        case .notice(let to, let incarnation, let peer, let life):
            guard slots[to.index].up, slots[to.index].incarnation == incarnation else { return }
            emit(.timers, .peerFailed(to, peer: peer))
            withNode(to) { $0.peerFailed(peer, life: life, &$1) }
        }
    }

    /// Ends the run with `found`.
    @usableFromInline
    func stop(_ found: Violation) {
        violation = found
        stopped = true
    }

    /// Records an event: into the trace when one is kept, and past every checker.
    /// With neither, only the index moves: no event value is built on the hot path.
    @inlinable
    func emit(_ category: EventCategories, _ kind: @autoclosure () -> TraceEvent<Node>.Kind) {
        let index = eventIndex
        eventIndex += 1
        let checking = !stopped && anyCheckerReads.contains(category)
        guard checking || trace != nil else { return }
        let event = TraceEvent<Node>(index: index, time: now, kind: kind())
        assert(event.kind.category == category, "event \(event.summary) emitted as \(category)")
        trace?.append(event)
        guard checking else { return }
        let view = self.view
        for position in checkers.indices where checkerReads[position].contains(category) {
            if var found = checkers[position].observe(event, in: view) {
                found.eventIndex = event.index
                found.time = event.time
                stop(found)
                return
            }
        }
    }
}
