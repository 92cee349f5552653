import PropCheckCLI

/// The yardstick for the simulator's own cost: PingPong's work done by the smallest
/// honest discrete-event loop, measured in the same run as the simulator so that
/// the ratio between them holds across machines. It keeps what a deterministic
/// simulator cannot do without: a binary heap of timed events with a sequence number
/// for ties, a PRNG draw for every decision (each message's delay), every draw
/// recorded as a choice, and per-node state. It has no checkers, traces, faults,
/// effects buffer or generic nodes: what the framework spends beyond it is overhead.
/// Never change it, or the ratio stops being comparable between builds; for the same
/// reason it has its own heap and generator rather than the simulator's
/// `EventQueue` and the engine's `Xoshiro256`, whose speed is what it measures.
struct MinimalEventLoop {
    /// A queued event, ordered by time and then by the order it was queued in.
    struct Event {
        var time: Int
        var sequence: Int
        /// 0: a node's heartbeat timer; 1: a ping; 2: a pong.
        var kind: UInt8
        var node: Int
        var peer: Int
        var round: Int

        func precedes(_ other: Event) -> Bool { time != other.time ? time < other.time : sequence < other.sequence }
    }

    let nodes: Int
    let heartbeatTicks = 10
    let maxDelay: UInt64 = 3

    /// Runs `events` events from `seed`; returns how many choices were drawn (so the
    /// optimiser cannot drop the loop).
    func run(events: Int, seed: UInt64) -> Int {
        var heap: [Event] = []
        heap.reserveCapacity(nodes * nodes * 2)
        var sequence = 0
        func push(_ event: Event) {
            var event = event
            event.sequence = sequence
            sequence += 1
            heap.append(event)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[child].precedes(heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        }
        func pop() -> Event {
            let top = heap[0]
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
                    if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
                    if smallest == parent { break }
                    heap.swapAt(parent, smallest)
                    parent = smallest
                }
            }
            return top
        }
        // SplitMix64: the loop's own generator, independent of the framework's.
        var state = seed
        var choices: [UInt64] = []
        choices.reserveCapacity(events)
        func draw(upTo maximum: UInt64) -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            let value = (z ^ (z >> 31)) % (maximum + 1)
            choices.append(value)
            return value
        }
        var rounds = Array(repeating: 0, count: nodes)
        var heard = Array(repeating: Array(repeating: 0, count: nodes), count: nodes)
        for node in 0..<nodes { push(Event(time: heartbeatTicks, sequence: 0, kind: 0, node: node, peer: node, round: 0)) }
        var handled = 0
        while handled < events, !heap.isEmpty {
            let event = pop()
            handled += 1
            switch event.kind {
            case 0:
                rounds[event.node] += 1
                for peer in 0..<nodes where peer != event.node {
                    let delay = 1 + Int(draw(upTo: maxDelay))
                    push(Event(time: event.time + delay, sequence: 0, kind: 1, node: peer, peer: event.node, round: rounds[event.node]))
                }
                push(Event(time: event.time + heartbeatTicks, sequence: 0, kind: 0, node: event.node, peer: event.node, round: 0))
            case 1:
                let delay = 1 + Int(draw(upTo: maxDelay))
                push(Event(time: event.time + delay, sequence: 0, kind: 2, node: event.peer, peer: event.node, round: event.round))
            default:
                heard[event.node][event.peer] = max(heard[event.node][event.peer], event.round)
            }
        }
        return choices.count + heard.reduce(0) { $0 + $1.reduce(0, +) } % 2
    }

    /// The median events per second of 5 runs of `events` events.
    func rate(events: Int) -> Int {
        var rates: [Double] = []
        var sink = 0
        for seed in 0..<5 {
            let clock = ContinuousClock(), start = clock.now
            sink &+= run(events: events, seed: UInt64(seed))
            rates.append(Double(events) / max((clock.now - start).inSeconds, 1e-9))
        }
        precondition(sink >= 0)
        return Int(median(rates))
    }
}
