/// A min-heap of pending events ordered by virtual time, ties broken by insertion
/// order: two runs that schedule the same events pop them in the same order.
struct EventQueue<Payload> {
    struct Entry {
        var time: Int
        var sequence: Int
        var payload: Payload

        @inline(__always) func precedes(_ other: Entry) -> Bool {
            time != other.time ? time < other.time : sequence < other.sequence
        }
    }

    private(set) var entries: [Entry] = []
    private var nextSequence = 0

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }
    var nextTime: Int? { entries.first?.time }

    mutating func push(_ payload: Payload, at time: Int) {
        entries.append(Entry(time: time, sequence: nextSequence, payload: payload))
        nextSequence += 1
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let top = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count && entries[left].precedes(entries[smallest]) { smallest = left }
            if right < entries.count && entries[right].precedes(entries[smallest]) { smallest = right }
            if smallest == parent { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }

    /// The pending entries in the order they would pop (for reports, not the hot path).
    func ordered() -> [Entry] {
        entries.sorted { $0.precedes($1) }
    }
}
