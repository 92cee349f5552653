/// Decides whether a history is linearizable with respect to a model: the Wing-Gong
/// search with Lowe's memoisation of (linearized set, state) pairs, per partition,
/// as in Porcupine. Each partition gets a budget of search steps; a search that
/// exceeds it yields `unknown`, never a hang.
public struct LinearizabilityChecker<Model: SequentialModel>: Sendable {
    /// The sequential specification.
    public var model: Model
    /// Most search steps per partition before giving up with `unknown`.
    public var stepBudget: Int

    /// A checker for `model`.
    public init(model: Model, stepBudget: Int = 200_000) {
        self.model = model
        self.stepBudget = stepBudget
    }

    public typealias Operation = HistoryOperation<Model.Input, Model.Output>

    /// Checks every partition of `history`, in key order; on the first that is not
    /// linearizable, shrinks it to a minimal witness.
    public func check(_ history: [Operation]) -> LinearizabilityVerdict<Model.Input, Model.Output> {
        var partitions: [Model.Key: [Operation]] = [:]
        for operation in history { partitions[model.key(of: operation.input), default: []].append(operation) }
        var unknown: String?
        for key in partitions.keys.sorted() {
            let operations = partitions[key]!
            switch search(operations) {
            case .some(true): continue
            case .none: unknown = unknown ?? "the search for key \(key) exceeded \(stepBudget) steps"
            case .some(false): return .notLinearizable(witness: minimise(operations))
            }
        }
        return unknown.map { .unknown(reason: $0) } ?? .linearizable
    }

    /// Removes operations one at a time while the rest stays non-linearizable, so
    /// the witness shows only what the violation needs.
    func minimise(_ operations: [Operation]) -> [Operation] {
        var witness = operations
        var position = witness.count - 1
        while position >= 0 {
            var smaller = witness
            smaller.remove(at: position)
            if search(smaller) == false { witness = smaller }
            position -= 1
        }
        return witness
    }

    /// True when linearizable, false when not, nil when the budget ran out.
    func search(_ operations: [Operation]) -> Bool? {
        let count = operations.count
        if count == 0 { return true }
        // Events: a call and a return per operation, in time order. Open operations
        // return after everything; at equal times calls come first (they overlap).
        var events: [(time: Int, isCall: Bool, operation: Int)] = []
        events.reserveCapacity(2 * count)
        for (index, operation) in operations.enumerated() {
            events.append((operation.invokedAt, true, index))
            events.append((operation.returnedAt ?? Int.max, false, index))
        }
        events.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.isCall != b.isCall { return a.isCall }
            return a.operation < b.operation
        }
        // A doubly linked list over the events; node `events.count` is the head sentinel.
        let head = events.count
        var next = Array(1...events.count) + [0]
        var previous = [head] + Array(0..<events.count - 1) + [events.count - 1]
        next[events.count - 1] = -1
        next[head] = 0
        var returnOf = Array(repeating: 0, count: count)
        for (position, event) in events.enumerated() where !event.isCall { returnOf[event.operation] = position }

        func lift(_ call: Int) {
            let ret = returnOf[events[call].operation]
            for node in [call, ret] {
                next[previous[node]] = next[node]
                if next[node] >= 0 { previous[next[node]] = previous[node] }
            }
        }
        func unlift(_ call: Int) {
            let ret = returnOf[events[call].operation]
            for node in [ret, call] {
                next[previous[node]] = node
                if next[node] >= 0 { previous[next[node]] = node }
            }
        }

        var linearized = Bitset(count: count)
        var seen = Set<Memo>()
        var stack: [(call: Int, state: Model.State)] = []
        var state = model.initialState
        var cursor = next[head]
        var steps = 0
        while next[head] >= 0 {
            steps += 1
            if steps > stepBudget { return nil }
            let event = events[cursor]
            if event.isCall {
                let operation = operations[event.operation]
                if let after = model.step(state, operation.input, operation.output) {
                    var marked = linearized
                    marked.insert(event.operation)
                    if seen.insert(Memo(linearized: marked, state: after)).inserted {
                        stack.append((cursor, state))
                        state = after
                        linearized = marked
                        lift(cursor)
                        cursor = next[head]
                        continue
                    }
                }
                cursor = next[cursor]
            } else {
                // The earliest pending return: its operation must already be linearized.
                guard let (call, before) = stack.popLast() else { return false }
                state = before
                linearized.remove(events[call].operation)
                unlift(call)
                cursor = next[call]
            }
        }
        return true
    }

    struct Memo: Hashable {
        var linearized: Bitset
        var state: Model.State
    }
}

/// A fixed-size set of small integers.
struct Bitset: Hashable, Sendable {
    var words: [UInt64]
    init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }
    mutating func insert(_ bit: Int) { words[bit >> 6] |= 1 << UInt64(bit & 63) }
    mutating func remove(_ bit: Int) { words[bit >> 6] &= ~(1 << UInt64(bit & 63)) }
}
