import Testing
@testable import Linearizability

/// A register per key: `write` sets it, `read` must see the latest value.
struct Register: SequentialModel {
    enum Input: Sendable, Equatable { case write(key: Int, Int), read(key: Int) }
    func key(of input: Input) -> Int {
        switch input { case .write(let key, _), .read(let key): key }
    }
    var initialState: Int { 0 }
    func step(_ state: Int, _ input: Input, _ output: Int?) -> Int? {
        switch input {
        case .write(_, let value): value
        case .read: output == nil || output == state ? state : nil
        }
    }
}

typealias Op = HistoryOperation<Register.Input, Int>

func write(_ client: String, _ value: Int, key: Int = 0, _ from: Int, _ to: Int?) -> Op {
    Op(client: client, input: .write(key: key, value), output: to == nil ? nil : 0, invokedAt: from, returnedAt: to)
}

func read(_ client: String, _ value: Int?, key: Int = 0, _ from: Int, _ to: Int?) -> Op {
    Op(client: client, input: .read(key: key), output: value, invokedAt: from, returnedAt: to)
}

func isLinearizable(_ history: [Op]) -> Bool {
    if case .linearizable = LinearizabilityChecker(model: Register()).check(history) { return true }
    return false
}

@Suite("Linearizability checker")
struct LinearizabilityCheckerTests {
    @Test("a sequential history that follows the model is linearizable")
    func sequential() {
        #expect(isLinearizable([write("a", 1, 0, 1), read("b", 1, 2, 3), write("a", 2, 4, 5), read("b", 2, 6, 7)]))
    }

    @Test("overlapping operations may take effect in either order")
    func concurrent() {
        // The read overlaps the write: it may see the old value or the new one.
        #expect(isLinearizable([write("a", 1, 0, 10), read("b", 0, 1, 2)]))
        #expect(isLinearizable([write("a", 1, 0, 10), read("b", 1, 1, 2)]))
        // Two overlapping writes, then reads that agree on the later of the two orders.
        #expect(isLinearizable([write("a", 1, 0, 5), write("b", 2, 1, 6), read("c", 1, 7, 8), read("d", 1, 9, 10)]))
    }

