import Foundation
import PropCheckCampaign
import PropCheckCorpus
import PropCheckEngine
import PropCheckSimulator

/// A complete `propcheck` for a set of targets: every subcommand (campaigns, `list`,
/// `replay`, `report`, `zoo`, `bench`, `corpus merge`), option, output format and exit
/// code. The shipped `propcheck` is this tool with the built-in targets; a user's
/// executable target makes its own with theirs:
///
/// ```swift
/// import PropCheckCLI
/// await PropCheckTool.main(name: "kv-fuzz", targets: [correctTarget, plantedBugTarget],
///                          testSupport: .init(imports: ["KVProtocol"], registry: "KVTargets.registry"))
/// ```
///
/// `--isolate` re-invokes the executable that runs the tool (from a test bundle, the
/// executable named `name` beside it).
public struct PropCheckTool: Sendable {
    /// The program's name, as usage, messages and `--isolate` (which re-invokes it) use it.
    public var name: String
    /// The targets it knows.
    public var registry: TargetRegistry
    /// How `replay --as-test` writes a test that finds a target in the user's package.
    public var testSupport: RegressionTestSupport
    /// Extra sections of `bench`, after the engine's and before the campaigns'.
    public var benchmarks: [ToolBenchmark]
    /// Lines `list` adds at its end (hand-written scenarios, say).
    public var listingNotes: String?

    /// A tool over `registry`.
    public init(name: String = "propcheck", registry: TargetRegistry,
                testSupport: RegressionTestSupport = RegressionTestSupport(),
                benchmarks: [ToolBenchmark] = [], listingNotes: String? = nil) {
        self.name = name
        self.registry = registry
        self.testSupport = testSupport
        self.benchmarks = benchmarks
        self.listingNotes = listingNotes
    }

    /// A tool over `targets`; a bad target definition (two targets of one name, one
    /// that checks nothing) is an error that names it.
    public init(name: String = "propcheck", targets: [CampaignTarget],
                testSupport: RegressionTestSupport = RegressionTestSupport(),
                benchmarks: [ToolBenchmark] = [], listingNotes: String? = nil) throws(TargetDefinitionError) {
        self.init(name: name, registry: try TargetRegistry(targets), testSupport: testSupport,
                  benchmarks: benchmarks, listingNotes: listingNotes)
    }

    /// Runs `arguments` (without the program name) and returns the exit status:
    /// 0 nothing failed, 1 a property failed, 2 bad usage or input, 3 internal error.
    public func run(_ arguments: [String]) async -> Int32 {
        await execute(arguments).rawValue
    }

    /// Runs the process's own arguments and exits with the status.
    public func main() async -> Never {
        exit(await run(Array(CommandLine.arguments.dropFirst())))
    }

    /// Builds a tool over `targets` and runs the process's arguments; a bad target
    /// definition is reported at start-up (exit 2), before any argument is read.
    public static func main(name: String, targets: [CampaignTarget],
                            testSupport: RegressionTestSupport = RegressionTestSupport(),
                            benchmarks: [ToolBenchmark] = [], listingNotes: String? = nil) async -> Never {
        let tool: PropCheckTool
        do {
            tool = try PropCheckTool(name: name, targets: targets, testSupport: testSupport,
                                     benchmarks: benchmarks, listingNotes: listingNotes)
        } catch {
            printError("\(name): \(error)")
            exit(ExitCode.usage.rawValue)
        }
        await tool.main()
    }

    /// The executable `--isolate` re-invokes: this one.
    var executable: String { Isolation.locate(named: name) }

    /// Crash isolation through this tool's executable.
    var isolation: Isolation { Isolation(executable: executable) }
}

/// How a pasted regression test (`replay --as-test`) reaches a target: the modules
/// it imports and a Swift expression for the ``TargetRegistry`` that holds it.
public struct RegressionTestSupport: Sendable, Hashable {
    /// Modules the test imports besides Testing and PropCheck.
    public var imports: [String]
    /// A Swift expression of type ``TargetRegistry`` (`MyTargets.registry`).
    public var registry: String

    /// Support for a user's targets; the default suits the built-in ones.
    public init(imports: [String] = ["BuiltinTargets"], registry: String = "BuiltinTargets.registry") {
        self.imports = imports
        self.registry = registry
    }
}

/// A section of `propcheck bench` a tool adds (the built-in tool's simulator figures).
public struct ToolBenchmark: Sendable {
    /// The section's key in `--format json`.
    public var name: String
    /// Measures, given whether `--quick` was asked for; returns the text and the JSON.
    public var measure: @Sendable (_ quick: Bool) throws -> (text: String, json: JSONValue)

    /// A benchmark section.
    public init(name: String, measure: @escaping @Sendable (_ quick: Bool) throws -> (text: String, json: JSONValue)) {
        self.name = name
        self.measure = measure
    }
}
