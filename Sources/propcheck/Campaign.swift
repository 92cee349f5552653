import ExampleProtocols
import Groupy
import GroupyProperties
import PropCheckEngine
import PropCheckSimulator

/// A fuzzing campaign over one protocol: generated runs (swarm options, schedule,
/// message fates) checked by the protocol's checkers and liveness goal; the first
/// failure is shrunk and reported with a replay token.
struct Campaign<Node: SimulatedNode> {
    /// The protocol's name on the command line.
    var name: String
    /// The simulator, with the protocol's configuration and properties.
    var simulator: Simulator<Node>
    var iterations: Int
    var seed: Seed

    func run() async -> CampaignReport {
        var events = 0
        let report = await forAll(simulator.generator(), name: name,
                                  configuration: PropertyConfiguration(iterations: iterations, seed: seed)) { run, context in
            events += run.statistics.events
            for kind in run.options.enabledKinds where run.statistics.count(of: kind) > 0 { context.label(kind.rawValue) }
            return run.violation == nil
        }
        var failure: CampaignReport.Failure?
        if let counterexample = report.counterexample {
            let replayed = try? simulator.replay(counterexample.replayToken.choices.values)
            failure = CampaignReport.Failure(
                property: counterexample.value.violation?.property ?? "?",
                message: counterexample.value.violation?.message ?? counterexample.failure,
                counterexample: counterexample.value.description,
                trace: replayed.flatMap { $0.trace.map(TraceRenderer.log) } ?? "",
                replayToken: counterexample.replayToken.description,
                shrinkCalls: counterexample.shrinkStatistics.calls,
                originalSteps: counterexample.original.schedule.steps.count,
                shrunkSteps: counterexample.value.schedule.steps.count)
        }
        let faultCounts = Dictionary(uniqueKeysWithValues: report.labelCounts.map { ($0.label, $0.count) })
        let silent = simulator.configuration.faults.sorted().map(\.rawValue).filter { faultCounts[$0, default: 0] == 0 }
        let elapsed = max(seconds(report.duration), 1e-9)
        return CampaignReport(
            protocolName: name, seed: seed.description, iterations: report.passed + (failure == nil ? 0 : 1),
            failure: failure, runsWithFault: faultCounts, faultKindsThatNeverFired: silent,
            schedulesPerSecond: Int(Double(report.passed) / elapsed), eventsPerSecond: Int(Double(events) / elapsed),
            seconds: elapsed)
    }
}

/// What a campaign found and how fast it ran.
struct CampaignReport: Encodable {
    struct Failure: Encodable {
        var property: String
        var message: String
        var counterexample: String
        var trace: String
        var replayToken: String
        var shrinkCalls: Int
        var originalSteps: Int
        var shrunkSteps: Int
    }

    var protocolName: String
    var seed: String
    var iterations: Int
    var failure: Failure?
    /// Runs in which each fault kind actually fired.
    var runsWithFault: [String: Int]
    /// Fault kinds the campaign was allowed to inject that never fired: a warning sign.
    var faultKindsThatNeverFired: [String]
    var schedulesPerSecond: Int
    /// Simulated events per second, shrinking runs included.
    var eventsPerSecond: Int
    var seconds: Double

    var text: String {
        var lines = ["\(protocolName): \(iterations) runs from seed \(seed) in \(formatDuration(.milliseconds(Int(seconds * 1000)))): "
            + "\(grouped(schedulesPerSecond)) schedules/s, \(grouped(eventsPerSecond)) events/s"]
        let fired = runsWithFault.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("  runs in which each fault fired: " + (fired.isEmpty ? "none" : fired))
        if !faultKindsThatNeverFired.isEmpty {
            lines.append("  WARNING: these fault kinds never fired: \(faultKindsThatNeverFired.joined(separator: ", "))"
                + " (a fuzzer whose faults are inert passes falsely)")
        }
        if let failure {
            lines.append("  ✗ FAILED \(failure.property): \(failure.message)")
            lines.append("  shrunk from \(failure.originalSteps) to \(failure.shrunkSteps) schedule steps in \(failure.shrinkCalls) calls:")
            lines += failure.counterexample.split(separator: "\n").map { "    " + $0 }
            lines.append("  trace:")
            lines += failure.trace.split(separator: "\n").suffix(40).map { "    " + $0 }
            lines.append("  replay: \(failure.replayToken)")
        } else {
            lines.append("  ✓ no property failed")
        }
        return lines.joined(separator: "\n")
    }
}

/// The protocols a campaign can fuzz, by name.
enum CampaignTargets {
    static let names = ["pingpong"] + GMSVersion.allCases.map(\.rawValue)

    static func run(_ name: String, iterations: Int, seed: Seed) async -> CampaignReport? {
        func gms<V: GMSVersionTag>(_ version: V.Type) async -> CampaignReport {
            await Campaign(name: name, simulator: Simulator(gmsConfiguration(V.self)), iterations: iterations, seed: seed).run()
        }
        switch name {
        case "gms1": return await gms(GMS1.self)
        case "gms2": return await gms(GMS2.self)
        case "gms3": return await gms(GMS3.self)
        case "gms3-offbyone": return await gms(GMS3OffByOne.self)
        case "gms4": return await gms(GMS4.self)
        case "pingpong":
            let configuration = SimulationConfiguration<PingPong>(nodes: 3, healTicks: 300,
                                                                  liveness: PingPong.everyoneHearsEveryone())
            return await Campaign(name: name, simulator: Simulator(configuration), iterations: iterations, seed: seed).run()
        default:
            return nil
        }
    }
}
