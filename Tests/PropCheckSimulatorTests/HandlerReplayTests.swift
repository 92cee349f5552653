import Testing
import PropCheckEngine
import PropCheckSimulator

@Suite("Handler replay")
struct HandlerReplayTests {
    @Test("replays every start, delivery and timer of a run, and refuses a run with a crash")
    func replay() throws {
        let run = try runPingPong(nodes: 3, [.wait(ticks: 30)])
        let trace = try #require(run.trace)
        let inputs = trace.filter {
            switch $0.kind {
            case .start, .deliver, .timer, .request: true
            default: false
            }
        }.count
        #expect(inputs > 10)
        #expect(HandlerReplay.run(trace, initialMembers: [1, 2, 3], parameters: .plain) == inputs)
        let crashed = try runPingPong(nodes: 3, [.wait(ticks: 11), .crash(2), .wait(ticks: 5)])
        #expect(HandlerReplay.run(try #require(crashed.trace), initialMembers: [1, 2, 3], parameters: .plain) == nil)
    }
}