    @Test("a read that misses a write completed before it began is not linearizable")
    func staleRead() {
        #expect(!isLinearizable([write("a", 1, 0, 1), read("b", 0, 2, 3)]))
        // Two reads that see the values in opposite orders cannot both be right.
        #expect(!isLinearizable([write("a", 1, 0, 10), write("b", 2, 0, 10), read("c", 1, 11, 12), read("d", 2, 13, 14),
                                 read("c", 1, 15, 16)]))
    }

    @Test("an operation whose answer never came may take effect at any time after it began, or never")
    func openOperations() {
        #expect(isLinearizable([write("a", 1, 0, nil), read("b", 0, 1, 2), read("b", 1, 3, 4)]))
        #expect(isLinearizable([write("a", 1, 0, nil), read("b", 0, 1, 2)]))
        #expect(!isLinearizable([write("a", 1, 5, nil), read("b", 1, 1, 2)]), "it cannot take effect before it began")
    }

    @Test("a timed-out operation (no answer, a time the client gave up) is open: it may take effect after that time")
    func timedOutOperation() {
        // The write of 2 timed out at 3, and a read at 10 still sees 1, and one at 20 sees 2.
        let timedOut = Op(client: "a", input: .write(key: 0, 2), output: nil, invokedAt: 2, returnedAt: 3)
        #expect(isLinearizable([write("w", 1, 0, 1), timedOut, read("x", 1, 10, 11), read("y", 2, 20, 21)]))
        // It may also never take effect; but once seen it cannot be unseen.
        #expect(isLinearizable([write("w", 1, 0, 1), timedOut, read("x", 1, 10, 11)]))
        #expect(!isLinearizable([write("w", 1, 0, 1), timedOut, read("y", 2, 10, 11), read("x", 1, 20, 21)]))
    }

    @Test("keys are independent partitions")
    func partitions() {
        #expect(isLinearizable([write("a", 1, key: 0, 0, 1), read("b", 0, key: 1, 2, 3), read("b", 1, key: 0, 4, 5)]))
        #expect(!isLinearizable([write("a", 1, key: 1, 0, 1), read("b", 0, key: 1, 2, 3), read("b", 0, key: 0, 4, 5)]))
    }

    @Test("the witness of a stale read is the read and the two writes it straddles, not a read of a value nobody wrote")
    func minimalWitness() throws {
        let history = [write("a", 1, 0, 1), read("x", 1, 2, 3), write("a", 2, 4, 5), read("b", 1, 6, 7),
                       read("y", 2, 8, 9), write("z", 5, key: 1, 0, 1)]
        let analysis = LinearizabilityChecker(model: Register()).analyse(history)
        guard case .notLinearizable(let witness) = analysis.verdict else {
            Issue.record("should not be linearizable")
            return
        }
        // b read 1 after 2 was written over it. Without the write of 1 what is left is a
        // read of a value nobody wrote: also not linearizable, but it hides the stale read.
        #expect(witness.map(\.client) == ["a", "a", "b"])
        #expect(witness.map(\.input) == [.write(key: 0, 1), .write(key: 0, 2), .read(key: 0)])
        #expect(analysis.witnessIsMinimal)
    }

    @Test("a violation of values, not of time, shrinks plainly: to the one read no write explains")
    func valueWitness() throws {
        let history = [write("a", 1, 0, 1), read("x", 1, 2, 3), write("a", 2, 4, 5), read("b", 7, 6, 7)]
        guard case .notLinearizable(let witness) = LinearizabilityChecker(model: Register()).check(history) else {
            Issue.record("should not be linearizable")
            return
        }
        #expect(witness.map(\.client) == ["b"])
    }

    @Test("a search beyond its budget says unknown instead of hanging")
    func budget() {
        // Many overlapping writes and a read no order explains: the search must try them all.
        var history = (0..<14).map { write("w\($0)", $0 + 1, 0, 100) }
        history.append(read("r", 99, 101, 102))
        let verdict = LinearizabilityChecker(model: Register(), stepBudget: 50).check(history)
        guard case .unknown = verdict else {
            Issue.record("expected unknown, got \(verdict)")
            return
        }
    }

    @Test("an easy violation on one key is found without first searching a hard key to exhaustion")
    func easyViolationFirst() {
        // Key 0: 12 overlapping writes, then a read of a value none wrote: not
        // linearizable, but only an exhaustive search (every order of the writes) says
        // so. Key 1: a read of a value never written, next to a single write: quick.
        var hard = (0..<12).map { write("w\($0)", $0 + 1, 0, 100) }
        hard.append(read("r", 99, 101, 102))
        let violation = [write("x", 5, key: 1, 0, 1), read("y", 7, key: 1, 2, 3)]
        let checker = LinearizabilityChecker(model: Register(), stepBudget: 5_000_000)
        let hardAlone = checker.analyse(hard)
        let both = checker.analyse(hard + violation)
        guard case .notLinearizable(let witness) = both.verdict else {
            Issue.record("expected a violation, got \(both.verdict)")
            return
        }
        #expect(witness.allSatisfy { checker.model.key(of: $0.input) == 1 }, "the easy key's violation is reported")
        #expect(both.partitions == 2)
        // Smallest first: the easy key is decided before the hard one is searched to the end.
        #expect(both.partitionStatistics.map(\.key) == ["1"], "\(both.partitionStatistics)")
        #expect(both.partitionStatistics.first?.linearizable == false && both.partitionStatistics[0].statesCached > 0)
        #expect(hardAlone.partitionStatistics.map(\.operations) == [13])
        #expect(hardAlone.searchSteps > 10 * both.searchSteps, "\(hardAlone.searchSteps) vs \(both.searchSteps)")
    }

    @Test("the verdict alone skips the witness minimisation; an unknown names every key that ran out")
    func verdictAndUnknown() {
        let violation = [write("x", 5, 0, 1), write("z", 6, 2, 3), read("y", 7, 4, 5)]
        let checker = LinearizabilityChecker(model: Register())
        guard case .notLinearizable(let whole) = checker.verdict(violation) else {
            Issue.record("expected a violation")
            return
        }
        #expect(whole.count == 3)
        let analysis = checker.analyse(violation)
        #expect(analysis.minimisationSteps > 0)
        #expect(checker.analyse(violation, minimiseWitness: false).minimisationSteps == 0)
        var hard: [Op] = []
        for key in [3, 4] {
            hard += (0..<14).map { write("w\($0)", $0 + 1, key: key, 0, 100) }
            hard.append(read("r", 99, key: key, 101, 102))
        }
        let unknown = LinearizabilityChecker(model: Register(), stepBudget: 50).analyse(hard)
        #expect(unknown.unknownKeys == ["3", "4"])
        if case .unknown(let reason) = unknown.verdict { #expect(reason.contains("keys 3, 4")) }
        else { Issue.record("expected unknown, got \(unknown.verdict)") }
    }
}

