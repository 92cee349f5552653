import Foundation
import Testing
import PropCheckTesting
import PropCheckCampaign
import PropCheckCorpus

/// How a corpus file is damaged: a field dropped or given a hostile value, a field of
/// the recorded plan's swarm options likewise, or the file cut short.
enum Mutation: Sendable, CustomStringConvertible {
    case drop(field: String)
    case set(field: String, value: HostileValue)
    case setSwarm(field: String, value: HostileValue)
    case truncate(permille: Int)

    var description: String {
        switch self {
        case .drop(let field): "drop \(field)"
        case .set(let field, let value): "\(field) = \(value)"
        case .setSwarm(let field, let value): "plan.options.\(field) = \(value)"
        case .truncate(let permille): "truncate to \(permille)‰"
        }
    }
}

/// Values a damaged or hostile file may hold where another was expected.
enum HostileValue: CaseIterable, Sendable, CustomStringConvertible {
    case zero, minusOne, huge, hugeNegative, maxInt, fraction, text, escape, quoteAndNewline, yes, null, emptyArray, emptyObject

    var json: Any {
        switch self {
        case .zero: 0
        case .minusOne: -1
        case .huge: 1_000_000_000_000
        case .hugeNegative: -1_000_000_000_000
        case .maxInt: Int.max
        case .fraction: 1.5
        case .text: "1"
        case .escape: "\u{1B}[2J\u{202E}\u{07}"
        case .quoteAndNewline: "a\"b\n}\n@Test func evil() {}"
        case .yes: true
        case .null: NSNull()
        case .emptyArray: [Any]()
        case .emptyObject: [String: Any]()
        }
    }

    var description: String { "\(json)" }
}

/// Corpus files, damaged at random, replayed and reported by the built tool: whatever
/// a file holds, the tool exits 0, 1 or 2 (naming the file on 2), never dies on a
/// signal, never reports an internal error and never hangs, within 2 GB of memory.
@Suite("Corpus files, damaged")
struct CorpusMutationProperties {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpus")
    static let fields = ["format", "protocol", "variant", "property", "message", "kind", "faults", "nodes",
                         "checkedProperty", "swarm", "schedule", "plan", "replay", "shrink", "trace"]
    static let swarmFields = ["lossPercent", "duplicationPercent", "maxExtraDelayTicks", "crashes", "requests"]

    static var mutation: Gen<Mutation> {
        Gen.oneOf(
            Gen.element(of: fields).map { Mutation.drop(field: $0) },
            zip(Gen.element(of: fields), Gen.element(of: HostileValue.allCases)).map { Mutation.set(field: $0.0, value: $0.1) },
            zip(Gen.element(of: swarmFields), Gen.element(of: HostileValue.allCases))
                .map { Mutation.setSwarm(field: $0.0, value: $0.1) },
            Gen<Int>.int(in: 0...999).map { Mutation.truncate(permille: $0) })
    }

    /// The damaged file's bytes.
    static func damage(_ data: Data, with mutation: Mutation) throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return data }
        switch mutation {
        case .drop(let field): object[field] = nil
        case .set(let field, let value): object[field] = value.json
        case .setSwarm(let field, let value):
            var plan = object["plan"] as? [String: Any] ?? [:]
            var options = plan["options"] as? [String: Any] ?? [:]
            options[field] = value.json
            plan["options"] = options
            object["plan"] = plan
            // A diverged replay makes the tool run the plan, swarm options and all.
            object["replay"] = "pc1:1:7.7.7"
        case .truncate(let permille):
            return data.prefix(data.count * permille / 1000)
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Runs the built tool on `arguments` with 2 GB of address space and a 60 s limit.
    static func runTool(_ arguments: [String]) throws -> (status: Int32, signalled: Bool, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = ([Isolation.locate()] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        process.arguments = ["-c", "ulimit -v 2000000; exec " + quoted.joined(separator: " ")]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let killer = DispatchWorkItem { [weak process] in if let process, process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: killer)
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        killer.cancel()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, text)
    }

    @Test("replay and report of a damaged corpus file exit 0, 1 or 2, naming the file on 2; never a crash or a hang")
    func damagedFiles() async throws {
        let files = try Corpus(directory: Self.corpus).files()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mutations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = zip(Gen<Int>.int(in: 0...(files.count - 1)), Self.mutation)
        await checkProperty(input, configuration: PropertyConfiguration(iterations: 80, shrinkBudget: ShrinkBudget(maxCalls: 40))) { pair, context in
            let (index, mutation) = pair
            context.note("\(files[index].lastPathComponent): \(mutation)")
            let damaged = scratch.appendingPathComponent("damaged-\(index).json")
            try Self.damage(try Data(contentsOf: files[index]), with: mutation).write(to: damaged)
            for command in [["replay", damaged.path], ["report", damaged.path, "--output", scratch.path]] {
                let run = try Self.runTool(command)
                context.note("\(command[0]): exit \(run.status)\(run.signalled ? " (signal)" : ""): \(run.errors.prefix(300))")
                guard !run.signalled, [0, 1, 2].contains(run.status) else { return false }
                if run.status == 2 && !run.errors.contains(damaged.path) { return false }
            }
            return true
        }
    }
}
