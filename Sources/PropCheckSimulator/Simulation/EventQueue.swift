/// A min-heap of pending events ordered by virtual time, ties broken by insertion
/// order: two runs that schedule the same events pop them in the same order.
@usableFromInline
struct EventQueue<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: Int
        @usableFromInline var sequence: Int
        @usableFromInline var payload: Payload

        @inlinable init(time: Int, sequence: Int, payload: Payload) {
            self.time = time
            self.sequence = sequence
            self.payload = payload
        }

        @inlinable @inline(__always) func precedes(_ other: Entry) -> Bool {
            time != other.time ? time < other.time : sequence < other.sequence
        }
    }

    @usableFromInline var entries: [Entry] = []

    @inlinable init() {}
    @usableFromInline var nextSequence = 0

    @inlinable var isEmpty: Bool { entries.isEmpty }
    @inlinable var count: Int { entries.count }
    @inlinable var nextTime: Int? { entries.first?.time }

    @inlinable mutating func push(_ payload: Payload, at time: Int) {
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

    @inlinable mutating func pop() -> Entry? {
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
    @inlinable func ordered() -> [Entry] {
        entries.sorted { $0.precedes($1) }
    }
}
