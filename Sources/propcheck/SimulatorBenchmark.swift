import ExampleProtocols
import PropCheckCLI
import PropCheckEngine
import PropCheckSimulator
import Raft
import RaftProperties

/// `propcheck bench`'s simulator section: simulated events per second on one core,
/// for PingPong (a protocol that does almost nothing, so the figure is the
/// framework's own cost per event) and for 5-node Raft with a client workload and
/// every checker on, as campaigns run it.
struct SimulatorBenchmark {
    /// Virtual ticks per throughput run.
    var ticks: Int
    /// Generated runs for the schedules-per-second figure.
    var schedules: Int

    /// What the benchmark measured.
    struct Report: Encodable {
        var nodes: Int
        var eventsPerRun: Int
        var eventsPerSecondFaultFree: Int
        var eventsPerSecondWithFaults: Int
        var schedulesPerSecond: Int
        var eventsPerSecondGenerated: Int
        /// The same work done by ``MinimalEventLoop``, measured in the same run.
        var minimalLoopEventsPerSecond: Int
        /// How many times slower than the minimal loop the fault-free PingPong runs:
        /// the framework's overhead as one number that holds across machines.
        var overheadRatio: Double
        var raft: RaftFigures
    }

    /// Raft's figures: 5 servers, a request every 10 ticks.
    struct RaftFigures: Encodable {
        var eventsPerRun: Int
        var eventsPerSecondWithCheckers: Int
        var eventsPerSecondWithoutCheckers: Int
        var eventsPerSecondWithFaults: Int
        var schedulesPerSecond: Int
        /// Shares of a checked run's time: the protocol's handlers (timed by replaying
        /// them alone, so the replay loop's own cost counts as theirs: an upper bound),
        /// the checkers (a checked run against an unchecked one), and the rest, the
        /// framework: queue, network, choices, effects.
        var handlerShare: Double
        var checkerShare: Double
        var frameworkShare: Double
    }

    /// The median events per second of 5 runs of `schedule`, and the events of one run.
    func throughput<Node>(_ configuration: SimulationConfiguration<Node>, _ schedule: Schedule<Node.Request>,
                          _ options: SwarmOptions) throws -> (events: Int, rate: Int) {
        let simulator = Simulator(configuration)
        var rates: [Double] = [], events = 0
        for seed in 0..<5 {
            let clock = ContinuousClock(), start = clock.now
            let run = try simulator.run(schedule, options: options, source: ChoiceSource(seed: Seed(UInt64(seed))))
            rates.append(Double(run.statistics.events) / max((clock.now - start).inSeconds, 1e-9))
            events = run.statistics.events
        }
        return (events, Int(median(rates)))
    }

    /// Generated runs per second and their events per second.
    func generated<Node>(_ configuration: SimulationConfiguration<Node>, runs: Int) throws -> (schedules: Int, events: Int) {
        let generator = Simulator(configuration).generator()
        let clock = ContinuousClock(), start = clock.now
        var events = 0
        for index in 0..<runs {
            events += try generator.generate(from: ChoiceSource(seed: Seed(7).caseSeed(index))).statistics.events
        }
        let elapsed = max((clock.now - start).inSeconds, 1e-9)
        return (Int(Double(runs) / elapsed), Int(Double(events) / elapsed))
    }

    func run() throws -> Report {
        let nodes = 5
        let configuration = SimulationConfiguration<PingPong>(parameters: .plain, nodes: nodes, maxEvents: Int.max / 2, healTicks: 0)
        let schedule = Schedule<NoRequest>(initialNodes: nodes, steps: [.wait(ticks: ticks)])
        let plain = try throughput(configuration, schedule, SwarmOptions())
        let faulty = try throughput(configuration, schedule, SwarmOptions(enabling: [.loss, .duplication, .delay]))
        var generatedConfiguration = configuration
        generatedConfiguration.healTicks = 200
        generatedConfiguration.maxEvents = 100_000
        let pingPongGenerated = try generated(generatedConfiguration, runs: schedules)
        let loop = MinimalEventLoop(nodes: nodes).rate(events: plain.events)
        return Report(nodes: nodes, eventsPerRun: plain.events, eventsPerSecondFaultFree: plain.rate,
                      eventsPerSecondWithFaults: faulty.rate, schedulesPerSecond: pingPongGenerated.schedules,
                      eventsPerSecondGenerated: pingPongGenerated.events, minimalLoopEventsPerSecond: loop,
                      overheadRatio: Double(loop) / Double(max(plain.rate, 1)), raft: try raft(nodes: nodes))
    }

