import PropCheckSimulator

extension ReportRun {
    /// A stretch of repeated, uneventful rounds that a report shows as one line
    /// ("23 rounds of heartbeat, append_reply …") until expanded.
    public struct Fold: Hashable, Sendable {
        /// The positions in ``ReportRun/events`` it covers.
        public var events: ClosedRange<Int>
        /// Rounds: the most times one sender sent one kind of message to one receiver.
        public var rounds: Int
        /// The line shown in place of the stretch.
        public var summary: String
    }

    /// The indices of timer events whose handler reported something (an election
    /// timeout that made a candidate, a deadline that decided): the timers a diagram
    /// draws, being causes. A timer that only sent (a heartbeat) is not drawn.
    public var eventfulTimers: Set<Int> {
        var timers = Set<Int>()
        for (position, event) in events.enumerated() {
            guard case .timer = event.kind, let node = event.node else { continue }
            // A handler's effects follow its trigger at the same node and tick.
            for effect in events[(position + 1)...] {
                guard effect.node == node, effect.time == event.time else { break }
                guard effect.kind.isEffect else { break }
                if effect.kind.isReport { timers.insert(event.index); break }
            }
        }
        return timers
    }

    /// Stretches of at least `minimumEvents` consecutive events in which only
    /// messages moved and timers fired whose handlers reported nothing, with at least
    /// `minimumRounds` rounds, outside `keep` (the violation's event and the events
    /// it names are never folded). Anything a node reports (an observation, the
    /// state a checker reads), a lifecycle or network change, a request or a client
    /// operation ends a stretch.
    public func folds(minimumEvents: Int = 16, minimumRounds: Int = 3, keeping keep: Set<Int> = []) -> [Fold] {
        let loudTimers = eventfulTimers
        var kept = keep
        if let violation { kept.insert(violation.eventIndex); kept.formUnion(violation.events) }
        func isQuiet(_ event: Event) -> Bool {
            guard !kept.contains(event.index) else { return false }
            switch event.kind {
            case .send, .deliver, .drop, .duplicate: return true
            case .timer: return !loudTimers.contains(event.index)
            default: return false
            }
        }
        var folds: [Fold] = []
        var start: Int?
        for position in 0...events.count {
            if position < events.count, isQuiet(events[position]) {
                if start == nil { start = position }
                continue
            }
            guard let first = start else { continue }
            start = nil
            if position - first >= minimumEvents, let fold = fold(first...(position - 1)), fold.rounds >= minimumRounds {
                folds.append(fold)
            }
        }
        return folds
    }

    /// The fold of `range`, with its summary; nil if nothing in it was sent or fired.
    func fold(_ range: ClosedRange<Int>) -> Fold? {
        struct Pattern: Hashable { var from: NodeID, to: NodeID, kind: String }
        var sends: [Pattern: Int] = [:]
        var kinds: [String] = [], nodes = Set<NodeID>()
        var timers = 0, lost = 0
        for event in events[range] {
            if let node = event.node { nodes.insert(node) }
            switch event.kind {
            case .send(let to, _, let kind, _):
                guard let from = event.node else { break }
                sends[Pattern(from: from, to: to, kind: kind), default: 0] += 1
                nodes.insert(to)
                if !kinds.contains(kind) { kinds.append(kind) }
            case .drop: lost += 1
            case .timer: timers += 1
            default: break
            }
        }
        let rounds = sends.values.max() ?? timers
        guard rounds > 0 else { return nil }
        let first = events[range.lowerBound].time, last = events[range.upperBound].time
        let what = kinds.isEmpty ? "timers" : kinds.joined(separator: ", ")
        let among = nodes.sorted().map(\.description).joined(separator: " ")
        let span = first == last ? "t=\(first)" : "t=\(first)–\(last)"
        let details = "\(range.count) events" + (lost > 0 ? ", \(lost) lost" : "")
        return Fold(events: range, rounds: rounds,
                    summary: "\(rounds) rounds of \(what) among \(among), \(span) (\(details); nothing else happened)")
    }
}

extension ReportRun.Event.Kind {
    /// True for what a handler does (send, report), as opposed to what starts one.
    var isEffect: Bool {
        switch self {
        case .send, .role, .note, .client: true
        default: false
        }
    }

    /// True for what a node reports: a role, a client event, any other fact.
    var isReport: Bool {
        switch self {
        case .role, .note, .client: true
        default: false
        }
    }
}
