/// A register per key: `write` sets it, `read` answers its value (0 before any
/// write). The model ``SyntheticHistory`` generates histories for, and a ready
/// model for a user's register or key-value store.
public struct RegisterModel: SequentialModel {
    /// A register operation.
    public enum Operation: Sendable, Hashable {
        /// Sets the register at `key` to `value`; answers `value`.
        case write(key: Int, value: Int)
        /// Answers the register's value at `key`.
        case read(key: Int)
    }

    /// The model.
    public init() {}
    public var initialState: Int { 0 }
    public func key(of input: Operation) -> Int {
        switch input { case .write(let key, _), .read(let key): key }
    }
    public func isReadOnly(_ input: Operation) -> Bool {
        if case .read = input { return true }
        return false
    }
    public func step(_ state: Int, _ input: Operation, _ output: Int?) -> Int? {
        switch input {
        case .write(_, let value): value
        case .read: output == nil || output == state ? state : nil
        }
    }
}

/// A generated register history whose answer is known: linearizable by construction,
/// or with one injected anomaly that makes it not linearizable. For testing and
/// benchmarking the checker on histories of chosen shape (clients, keys, operations
/// whose answer never came), the way Porcupine is tested on Jepsen's.
///
/// Construction: each client runs operations one after another; each takes effect at
/// a point drawn inside its interval, and the answers are those of the register
/// applied in the order of those points, so that order is a linearization. An
/// operation whose answer is lost (`indeterminatePercent`) has no return; a lost
/// write takes effect or not, at random, and its client goes on as a new process (as
/// Jepsen replaces a process that timed out). Every write writes a value of its own.
/// The anomaly is a stale read: a read is made to answer the value of a write that
/// finished before another write of its key began, which finished before the read
/// began; no order that respects real time lets the read see it.
public struct SyntheticHistory: Sendable {
    public typealias Operation = HistoryOperation<RegisterModel.Operation, Int>

    /// The operations, in the order the clients made them.
    public var operations: [Operation]
    /// The known answer.
    public var isLinearizable: Bool
    /// Operations whose answer never came.
    public var indeterminate: Int

    /// The size of a generated history: clients, operations each, keys, and the share
    /// of answers lost.
    public struct Shape: Hashable, Sendable {
        /// What the shape is like, for reports.
        public var name: String
        /// Concurrent clients.
        public var clients: Int
        /// Operations each client makes, in turn.
        public var operationsPerClient: Int
        /// Keys the operations spread over.
        public var keys: Int
        /// The share of operations whose answer never comes, in percent.
        public var indeterminatePercent: Int

        /// A shape.
        public init(name: String, clients: Int, operationsPerClient: Int, keys: Int = 1, indeterminatePercent: Int = 0) {
            self.name = name
            self.clients = clients
            self.operationsPerClient = operationsPerClient
            self.keys = keys
            self.indeterminatePercent = indeterminatePercent
        }

        /// The shapes Porcupine is tested on: one register of 90 operations with about
        /// ten answers lost (Jepsen's etcd histories), and key-value stores with 1, 10
        /// and 50 clients.
        public static let porcupine = [
            Shape(name: "register, 5 clients", clients: 5, operationsPerClient: 18, keys: 1, indeterminatePercent: 12),
            Shape(name: "kv, 1 client", clients: 1, operationsPerClient: 100, keys: 10, indeterminatePercent: 0),
            Shape(name: "kv, 10 clients", clients: 10, operationsPerClient: 10, keys: 10, indeterminatePercent: 5),
            Shape(name: "kv, 50 clients", clients: 50, operationsPerClient: 4, keys: 20, indeterminatePercent: 5),
        ]
    }

    /// A history of `shape` from `seed`; see ``init(seed:clients:operationsPerClient:keys:indeterminatePercent:anomaly:)``.
    public init(seed: UInt64, shape: Shape, anomaly: Bool = false) {
        self.init(seed: seed, clients: shape.clients, operationsPerClient: shape.operationsPerClient, keys: shape.keys,
                  indeterminatePercent: shape.indeterminatePercent, anomaly: anomaly)
    }

