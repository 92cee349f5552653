import Testing
import PropCheckEngine
import PropCheckSimulator
import Raft
import RaftProperties

/// The executable model of Raft (Figure 2): its refinement mapping, its step relation,
/// and conformance over runs.
@Suite("Raft model")
struct ModelTests {
    /// A running server's abstract state, built from parts.
    func server(_ role: RaftRole = .follower, term: Int, votedFor: NodeID? = nil, log: [LogEntry] = [],
                commit: Int = 0, members: [NodeID] = [1, 2, 3]) -> RaftModelServer {
        var state = RaftModelServer(down: RaftDurable(term: term, votedFor: votedFor, log: RaftLog(log)), initialMembers: members)
        state.up = true
        state.role = role
        state.commitIndex = commit
        return state
    }

    func put(_ term: Int, _ seq: Int) -> LogEntry {
        LogEntry(term: term, command: .client(ClientID(node: 1, life: 0), seq: seq, .put(key: 0, value: seq)))
    }

    @Test("seed 004: the implementation's no-op entries map to the specification's logs without them, and conformance passes")
    func seed004NoOpsAreNotDivergence() throws {
        // As in seed 004: a leader elected, then another in a later term, no client entries.
        let schedule = Schedule<KVRequest>(initialNodes: 3, steps: [.wait(ticks: 300), .crash(1), .wait(ticks: 400),
                                                                     .restart(1), .wait(ticks: 400)])
        let run = try Simulator(raftConfiguration(.correct, nodes: 3)).run(
            schedule, options: SwarmOptions(enabling: [.crash]), recordTrace: true)
        #expect(run.violation == nil, "\(run)")
        let servers = run.finalStates.compactMap { $0 }
        #expect(servers.count == 3)
        for server in servers {
            #expect(server.log.count >= 2 && server.log.allSatisfy { $0.command == .noop },
                    "the implementation's logs hold one no-op per leader: \(server.log)")
            let model = RaftModelServer(server)
            #expect(model.log.isEmpty, "the specification's logs are empty: \(model)")
            #expect(model.logEnd.index == server.log.count, "what elections compare is kept: \(model.logEnd)")
        }
        #expect((run.coverage?.states.count ?? 0) > 1, "the run covered model states")
    }

    @Test("the naive mapping, with the no-ops, would diverge: a follower's log then holds entries no client asked for")
    func naiveComparisonDiffers() {
        var log = RaftLog()
        log.append(LogEntry(term: 2, command: .noop))
        log.append(LogEntry(term: 3, command: .noop))
        let server = RaftServer(id: 1, cluster: ClusterInfo(initialMembers: [1, 2, 3]),
                                durable: RaftDurable(term: 3, votedFor: 2, log: log), parameters: .correct)
        #expect(server.log.count == 2)
        #expect(RaftModelServer(server).log == [])
        #expect(RaftModelServer(server).logEnd == .init(term: 3, index: 2))
    }

    @Test("a leader may commit an earlier term's entry only through an entry of its own term (Figure 8)")
    func figure8Commit() {
        let entry = put(1, 1), noOp = LogEntry(term: 2, command: .noop)
        /// The step from `before` to `before` with commit index `commit`, the other two
        /// servers holding `log` (a quorum, by count).
        func commit(_ log: [LogEntry], to index: Int) -> ModelVerdict<RaftModel.Action> {
            var model = RaftModel()
            _ = model.step(ModelStep(node: 1, cause: .start, before: nil, after: server(term: 0), cluster: .init(states: [])))
            let before = server(.leader, term: 2, votedFor: 1, log: log)
            var after = before
            after.commitIndex = index
            let others = [server(term: 2, votedFor: 1, log: log), server(term: 2, votedFor: 1, log: log)]
            return model.step(ModelStep(node: 1, cause: .timer(.heartbeat), before: before, after: after,
                                        cluster: AbstractCluster(states: [before] + others)))
        }
        guard case .divergence(let reason) = commit([entry], to: 1) else {
            Issue.record("committing a term-1 entry in term 2 by counting replicas must diverge")
            return
        }
        #expect(reason.contains("Figure 8"), "\(reason)")
        // Through its own no-op, which the specification does not have, the same entry commits.
        guard case .allowed(let actions) = commit([entry, noOp], to: 2) else {
            Issue.record("committing through the leader's own no-op is Figure 2's rule")
            return
        }
        #expect(actions.map(\.description) == ["AdvanceCommitIndex(2)"])
        var committed = server(.leader, term: 2, votedFor: 1, log: [entry, noOp], commit: 2)
        #expect(committed.log == [entry] && committed.committedEntries == 1, "the specification sees one committed entry")
        committed.commitIndex = 1
        #expect(committed.description.hasSuffix("commit 1 (+1 no-op)"), "\(committed)")
    }

    @Test("a crash must keep term, vote and log; a restart begins from them")
    func crashKeepsDurableState() {
        var model = RaftModel()
        let up = server(.candidate, term: 3, votedFor: 1, log: [put(1, 1)])
        var lost = RaftModelServer(down: RaftDurable(term: 2, votedFor: nil, log: RaftLog([put(1, 1)])), initialMembers: [1, 2, 3])
        guard case .divergence = model.step(ModelStep(node: 1, cause: .crash, before: up, after: lost,
                                                      cluster: .init(states: [up]))) else {
            Issue.record("a crash that loses the term must diverge")
            return
        }
        lost = RaftModelServer(down: RaftDurable(term: 3, votedFor: 1, log: RaftLog([put(1, 1)])), initialMembers: [1, 2, 3])
        guard case .allowed(let actions) = model.step(ModelStep(node: 1, cause: .crash, before: up, after: lost,
                                                                cluster: .init(states: [up]))) else {
            Issue.record("a crash that keeps term, vote and log is allowed")
            return
        }
        #expect(actions.map(\.description) == ["Crash"])
    }

    @Test("a vote goes once per term, to a candidate that stood with a log at least as up to date")
    func voteRules() {
        var model = RaftModel()
        let candidateBefore = server(term: 1, log: [put(1, 1)])
        let candidate = server(.candidate, term: 2, votedFor: 2, log: [put(1, 1)])
        _ = model.step(ModelStep(node: 2, cause: .timer(.election), before: candidateBefore, after: candidate,
                                 cluster: .init(states: [nil, candidateBefore])))
        // A voter with a longer log of the same last term must refuse.
        let voter = server(term: 1, log: [put(1, 1), put(1, 2)])
        var voted = voter
        voted.term = 2
        voted.votedFor = 2
        guard case .divergence(let reason) = model.step(ModelStep(node: 1, cause: .start, before: voter, after: voted,
                                                                  cluster: .init(states: [voter, candidate]))) else {
            Issue.record("a vote for a less up-to-date candidate must diverge")
            return
        }
        #expect(reason.contains("less up to date"), "\(reason)")
        // One whose log is no longer may vote.
        let behind = server(term: 1, log: [put(1, 1)], members: [1, 2, 3])
        var grants = behind
        grants.term = 2
        grants.votedFor = 2
        guard case .allowed(let actions) = model.step(ModelStep(node: 3, cause: .start, before: behind, after: grants,
                                                                cluster: .init(states: [voter, candidate, behind]))) else {
            Issue.record("a vote for an up-to-date candidate is allowed")
            return
        }
        #expect(actions.map(\.description) == ["UpdateTerm(t2)", "Vote(n2, t2)"])
    }

    @Test("conformance catches a planted bug at its first wrong step: commit-previous-term commits by counting")
    func conformanceCatchesFigure8() async throws {
        // Conformance alone: the current-term-commit checker would see the same commit first.
        var configuration = raftConfiguration(RaftVariant(bug: .commitPreviousTerm))
        configuration.checkers = { [] }
        configuration.liveness = nil
        let report = await forAll(Simulator(configuration),
                                  name: "raft-model-figure8",
                                  configuration: PropertyConfiguration(iterations: 300, seed: Seed(0x5eed), shrinks: false,
                                                                       maxChoicesPerCase: 1_000_000)) { run, _ in
            run.violation?.property != conformancePropertyName
        }
        guard let counterexample = report.counterexample else {
            Issue.record("300 runs of commit-previous-term never diverged from the model")
            return
        }
        let message = counterexample.value.violation?.message ?? ""
        #expect(message.contains("model state before:") && message.contains("implementation, as model:"),
                "both states side by side: \(message)")
    }
}
