/// A min-heap of pending events ordered by virtual time, ties broken by insertion
/// order: two runs that schedule the same events pop them in the same order.
///
/// The heap holds only trivial keys (time, sequence, where the payload is stored);
/// payloads stay put in a side table from push to pop. Sifting payloads instead
/// (messages carrying log entries) cost a retain and a release per move: a tenth
/// of a Raft run's time.
@usableFromInline
struct EventQueue<Payload> {
    /// A pending event, as ``ordered()`` lists it.
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
    }

    @usableFromInline
    struct Key {
        @usableFromInline var time: Int
        @usableFromInline var sequence: Int
        @usableFromInline var slot: Int

        @inlinable init(time: Int, sequence: Int, slot: Int) {
            self.time = time
            self.sequence = sequence
            self.slot = slot
        }

        @inlinable @inline(__always) func precedes(_ other: Key) -> Bool {
            time != other.time ? time < other.time : sequence < other.sequence
        }
    }

    @usableFromInline var heap: [Key] = []
    /// Payloads by slot; nil for a free slot.
    @usableFromInline var payloads: [Payload?] = []
    /// Slots free for reuse.
    @usableFromInline var freeSlots: [Int] = []
    @usableFromInline var nextSequence = 0

    @inlinable init() {}

    @inlinable var isEmpty: Bool { heap.isEmpty }
    @inlinable var count: Int { heap.count }
    @inlinable var nextTime: Int? { heap.first?.time }

    @inlinable mutating func push(_ payload: consuming Payload, at time: Int) {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            payloads[slot] = consume payload
        } else {
            slot = payloads.count
            payloads.append(consume payload)
        }
        heap.append(Key(time: time, sequence: nextSequence, slot: slot))
        nextSequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The next event, taken out of the queue (a tuple, not an ``Entry``: its payload
    /// moves out to the caller uncopied when destructured).
    @inlinable mutating func pop() -> (time: Int, sequence: Int, payload: Payload)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count && heap[right].precedes(heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        let payload = payloads[top.slot].take()!
        freeSlots.append(top.slot)
        return (top.time, top.sequence, payload)
    }

    /// True when some pending payload satisfies `predicate` (any order; not the hot path).
    @inlinable func contains(where predicate: (Payload) -> Bool) -> Bool {
        heap.contains { predicate(payloads[$0.slot]!) }
    }

    /// The pending entries in the order they would pop (for reports, not the hot path).
    @inlinable func ordered() -> [Entry] {
        heap.sorted { $0.precedes($1) }.map { Entry(time: $0.time, sequence: $0.sequence, payload: payloads[$0.slot]!) }
    }
}