    /// A history from `seed` (same seed, same history) with `clients` clients of
    /// `operationsPerClient` operations each, over `keys` keys; reads are about half.
    /// With `anomaly`, one read is made stale (see the type's documentation); when no
    /// read can be (no write finished before another began and ended before a read),
    /// the history is generated again from the next seed.
    public init(seed: UInt64, clients: Int, operationsPerClient: Int, keys: Int = 1,
                indeterminatePercent: Int = 0, anomaly: Bool = false) {
        precondition(clients > 0 && operationsPerClient > 0 && keys > 0, "a history needs clients, operations and keys")
        var attempt = seed
        while true {
            var random = SplitMix(attempt)
            var history = Self.linearizable(&random, clients: clients, perClient: operationsPerClient, keys: keys,
                                            indeterminatePercent: indeterminatePercent)
            if !anomaly || Self.injectStaleRead(into: &history, &random) {
                operations = history
                isLinearizable = !anomaly
                indeterminate = history.filter { $0.returnedAt == nil }.count
                return
            }
            attempt &+= 0x9e37_79b9_7f4a_7c15
        }
    }

    private static func linearizable(_ random: inout SplitMix, clients: Int, perClient: Int, keys: Int,
                                     indeterminatePercent: Int) -> [Operation] {
        var planned: [(operation: Operation, point: Int, takesEffect: Bool)] = []
        var nextValue = 1
        for client in 0..<clients {
            var time = random.next(upTo: 10)
            var process = 0
            for _ in 0..<perClient {
                let invoked = time + 1 + random.next(upTo: 4)
                let duration = 1 + random.next(upTo: 19)
                let key = random.next(upTo: keys - 1)
                let input: RegisterModel.Operation
                if random.next(upTo: 1) == 0 {
                    input = .write(key: key, value: nextValue)
                    nextValue += 1
                } else {
                    input = .read(key: key)
                }
                // Points are spread ×4 so that ties between clients are rare; the order
                // of equal points is the order they were planned in, a valid one too.
                let point = 4 * invoked + random.next(upTo: 4 * duration)
                let lost = random.next(upTo: 99) < indeterminatePercent
                let name = process == 0 ? "c\(client)" : "c\(client).\(process)"
                let operation = Operation(client: name, input: input, output: nil,
                                          invokedAt: 4 * invoked, returnedAt: lost ? nil : 4 * (invoked + duration))
                planned.append((operation, point, !lost || random.next(upTo: 1) == 0))
                // A process whose answer is lost is replaced by a new one, which goes on
                // once the old one would have timed out (its operation stays open).
                if lost { process += 1 }
                time = invoked + duration
            }
        }
        var registers = Array(repeating: 0, count: keys)
        for index in planned.indices.sorted(by: { (planned[$0].point, $0) < (planned[$1].point, $1) }) {
            let item = planned[index]
            switch item.operation.input {
            case .write(let key, let value):
                if item.takesEffect { registers[key] = value }
                if item.operation.returnedAt != nil { planned[index].operation.output = value }
            case .read(let key):
                if item.operation.returnedAt != nil { planned[index].operation.output = registers[key] }
            }
        }
        return planned.map(\.operation)
    }

    /// Makes one read stale; false when no read can be.
    private static func injectStaleRead(into history: inout [Operation], _ random: inout SplitMix) -> Bool {
        let writes = history.indices.filter {
            if case .write = history[$0].input { return history[$0].returnedAt != nil }
            return false
        }
        var reads = history.indices.filter {
            if case .read = history[$0].input { return history[$0].returnedAt != nil }
            return false
        }
        // A fair shuffle from the history's own generator, so the read chosen varies.
        for position in reads.indices.reversed() { reads.swapAt(position, random.next(upTo: position)) }
        for read in reads {
            let key = RegisterModel().key(of: history[read].input)
            for old in writes where RegisterModel().key(of: history[old].input) == key {
                guard case .write(_, let value) = history[old].input, history[read].output != value else { continue }
                let overwritten = writes.contains { other in
                    other != old && RegisterModel().key(of: history[other].input) == key
                        && history[old].returnedAt! < history[other].invokedAt
                        && history[other].returnedAt! < history[read].invokedAt
                }
                if overwritten {
                    history[read].output = value
                    return true
                }
            }
        }
        return false
    }
}

/// SplitMix64: a small, seedable generator, so that a history depends on its seed alone.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    /// A number in `0...maximum`.
    mutating func next(upTo maximum: Int) -> Int {
        maximum <= 0 ? 0 : Int(next() % UInt64(maximum + 1))
    }
}
