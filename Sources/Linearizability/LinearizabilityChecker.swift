/// Decides whether a history is linearizable with respect to a model: the Wing-Gong
/// search with Lowe's memoisation of (linearized set, state) pairs, per partition,
/// as in Porcupine. Each partition gets a budget of search steps; a search that
/// exceeds it yields `unknown`, never a hang.
///
/// Partitions are searched in rounds of growing budget (1,000 steps each, then
/// doubling up to ``stepBudget``), and the first partition found not linearizable
/// ends the check: an easy violation on one key is found without first searching a
/// hard linearizable key to exhaustion.
public struct LinearizabilityChecker<Model: SequentialModel>: Sendable {
    /// The sequential specification.
    public var model: Model
    /// Most search steps per partition before giving up with `unknown`.
    public var stepBudget: Int
    /// Most search steps for each trial of the witness minimisation (a trial that runs
    /// out keeps the operation it tried to remove).
    public var minimisationBudget: Int

    /// A checker for `model`.
    public init(model: Model, stepBudget: Int = 200_000, minimisationBudget: Int? = nil) {
        self.model = model
        self.stepBudget = stepBudget
        self.minimisationBudget = minimisationBudget ?? stepBudget
    }

    public typealias Operation = HistoryOperation<Model.Input, Model.Output>

    /// Checks every partition of `history`; on the first that is not linearizable,
    /// shrinks it to a smaller witness (see ``minimise(_:)``).
    public func check(_ history: [Operation]) -> LinearizabilityVerdict<Model.Input, Model.Output> {
        analyse(history, minimiseWitness: true).verdict
    }

    /// The verdict alone: a violation's witness is the whole failing partition, not
    /// minimised (what a campaign needs to know before it shrinks a run anyway).
    public func verdict(_ history: [Operation]) -> LinearizabilityVerdict<Model.Input, Model.Output> {
        analyse(history, minimiseWitness: false).verdict
    }

    /// Checks `history` and says what the search cost.
    public func analyse(_ history: [Operation], minimiseWitness: Bool = true) -> LinearizabilityAnalysis<Model.Input, Model.Output> {
        var partitions: [Model.Key: [Operation]] = [:]
        for operation in history { partitions[model.key(of: operation.input), default: []].append(operation) }
        var open = partitions.keys.sorted()
        var analysis = LinearizabilityAnalysis<Model.Input, Model.Output>(verdict: .linearizable, partitions: open.count)
        var budget = min(1_000, stepBudget)
        while !open.isEmpty {
            var stillOpen: [Model.Key] = []
            for key in open {
                let operations = partitions[key]!
                let outcome = search(operations, budget: budget)
                analysis.searchSteps += outcome.steps
                switch outcome.result {
                case .some(true): continue
                case .none: stillOpen.append(key)
                case .some(false):
                    let witness = minimiseWitness ? minimise(operations, steps: &analysis.minimisationSteps) : operations
                    analysis.verdict = .notLinearizable(witness: witness)
                    return analysis
                }
            }
            if budget >= stepBudget {
                analysis.unknownKeys = stillOpen.map { "\($0)" }
                analysis.verdict = .unknown(reason: "the search exceeded \(stepBudget) steps for "
                    + (stillOpen.count == 1 ? "key \(stillOpen[0])" : "keys \(stillOpen.map { "\($0)" }.joined(separator: ", "))"))
                return analysis
            }
            open = stillOpen
            budget = min(stepBudget, budget * 2)
        }
        return analysis
    }

    /// Removes operations one at a time, from the last, while the rest stays not
    /// linearizable: one pass. This is no guarantee of minimality (removing one
    /// operation can make another removable), and going on to a fixed point is worse:
    /// it ends at a read of a value whose write was removed, which hides the violation.
    func minimise(_ operations: [Operation]) -> [Operation] {
        var steps = 0
        return minimise(operations, steps: &steps)
    }

    func minimise(_ operations: [Operation], steps: inout Int) -> [Operation] {
        var witness = operations
        var position = witness.count - 1
        while position >= 0 {
            var smaller = witness
            smaller.remove(at: position)
            let outcome = search(smaller, budget: minimisationBudget)
            steps += outcome.steps
            if outcome.result == false { witness = smaller }
            position -= 1
        }
        return witness
    }

    /// True when linearizable, false when not, nil when the budget ran out.
    func search(_ operations: [Operation]) -> Bool? { search(operations, budget: stepBudget).result }

    /// True when linearizable, false when not, nil when `budget` ran out; and the steps taken.
    func search(_ operations: [Operation], budget: Int) -> (result: Bool?, steps: Int) {
        let count = operations.count
        if count == 0 { return (true, 0) }
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
            if steps > budget { return (nil, steps - 1) }
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
                guard let (call, before) = stack.popLast() else { return (false, steps) }
                state = before
                linearized.remove(events[call].operation)
                unlift(call)
                cursor = next[call]
            }
        }
        return (true, steps)
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

/// A linearizability check and what it cost.
public struct LinearizabilityAnalysis<Input: Sendable, Output: Sendable>: Sendable {
    /// The verdict.
    public var verdict: LinearizabilityVerdict<Input, Output>
    /// Partitions (keys) the history splits into.
    public var partitions: Int
    /// Search steps spent deciding, over every round and partition.
    public var searchSteps = 0
    /// Search steps spent minimising the witness.
    public var minimisationSteps = 0
    /// The keys whose search ran out of budget (an `unknown` verdict names them all).
    public var unknownKeys: [String] = []

    /// An analysis.
    public init(verdict: LinearizabilityVerdict<Input, Output>, partitions: Int) {
        self.verdict = verdict
        self.partitions = partitions
    }
}