/// Generated histories with known answers (``SyntheticHistory``), checked the way
/// Porcupine is checked on Jepsen's: every verdict right, none unknown at the default
/// budget, every witness 1-minimal.
@Suite("Linearizability on generated histories")
struct SyntheticHistoryTests {
    typealias Checker = LinearizabilityChecker<RegisterModel>

    /// Porcupine's shapes with concurrency: one register of 90 operations with about
    /// ten whose answer never came (Jepsen's etcd histories), and multi-key stores with
    /// 10 and 50 clients (`propcheck bench` runs them, and 1 client, over 25 seeds).
    static let shapes = SyntheticHistory.Shape.porcupine.filter { $0.clients > 1 }

    @Test("linearizable by construction, or with one stale read: the verdict is the known answer, never unknown",
          arguments: [false, true])
    func knownAnswers(anomaly: Bool) {
        let checker = Checker(model: RegisterModel())
        for shape in Self.shapes {
            for seed in 0..<UInt64(12) {
                let history = SyntheticHistory(seed: seed, shape: shape, anomaly: anomaly)
                let verdict = checker.verdict(history.operations)
                switch verdict {
                case .linearizable: #expect(history.isLinearizable, "\(shape.name), seed \(seed): a stale read passed")
                case .notLinearizable: #expect(!history.isLinearizable, "\(shape.name), seed \(seed): a false alarm")
                case .unknown(let reason): Issue.record("\(shape.name), seed \(seed): unknown (\(reason))")
                }
            }
        }
    }

    @Test("the same seed gives the same history; lost answers have no return and no output")
    func generatorIsDeterministic() {
        let one = SyntheticHistory(seed: 7, clients: 10, operationsPerClient: 9, indeterminatePercent: 15)
        let two = SyntheticHistory(seed: 7, clients: 10, operationsPerClient: 9, indeterminatePercent: 15)
        #expect(one.operations.map(\.invokedAt) == two.operations.map(\.invokedAt))
        #expect(one.operations.map(\.output) == two.operations.map(\.output))
        #expect(one.indeterminate > 0)
        #expect(one.operations.allSatisfy { ($0.returnedAt == nil) == ($0.output == nil) })
    }

    @Test("every witness is 1-minimal: remove any one operation and it is linearizable, or explainable in no order at all")
    func witnessesAreOneMinimal() {
        let checker = Checker(model: RegisterModel())
        var checked = 0
        for shape in Self.shapes {
            for seed in 0..<UInt64(8) {
                let history = SyntheticHistory(seed: seed, shape: shape, anomaly: true)
                let analysis = checker.analyse(history.operations)
                guard case .notLinearizable(let witness) = analysis.verdict else {
                    Issue.record("\(shape.name), seed \(seed): \(analysis.verdict)")
                    continue
                }
                #expect(analysis.witnessIsMinimal)
                #expect(checker.search(witness) == false)
                var steps = 0
                // The injected anomaly is a stale read: its witness explains in some order.
                #expect(checker.explainsInSomeOrder(witness, steps: &steps) == true)
                for position in witness.indices {
                    var smaller = witness
                    smaller.remove(at: position)
                    let stillViolates = checker.search(smaller) == false
                        && checker.explainsInSomeOrder(smaller, steps: &steps) == true
                    #expect(!stillViolates, "\(shape.name), seed \(seed): operation \(position) of \(witness.count) is removable")
                }
                checked += 1
            }
        }
        #expect(checked == 3 * 8)
    }
}
