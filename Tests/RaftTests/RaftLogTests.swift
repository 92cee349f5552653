import Testing
import PropCheckEngine
import Raft

@Suite("Raft log storage")
struct RaftLogTests {
    @Test("random appends, overwrites, truncations and copies agree with an array, and copies never see each other's writes",
          arguments: 0..<20)
    func matchesArray(seed: Int) {
        var rng = Xoshiro256(seed: Seed(UInt64(seed)))
        var log = RaftLog(), model: [LogEntry] = []
        var snapshots: [(log: RaftLog, model: [LogEntry])] = []
        for step in 0..<600 {
            switch rng.next(upTo: 9) {
            case 0...4:
                let entry = LogEntry(term: Int(rng.next(upTo: 5)), command: .noop)
                log.append(entry)
                model.append(entry)
            case 5 where !model.isEmpty:
                let position = Int(rng.next(upTo: UInt64(model.count - 1)))
                let entry = LogEntry(term: 100 + step, command: .noop)
                log[position] = entry
                model[position] = entry
            case 6:
                let length = Int(rng.next(upTo: UInt64(model.count)))
                log.truncate(to: length)
                model.removeSubrange(length...)
            default:
                // What persisting does: a copy that must keep its contents while the
                // original goes on changing.
                snapshots.append((log, model))
            }
            #expect(log.count == model.count)
        }
        #expect(Array(log) == model)
        #expect(log == RaftLog(model) && log.hashValue == RaftLog(model).hashValue)
        #expect(log.lastTerm == (model.last?.term ?? 0))
        for snapshot in snapshots {
            #expect(Array(snapshot.log) == snapshot.model)
            // Against the log it was copied from, which shares some of its chunks.
            let common = zip(snapshot.model, model).prefix { $0 == $1 }.count
            #expect(snapshot.log.commonPrefixCount(with: log) == common && log.commonPrefixCount(with: snapshot.log) == common)
            #expect((snapshot.log == log) == (snapshot.model == model))
        }
    }

    @Test("1-based term and entry lookups, across a chunk boundary")
    func paperIndices() {
        let log = RaftLog((1...130).map { LogEntry(term: $0, command: .noop) })
        #expect(log.term(at: 0) == 0)
        #expect(log.term(at: 64) == 64 && log.term(at: 65) == 65 && log.term(at: 130) == 130)
        #expect(log.entry(at: 129).term == 129)
        #expect(log.description.hasPrefix("[t1:noop, t2:noop"))
        var shorter = log
        shorter.truncate(to: 64)
        #expect(shorter.count == 64 && shorter.lastTerm == 64 && log.count == 130)
        #expect(shorter != log && shorter == RaftLog(log.prefix(64)))
    }
}
