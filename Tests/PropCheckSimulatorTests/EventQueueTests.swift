import Testing
import PropCheckEngine
@testable import PropCheckSimulator

@Suite("Event queue")
struct EventQueueTests {
    @Test("pops by time, ties in insertion order")
    func order() {
        var queue = EventQueue<String>()
        queue.push("c", at: 5)
        queue.push("a", at: 1)
        queue.push("d", at: 5)
        queue.push("b", at: 1)
        #expect(queue.nextTime == 1)
        var popped: [String] = []
        while let entry = queue.pop() { popped.append(entry.payload) }
        #expect(popped == ["a", "b", "c", "d"])
        #expect(queue.isEmpty && queue.nextTime == nil)
    }

    @Test("interleaved pushes and pops match a stable sort, reusing freed slots", arguments: 0..<20)
    func matchesStableSort(seed: Int) {
        var rng = Xoshiro256(seed: Seed(UInt64(seed)))
        var queue = EventQueue<Int>()
        // The reference: (time, sequence, payload) kept sorted by time, then sequence.
        var reference: [(time: Int, sequence: Int, payload: Int)] = []
        var sequence = 0, mostPending = 0
        for payload in 0..<400 {
            if rng.next(upTo: 2) > 0 || reference.isEmpty {
                let time = Int(rng.next(upTo: 30))
                queue.push(payload, at: time)
                reference.append((time, sequence, payload))
                sequence += 1
            } else {
                reference.sort { ($0.time, $0.sequence) < ($1.time, $1.sequence) }
                let expected = reference.removeFirst()
                let entry = queue.pop()
                #expect(entry?.time == expected.time && entry?.payload == expected.payload)
            }
            #expect(queue.count == reference.count)
            mostPending = max(mostPending, reference.count)
        }
        let ordered = queue.ordered().map(\.payload)
        reference.sort { ($0.time, $0.sequence) < ($1.time, $1.sequence) }
        #expect(ordered == reference.map(\.payload))
        #expect(queue.contains { $0 == reference.last?.payload } == !reference.isEmpty)
        #expect(!queue.contains { $0 < 0 })
        // Freed slots are reused: storage grows only to the most entries pending at once.
        #expect(queue.payloads.count == mostPending)
    }
}