    func raft(nodes: Int) throws -> RaftFigures {
        var configuration = raftConfiguration(.correct, nodes: nodes)
        configuration.maxEvents = Int.max / 2
        configuration.healTicks = 0
        configuration.liveness = nil
        // A client request every 10 ticks, round the servers, over the two keys.
        let steps = (0..<ticks / 10).flatMap { i -> [ScheduleStep<KVRequest>] in
            let operation: KVOperation = i % 3 == 0 ? .get(key: i % 2) : (i % 3 == 1 ? .put(key: i % 2, value: i % 10)
                                                                             : .add(key: i % 2, delta: 1))
            return [.request(NodeID(1 + i % nodes), .kv(operation)), .wait(ticks: 10)]
        }
        let schedule = Schedule(initialNodes: nodes, steps: steps)
        let options = SwarmOptions(enabling: [], requests: true)
        let checked = try throughput(configuration, schedule, options)
        var unchecked = configuration
        unchecked.checkers = { [] }
        let bare = try throughput(unchecked, schedule, options)
        let faulty = try throughput(configuration, schedule, SwarmOptions(enabling: [.loss, .duplication, .delay], requests: true))
        let campaign = try generated(raftConfiguration(.correct, nodes: nodes), runs: schedules)
        // The same run's handler calls alone, timed the same way (median of 5).
        let trace = try Simulator(configuration).run(schedule, options: options, source: ChoiceSource(seed: Seed(0)),
                                                     recordTrace: true).trace ?? []
        var handlerSeconds: [Double] = []
        for _ in 0..<5 {
            let clock = ContinuousClock(), start = clock.now
            guard HandlerReplay.run(trace, initialMembers: (1...nodes).map { NodeID($0) }, parameters: configuration.parameters) != nil else {
                throw BenchmarkError.handlerReplayFailed
            }
            handlerSeconds.append((clock.now - start).inSeconds)
        }
        let checkedSeconds = Double(checked.events) / Double(max(checked.rate, 1))
        let bareSeconds = Double(bare.events) / Double(max(bare.rate, 1))
        let handlerShare = median(handlerSeconds) / checkedSeconds
        let checkerShare = max(checkedSeconds - bareSeconds, 0) / checkedSeconds
        return RaftFigures(eventsPerRun: checked.events, eventsPerSecondWithCheckers: checked.rate,
                           eventsPerSecondWithoutCheckers: bare.rate, eventsPerSecondWithFaults: faulty.rate,
                           schedulesPerSecond: campaign.schedules, handlerShare: handlerShare, checkerShare: checkerShare,
                           frameworkShare: max(1 - handlerShare - checkerShare, 0))
    }

    static func render(_ report: Report) -> String {
        """
        Simulator throughput (PingPong, \(report.nodes) nodes, one core, median of 5 runs of \(grouped(report.eventsPerRun)) events):
          no faults:                          \(leftPad(grouped(report.eventsPerSecondFaultFree), 12)) events/s
          loss, duplication and delay on:     \(leftPad(grouped(report.eventsPerSecondWithFaults), 12)) events/s
          generated schedules (swarm, heal):  \(leftPad(grouped(report.schedulesPerSecond), 12)) schedules/s, \(grouped(report.eventsPerSecondGenerated)) events/s
          a minimal event loop, same work:    \(leftPad(grouped(report.minimalLoopEventsPerSecond), 12)) events/s (the framework's overhead: PingPong runs \((report.overheadRatio * 10).rounded() / 10)x slower)

        Raft throughput (\(report.nodes) servers, a client request every 10 ticks, one core, median of 5 runs of \(grouped(report.raft.eventsPerRun)) events):
          every checker on:                   \(leftPad(grouped(report.raft.eventsPerSecondWithCheckers), 12)) events/s
          no checkers:                        \(leftPad(grouped(report.raft.eventsPerSecondWithoutCheckers), 12)) events/s
          checkers, loss+duplication+delay:   \(leftPad(grouped(report.raft.eventsPerSecondWithFaults), 12)) events/s
          generated campaign runs:            \(leftPad(grouped(report.raft.schedulesPerSecond), 12)) schedules/s
          time of a checked run:  Raft's handlers \(percent(report.raft.handlerShare)), checkers \(percent(report.raft.checkerShare)), framework \(percent(report.raft.frameworkShare))
        """
    }
}

/// `0.423` as `42%`.
func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }

/// Why the simulator benchmark could not measure.
enum BenchmarkError: Error, CustomStringConvertible {
    case handlerReplayFailed

    var description: String { "bench: the Raft run cannot be replayed handler by handler" }
}
