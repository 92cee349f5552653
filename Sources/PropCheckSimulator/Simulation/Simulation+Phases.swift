import PropCheckEngine

// The phases of a run: the schedule, then the heal phase (network healed, crashed
// nodes restarted, the liveness goal required), then the final checks.

extension Simulation {
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
        statistics.traceEvents = eventIndex
        return violation
    }

    /// Restarts crashed nodes (unless told not to), heals the network and stops loss,
    /// then runs until the liveness goal holds (and has held for `goalHoldTicks`), the
    /// heal time runs out, or the step budget does.
    @inlinable func heal() {
        healStart = now
        emit(.network, .phase("heal"))
        misbehaviourAllowed = false
        if network.isPartitioned { network.heal(); emit(.network, .network("heal")) }
        releaseHeld()
        network.lossPercent = 0
        network.duplicationPercent = 0
        network.maxExtraDelayTicks = 0
        network.maxLongDelayTicks = 0
        // Crashed nodes come back once the survivors have been told of every crash: a
        // node restarted at the instant of its crash would otherwise be mistaken for
        // the life that just died (it has the same name).
        if configuration.heal.restartsCrashedNodes {
            let noticesPending = { self.queue.contains { if case .notice = $0 { true } else { false } } }
            if noticesPending() { runUntil(now + configuration.healTicks) { !noticesPending() } }
            for index in slots.indices where slots[index].started && !slots[index].up {
                restartNode(NodeID(index + 1))
            }
        }
        // A pause that outlasts the faults ends on its own: the heal time starts once the
        // last paused node has resumed.
        let healFrom = max(now, slots.reduce(0) { max($0, $1.up ? $1.pausedUntil : 0) })
        guard let goal = configuration.liveness else {
            runUntil(healFrom + configuration.healTicks, goal: nil)
            if violation == nil && steps >= maxEvents { stop(budgetViolation("in the heal phase")) }
            return
        }
        let view = self.view
        let deadline = healFrom + configuration.healTicks
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
        // A goal kept only to end the phase (another property is checked alone) reports nothing.
        guard goal.isChecked else { return }
        let hold = configuration.heal.goalHoldTicks
        if violation == nil, hold > 0, goal.isMet(view) {
            // It must keep holding: judged at every instant until the hold is over.
            let heldSince = now
            runUntil(now + hold) { !goal.isMet(view) }
            if violation == nil, !goal.isMet(view) {
                stop(Violation(property: goal.property, kind: .liveness,
                               message: "after healing, the goal held from t=\(heldSince) but no longer at t=\(now), "
                                + "within the \(hold) ticks it must keep holding: \(goal.description)"
                                + (goal.unmet.map { "; unmet: " + $0(view) } ?? "") + "; \(pendingSummary())",
                               eventIndex: eventIndex, time: now))
                return
            }
        }
        guard violation == nil, !goal.isMet(view) else { return }
        let reason = steps >= maxEvents
            ? "the step budget of \(maxEvents) queued events (deliveries, timers, notices) ran out"
            : "\(configuration.healTicks) ticks passed"
        stop(Violation(property: goal.property, kind: .liveness,
                              message: "after healing, \(reason) without: \(goal.description)"
                                + (goal.unmet.map { "; unmet: " + $0(view) } ?? "") + "; \(pendingSummary())",
                              eventIndex: eventIndex, time: now))
    }

    /// Processes queued events up to `deadline` (then sets the clock to it), stopping
    /// early at a violation, when the step budget runs out, when a shrink abandons the
    /// case (``ChoiceSource/abandoned``: it can no longer beat the best), or once `goal` holds. The
    /// goal is judged when virtual time is about to move on, after every event of an
    /// instant: goals can be costly, and an instant's events belong together.
    @inlinable func runUntil(_ deadline: Int, goal: (() -> Bool)?) {
        while !stopped, steps < maxEvents, !source.abandoned {
            guard let time = queue.nextTime, time <= deadline else {
                now = max(now, deadline)
                return
            }
            let (at, _, payload) = queue.pop()!
            now = at
            steps += 1
            process(payload)
            if let goal, queue.nextTime != now, goal() { return }
        }
    }

    @inlinable func budgetViolation(_ when: String) -> Violation {
        Violation(property: "step-budget", kind: .liveness,
                  message: "the step budget of \(maxEvents) queued events (deliveries, timers, notices) ran out \(when) "
                    + "(trace events, which count sends and observations too, reached \(eventIndex)); \(pendingSummary())",
                  eventIndex: eventIndex, time: now)
    }

    /// What was still pending, for liveness reports: the harness never hangs, it says
    /// what it was waiting for.
    @inlinable func pendingSummary() -> String {
        var messages = 0, timers = 0, notices = 0, requests = 0
        let pending = queue.ordered()
        for entry in pending {
            switch entry.payload {
            case .deliver: messages += 1
            case .timer: timers += 1
            case .notice: notices += 1
            case .request: requests += 1
            case .resume: break
            }
        }
        let next = pending.prefix(3).map { entry -> String in
            switch entry.payload {
            case .deliver(let from, let to, _, let id, let message): "t=\(entry.time) deliver #\(id) \(message) \(from)->\(to)"
            case .timer(let node, _, let timer, _): "t=\(entry.time) timer \(timer) at \(node)"
            case .notice(let to, _, let peer, _): "t=\(entry.time) notice to \(to): \(peer) failed"
            case .request(let node, _, let request): "t=\(entry.time) request \(request) to paused \(node)"
            case .resume(let node, _): "t=\(entry.time) \(node) resumes"
            }
        }
        let up = slots.indices.filter { slots[$0].up }.map { "n\($0 + 1)" }.joined(separator: " ")
        return "pending: \(messages) messages, \(timers) timers, \(notices) notices"
            + (requests > 0 ? ", \(requests) requests to paused nodes" : "")
            + (next.isEmpty ? "" : " (next: \(next.joined(separator: "; ")))") + "; up: \(up)"
    }
}
