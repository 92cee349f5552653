import Foundation
import PropCheckCampaign
import PropCheckEngine

/// `propcheck bench`'s campaign section: generated campaigns of the correct
/// variants as users run them (swarm faults, heal phase, every checker), on one
/// core and on every core, with the scaling between them; and the peak memory of
/// whole default campaigns of growing length, each in its own process.
struct CampaignBenchmark {
    var tool: PropCheckTool
    /// Runs per throughput campaign.
    var iterations: Int
    /// The targets measured: PingPong (the framework's floor), gms4, Raft.
    var targets: [CampaignTarget]
    /// Campaign lengths whose peak memory is measured.
    var memoryIterations: [Int]
    /// Jobs for the all-cores figure.
    var cores: Int

    /// One target's throughput.
    struct Throughput: Encodable {
        var target: String
        var iterations: Int
        var oneCoreSchedulesPerSecond: Int
        var oneCoreEventsPerSecond: Int
        var jobs: Int
        var allCoresSchedulesPerSecond: Int
        var allCoresEventsPerSecond: Int
        /// All cores over one core, in schedules per second.
        var scaling: Double
    }

    /// The peak resident memory of a default campaign of `iterations` runs per target.
    struct Memory: Encodable {
        var iterations: Int
        var peakMemoryBytes: Int
    }

    /// What the section measured.
    struct Report: Encodable {
        var throughput: [Throughput]
        var memory: [Memory]
    }

    func run() async throws -> Report {
        var rows: [Throughput] = []
        for target in targets {
            let one = await target.run(CampaignOptions(iterations: iterations, seed: Seed(0x5eed), jobs: 1))
            let all = await target.run(CampaignOptions(iterations: iterations, seed: Seed(0x5eed), jobs: cores))
            rows.append(Throughput(target: target.name, iterations: iterations,
                                   oneCoreSchedulesPerSecond: one.schedulesPerSecond, oneCoreEventsPerSecond: one.eventsPerSecond,
                                   jobs: cores, allCoresSchedulesPerSecond: all.schedulesPerSecond,
                                   allCoresEventsPerSecond: all.eventsPerSecond,
                                   scaling: Double(all.schedulesPerSecond) / Double(max(one.schedulesPerSecond, 1))))
        }
        var memory: [Memory] = []
        for iterations in memoryIterations {
            memory.append(Memory(iterations: iterations, peakMemoryBytes: try peakMemory(ofCampaignWith: iterations)))
        }
        return Report(throughput: rows, memory: memory)
    }

    /// Runs `propcheck --iterations N` in a child (a fresh process, so nothing the
    /// benchmark did before counts) with a scratch corpus, and reads the peak it reports.
    func peakMemory(ofCampaignWith iterations: Int) throws -> Int {
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("propcheck-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: corpus) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool.executable)
        process.arguments = ["--iterations", String(iterations), "--corpus", corpus.path, "--format", "json"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? output.fileHandleForReading.close()
        struct Summary: Decodable { var peakMemoryBytes: Int }
        guard let summary = try? JSONDecoder().decode(Summary.self, from: data) else {
            throw InputError(message: "bench: the campaign of \(iterations) runs exited with status \(process.terminationStatus) and no summary")
        }
        return summary.peakMemoryBytes
    }

    static func render(_ report: Report) -> String {
        var lines = ["Campaigns of the correct variants (swarm faults, heal phase, every checker; seed 5eed):",
                     "  " + rightPad("target", 10) + leftPad("runs", 8) + leftPad("1 core", 14) + leftPad("events/s", 12)
                        + leftPad("jobs", 6) + leftPad("all cores", 14) + leftPad("events/s", 12) + leftPad("scaling", 9)]
        for row in report.throughput {
            lines.append("  " + rightPad(row.target, 10) + leftPad(grouped(row.iterations), 8)
                + leftPad(grouped(row.oneCoreSchedulesPerSecond) + " sch/s", 14) + leftPad(grouped(row.oneCoreEventsPerSecond), 12)
                + leftPad(String(row.jobs), 6) + leftPad(grouped(row.allCoresSchedulesPerSecond) + " sch/s", 14)
                + leftPad(grouped(row.allCoresEventsPerSecond), 12) + leftPad(String(format: "%.2fx", row.scaling), 9))
        }
        if !report.memory.isEmpty {
            lines.append("")
            lines.append("Peak memory of the default campaign (every correct variant, own process, scratch corpus):")
            for row in report.memory {
                lines.append("  " + leftPad(grouped(row.iterations), 9) + " runs each: "
                    + String(format: "%.1f MB", Double(row.peakMemoryBytes) / 1_048_576))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// The most resident memory this process has used, in bytes. On Linux it is read
/// from /proc (VmHWM), which starts afresh at exec: `getrusage` there carries the
/// parent's peak into a child it spawns, so a small campaign started by a large
/// benchmark process reported the benchmark's memory.
func processPeakMemoryBytes() -> Int {
    #if os(Linux)
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
       let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
       let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
        return kilobytes * 1024
    }
    #endif
    var usage = rusage()
    #if os(Linux)
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    return usage.ru_maxrss * 1024  // kilobytes on Linux
    #else
    guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
    return usage.ru_maxrss  // bytes on Darwin
    #endif
}
