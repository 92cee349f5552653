import PropCheckEngine

// Recording events: into the trace when one is kept, and past the checkers that
// read the event's category; the first violation stops the run.

extension Simulation {
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

    /// Lets the checkers that read state examine `node` after a handler; a violation is
    /// placed at the last event emitted (the handler's input or its last effect).
    @inlinable
    func checkState(of node: NodeID) {
        let view = self.view
        for position in checkers.indices where checkerReads[position].contains(.states) {
            if var found = checkers[position].stateChanged(node, in: view) {
                found.eventIndex = max(eventIndex - 1, 0)
                found.time = now
                stop(found)
                return
            }
        }
    }
}
