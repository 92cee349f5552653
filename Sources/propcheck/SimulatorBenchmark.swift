import ExampleProtocols
import PropCheckEngine
import PropCheckSimulator

/// `propcheck bench`'s simulator section: how many simulated events per second the
/// framework sustains on PingPong, the protocol that does almost nothing, so the
/// figure is the framework's own cost per event.
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
    }

    func run() throws -> Report {
        let nodes = 5
        let configuration = SimulationConfiguration<PingPong>(nodes: nodes, maxEvents: Int.max / 2, healTicks: 0)
        let simulator = Simulator(configuration)
        let schedule = Schedule<NoRequest>(initialNodes: nodes, steps: [.wait(ticks: ticks)])
        func measure(_ options: SwarmOptions) throws -> (events: Int, rate: Int) {
            var rates: [Double] = [], events = 0
            for seed in 0..<5 {
                let clock = ContinuousClock(), start = clock.now
                let run = try simulator.run(schedule, options: options, source: ChoiceSource(seed: Seed(UInt64(seed))))
                rates.append(Double(run.statistics.events) / max((clock.now - start).inSeconds, 1e-9))
                events = run.statistics.events
            }
            return (events, Int(median(rates)))
        }
        let plain = try measure(SwarmOptions())
        let faulty = try measure(SwarmOptions(enabling: [.loss, .duplication, .delay]))

        var generatedConfiguration = configuration
        generatedConfiguration.healTicks = 200
        generatedConfiguration.maxEvents = 100_000
        let generator = Simulator(generatedConfiguration).generator()
        let clock = ContinuousClock(), start = clock.now
        var generatedEvents = 0
        for index in 0..<schedules {
            generatedEvents += try generator.generate(from: ChoiceSource(seed: Seed(7).caseSeed(index))).statistics.events
        }
        let elapsed = max((clock.now - start).inSeconds, 1e-9)
        return Report(nodes: nodes, eventsPerRun: plain.events, eventsPerSecondFaultFree: plain.rate,
                      eventsPerSecondWithFaults: faulty.rate, schedulesPerSecond: Int(Double(schedules) / elapsed),
                      eventsPerSecondGenerated: Int(Double(generatedEvents) / elapsed))
    }

    static func render(_ report: Report) -> String {
        """
        Simulator throughput (PingPong, \(report.nodes) nodes, one core, median of 5 runs of \(grouped(report.eventsPerRun)) events):
          no faults:                          \(leftPad(grouped(report.eventsPerSecondFaultFree), 12)) events/s
          loss, duplication and delay on:     \(leftPad(grouped(report.eventsPerSecondWithFaults), 12)) events/s
          generated schedules (swarm, heal):  \(leftPad(grouped(report.schedulesPerSecond), 12)) schedules/s, \(grouped(report.eventsPerSecondGenerated)) events/s
        """
    }
}
