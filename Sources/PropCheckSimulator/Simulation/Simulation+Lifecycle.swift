import PropCheckEngine

// The cluster's lifecycle: nodes start, crash (volatile state lost), restart from
// durable state and join; the failure detector's notices follow crashes (and, under
// `suspectOnPartition`, partitions).

extension Simulation {
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
        // Writes not yet synced are lost, as at a power loss; without storage faults a
        // write is as good as a sync.
        if let written = unsynced[node.index].take() {
            if options.storageFaults { statistics.writesLost += 1 } else { durables[node.index] = written }
        }
        states[node.index] = nil
        slots[node.index].up = false
        slots[node.index].pausedUntil = 0
        slots[node.index].incarnation += 1
        timerGenerations[node.index].removeAll()
        emit(.lifecycle, .crash(node))
        // The failure detector's notice reaches each live peer after the last message
        // the crashed node sent it, as a monitor's 'DOWN' follows the process's messages.
        for index in slots.indices where slots[index].up {
            let peer = NodeID(index + 1)
            queue.push(.notice(to: peer, incarnation: slots[index].incarnation, peer: node,
                               life: slots[node.index].incarnation - 1), at: noticeTime(from: node, to: peer))
        }
    }

    /// When the failure detector may tell `observer` that `dead` failed: after the last
    /// message `dead` sent it has landed, whenever the notice is asked for (at the crash,
    /// or by a monitor set later on a life already dead), so a perfect detector never
    /// reports a failure before a message the dead node sent.
    @inlinable func noticeTime(from dead: NodeID, to observer: NodeID) -> Int {
        max(now, network.lastDelivery[dead.index * network.capacity + observer.index]) + network.latency(dead, observer)
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
    /// (Nothing the dead node sent can still be on its way to this life: messages to
    /// an earlier life are dropped, and a first start had no messages sent to it.)
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

    /// Freezes `node` for `ticks`: its deliveries, timers, notices and requests wait
    /// until it resumes (see ``process(_:)``). Under `suspectOnPartition` its peers'
    /// failure detectors suspect it, as a real detector would a silent process.
    @inlinable func pauseNode(_ node: NodeID, ticks: Int) {
        guard slots[node.index].up else { return }
        statistics.pauses += 1
        anyPaused = true
        let until = max(slots[node.index].pausedUntil, now + ticks)
        slots[node.index].pausedUntil = until
        emit(.lifecycle, .pause(node, until: until))
        queue.push(.resume(node, incarnation: slots[node.index].incarnation), at: until)
        if configuration.suspectOnPartition {
            suspect(slots.indices.filter { $0 != node.index && slots[$0].up }.map { (from: node, to: NodeID($0 + 1)) })
        }
    }

    /// Grows the step budget with the square of the cluster's growth through joins, as
    /// ``SimulationConfiguration/resized(to:)`` does for a larger starting cluster: more
    /// members make more ordinary traffic, which must not read as a livelock. At most 4x,
    /// so a run stays within its choice limit.
    @inlinable func growBudget() {
        let started = slots.reduce(0) { $0 + ($1.started ? 1 : 0) }, initial = info.initialMembers.count
        guard started > initial, initial > 0 else { return }
        let growth = Double(started) / Double(initial)
        maxEvents = max(maxEvents, min(4 * configuration.maxEvents, Int(Double(configuration.maxEvents) * growth * growth)))
    }
}
