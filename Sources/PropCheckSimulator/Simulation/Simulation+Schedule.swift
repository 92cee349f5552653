import PropCheckEngine

// The schedule's steps, applied one at a time: waits, requests, crashes and
// restarts, partitions, joins, loss and duplication settings.

extension Simulation {
    @inlinable func apply(_ step: ScheduleStep<Node.Request>) {
        switch step {
        case .wait(let ticks):
            runUntil(now + ticks, goal: nil)
        case .request(let node, let request):
            guard slots[node.index].up else {
                emit(.network, .network("request \(request) to \(node) lost: node down"))
                return
            }
            if slots[node.index].pausedUntil > now {
                // A frozen process reads its input when it resumes.
                queue.push(.request(node, incarnation: slots[node.index].incarnation, request), at: slots[node.index].pausedUntil)
                return
            }
            emit(.requests, .request(node, request))
            withNode(node) { $0.request(request, &$1) }
        case .pause(let node, let ticks):
            pauseNode(node, ticks: ticks)
        case .hold(let groups):
            releaseHeld()
            statistics.partitions += 1
            let cut = network.partition(groups)
            network.holding = true
            emit(.network, .network(step.description))
            suspect(cut)
        case .crash(let node):
            crashNode(node)
        case .restart(let node):
            restartNode(node)
        case .partition(let groups):
            releaseHeld()
            statistics.partitions += 1
            let cut = network.partition(groups)
            emit(.network, .network(step.description))
            suspect(cut)
        case .bridge(_, let groups):
            releaseHeld()
            statistics.partitions += 1
            let cut = network.partition(groups)
            emit(.network, .network(step.description))
            suspect(cut)
        case .cut(let from, let to):
            releaseHeld()
            statistics.partitions += 1
            let cut = network.cut(from: from, to: to)
            emit(.network, .network(step.description))
            suspect(cut)
        case .heal:
            network.heal()
            emit(.network, .network("heal"))
            releaseHeld()
        case .join(let contact):
            guard let free = slots.firstIndex(where: { !$0.started }) else { return }
            statistics.joins += 1
            slots[free].started = true
            growBudget()
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
}
