/// Decides whether a history is linearizable with respect to a model: the Wing-Gong
/// search with Lowe's memoisation of (linearized set, state) pairs, per partition,
/// as in Porcupine. Each partition gets a budget of search steps; a search that
/// exceeds it yields `unknown`, never a hang.
///
/// Partitions are searched smallest first, in rounds of growing budget (1,000 steps
/// each, then doubling up to ``stepBudget``), and the first partition found not linearizable
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
    public init(model: Model, stepBudget: Int = 5_000_000, minimisationBudget: Int? = nil) {
        self.model = model
        self.stepBudget = stepBudget
        self.minimisationBudget = minimisationBudget ?? stepBudget
    }

    public typealias Operation = HistoryOperation<Model.Input, Model.Output>

    /// Checks every partition of `history`; on the first that is not linearizable,
    /// shrinks it to a 1-minimal witness (see ``LinearizabilityVerdict/notLinearizable(witness:)``).
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
        // A read whose answer never came constrains nothing: it may take effect anywhere.
        for operation in history where operation.output != nil || !model.isReadOnly(operation.input) {
            partitions[model.key(of: operation.input), default: []].append(operation)
        }
        // Smallest first (then by key): a small partition is quick to decide either way.
        var open = partitions.keys.sorted { (partitions[$0]!.count, $0) < (partitions[$1]!.count, $1) }
        var analysis = LinearizabilityAnalysis<Model.Input, Model.Output>(verdict: .linearizable, partitions: open.count)
        var budget = min(1_000, stepBudget)
        while !open.isEmpty {
            var stillOpen: [Model.Key] = []
            for key in open {
                let operations = partitions[key]!
                let outcome = search(operations, budget: budget)
                analysis.searchSteps += outcome.steps
                if outcome.result != nil || budget >= stepBudget {
                    analysis.partitionStatistics.append(PartitionStatistics(
                        key: "\(key)", operations: operations.count, steps: outcome.steps, statesCached: outcome.cached,
                        linearizable: outcome.result))
                }
                switch outcome.result {
                case .some(true): continue
                case .none: stillOpen.append(key)
                case .some(false):
                    var witness = operations
                    if minimiseWitness {
                        witness = minimise(operations, steps: &analysis.minimisationSteps, isMinimal: &analysis.witnessIsMinimal)
                    }
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

    /// Shrinks a non-linearizable partition to a witness that is 1-minimal: removing
    /// any one of its operations leaves a history that is linearizable, or one that no
    /// order of its operations could explain at all (see below). The operations whose
    /// answer never came go first, all at once, then chunks of time, as in delta
    /// debugging (halves, quarters, … of the operations in time order), then single
    /// operations, pass after pass, until a whole pass removes nothing.
    ///
    /// Why the exception: when the partition's answers can all be given by *some*
    /// order of its operations, its violation is one of real time (a read that missed
    /// a write completed before it began), and the witness must stay that kind. Plain
    /// removal would end at a read of a value whose write it removed: non-linearizable
    /// and 1-minimal, but it shows a value nobody wrote, not the stale read. So a
    /// removal takes with it every operation it leaves unexplainable in any order (the
    /// reads of a removed write), and what is left must be explainable. When the
    /// partition is not (an answer no operation gives), removal is plain.
    ///
    /// A trial that runs out of ``minimisationBudget`` keeps what it tried to remove;
    /// `isMinimal` then says the witness may not be 1-minimal.
    func minimise(_ operations: [Operation], steps: inout Int, isMinimal: inout Bool) -> [Operation] {
        var ranOut = false
        var spent = 0
        // In time order, chunks are stretches of time: cutting the end or the start of
        // the history is what succeeds most often, and what is left is cheaper to search.
        let operations = operations.sorted { ($0.invokedAt, $0.returnedAt ?? .max) < ($1.invokedAt, $1.returnedAt ?? .max) }
        let realTime = explainsInSomeOrder(operations, steps: &spent) == true
        /// The candidate, less what its removals left unexplainable, if it is still a witness.
        func witness(_ candidate: [Operation]) -> [Operation]? {
            var candidate = candidate
            if realTime {
                // Cheap first: drop what no reachable state answers, until nothing is left to drop.
                while let orphans = unanswerable(candidate), !orphans.isEmpty {
                    guard orphans.count < candidate.count else { return nil }
                    candidate = candidate.indices.filter { !orphans.contains($0) }.map { candidate[$0] }
                }
                guard let explained = explainsInSomeOrder(candidate, steps: &spent) else { ranOut = true; return nil }
                guard explained else { return nil }
            }
            let outcome = search(candidate, budget: minimisationBudget)
            spent += outcome.steps
            guard let linearizable = outcome.result else { ranOut = true; return nil }
            return linearizable ? nil : candidate
        }
        var best = operations
        let answered = best.filter { $0.returnedAt != nil }
        if answered.count < best.count, let smaller = witness(answered) { best = smaller }
        var chunk = best.count / 2
        while chunk > 1 {
            var start = 0
            while start + chunk <= best.count {
                var trial = best
                trial.removeSubrange(start..<start + chunk)
                if let smaller = witness(trial) { best = smaller } else { start += chunk }
            }
            chunk /= 2
        }
        var removed = true
        while removed {
            removed = false
            ranOut = false
            var position = best.count - 1
            while position >= 0 {
                var trial = best
                trial.remove(at: position)
                if let smaller = witness(trial) {
                    best = smaller
                    removed = true
                }
                position = min(position, best.count) - 1
            }
        }
        // Only the last pass, which removed nothing, decides: its every trial must have ended.
        isMinimal = !ranOut
        steps += spent
        return best
    }

    /// The operations that no state reachable by the others, in any order and any
    /// number of times, can answer (a read of a value nobody wrote): they are explained
    /// by no order of `operations`. An over-approximation of the reachable states, so it
    /// is cheap (and finds the usual orphans: the reads of a removed write); nil when
    /// the model's reachable states outgrow a bound (a counter), and nothing is known.
    func unanswerable(_ operations: [Operation], stateLimit: Int = 4_096) -> Set<Int>? {
        var reachable: Set<Model.State> = [model.initialState]
        var frontier = [model.initialState]
        while let state = frontier.popLast() {
            for operation in operations {
                guard let after = model.step(state, operation.input, operation.output),
                      reachable.insert(after).inserted else { continue }
                if reachable.count > stateLimit { return nil }
                frontier.append(after)
            }
        }
        return Set(operations.indices.filter { index in
            !reachable.contains { model.step($0, operations[index].input, operations[index].output) != nil }
        })
    }

    /// True when some order of `operations`, ignoring when each ran, gives every answer
    /// they got; nil when the budget ran out. A depth-first search over (done set,
    /// state) like the real-time one, which at each state tries first the operations
    /// that leave it unchanged (reads that match): for a register that places every
    /// read right after its write, without backtracking.
    func explainsInSomeOrder(_ operations: [Operation], steps: inout Int) -> Bool? {
        let count = operations.count
        if count == 0 { return true }
        var seen = Set<Memo>()
        // Each frame: the done set and state at that node, and the candidates left to try.
        var frames: [(done: Bitset, state: Model.State, candidates: [(Int, Model.State)])] = []
        func expand(_ done: Bitset, _ state: Model.State) -> [(Int, Model.State)] {
            var keeping: [(Int, Model.State)] = [], changing: [(Int, Model.State)] = []
            for index in 0..<count where !done.contains(index) {
                let operation = operations[index]
                guard let after = model.step(state, operation.input, operation.output) else { continue }
                if after == state { keeping.append((index, after)) } else { changing.append((index, after)) }
            }
            // Popped from the end: the state-keeping ones first.
            return changing.reversed() + keeping.reversed()
        }
        let start = Bitset(count: count)
        frames.append((start, model.initialState, expand(start, model.initialState)))
        var budgetLeft = minimisationBudget
        while var frame = frames.popLast() {
            guard let (index, after) = frame.candidates.popLast() else { continue }
            frames.append(frame)
            budgetLeft -= 1
            steps += 1
            if budgetLeft < 0 { return nil }
            var done = frame.done
            done.insert(index)
            if done.count == count { return true }
            guard seen.insert(Memo(linearized: done, state: after)).inserted else { continue }
            frames.append((done, after, expand(done, after)))
        }
        return false
    }

    /// True when linearizable, false when not, nil when the budget ran out.
    func search(_ operations: [Operation]) -> Bool? { search(operations, budget: stepBudget).result }

    /// True when linearizable, false when not, nil when `budget` ran out; and the steps taken.
    func search(_ operations: [Operation], budget: Int) -> (result: Bool?, steps: Int, cached: Int) {
        let count = operations.count
        if count == 0 { return (true, 0, 0) }
        // Events: a call and a return per operation, in time order. Open operations
        // return after everything; at equal times calls come first (they overlap).
        var events: [(time: Int, isCall: Bool, operation: Int)] = []
        events.reserveCapacity(2 * count)
        for (index, operation) in operations.enumerated() {
            events.append((operation.invokedAt, true, index))
            // No answer means open, whenever the client gave up: it may take effect later.
            events.append((operation.output == nil ? Int.max : operation.returnedAt ?? Int.max, false, index))
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
            if steps > budget { return (nil, steps - 1, seen.count) }
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
                guard let (call, before) = stack.popLast() else { return (false, steps, seen.count) }
                state = before
                linearized.remove(events[call].operation)
                unlift(call)
                cursor = next[call]
            }
        }
        return (true, steps, seen.count)
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
    func contains(_ bit: Int) -> Bool { words[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }
    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
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
    /// The final search of each partition decided (or given up), in the order searched:
    /// a check that stops at a violation leaves the partitions after it out.
    public var partitionStatistics: [PartitionStatistics] = []
    /// For a violation: true when its witness is 1-minimal (no trial of the
    /// minimisation ran out of budget); false for a verdict-only witness, the whole partition.
    public var witnessIsMinimal = false

    /// An analysis.
    public init(verdict: LinearizabilityVerdict<Input, Output>, partitions: Int) {
        self.verdict = verdict
        self.partitions = partitions
    }
}

/// What deciding one partition cost.
public struct PartitionStatistics: Sendable, Equatable {
    /// The partition's key, as text.
    public var key: String
    /// Operations searched (an open read-only one is left out).
    public var operations: Int
    /// Steps of the search that decided it (the last round), or of the one that ran out.
    public var steps: Int
    /// (linearized set, state) pairs that search memoised.
    public var statesCached: Int
    /// True or false when decided, nil when it ran out of budget.
    public var linearizable: Bool?
}
