// swift-tools-version: 6.1
// PropCheck uses the Swift toolchain only: no package dependencies, by design.
import PackageDescription

let package = Package(
    name: "PropCheck",
    products: [
        // `import PropCheck`: the engine, the simulator, campaigns with their corpus, and the
        // XCTest / Swift Testing glue: what a user's protocol and its tests need.
        .library(name: "PropCheck", targets: ["PropCheck"]),
        // `PropCheckTool`: a user's executable target becomes a complete propcheck for their targets.
        .library(name: "PropCheckCLI", targets: ["PropCheckCLI"]),
        // The HTML report of a counterexample, for tools that write their own.
        .library(name: "PropCheckReport", targets: ["PropCheckReport"]),
        // The linearizability checker alone: no simulator, no protocol.
        .library(name: "Linearizability", targets: ["Linearizability"]),
        .library(name: "Groupy", targets: ["Groupy", "GroupyProperties"]),
        .library(name: "Raft", targets: ["Raft", "RaftProperties"]),
        // The built-in targets (PingPong, Groupy, Raft and its zoo) as a registry.
        .library(name: "BuiltinTargets", targets: ["BuiltinTargets"]),
        .executable(name: "propcheck", targets: ["propcheck"]),
    ],
    targets: [
        // Choice sequences, generators, the shrinker and the property runner.
        .target(name: "PropCheckEngine"),
        // `checkProperty` for Swift Testing and `XCTAssertProperty` for XCTest.
        .target(name: "PropCheckTesting", dependencies: ["PropCheckEngine", "PropCheckSimulator", "PropCheckCampaign"]),
        // The umbrella module: `import PropCheck` re-exports what a user writes against.
        .target(name: "PropCheck", dependencies: [
            "PropCheckEngine", "PropCheckSimulator", "PropCheckTesting", "PropCheckCorpus", "PropCheckCampaign",
        ]),
        // The classic shrinking problems, shared by the tests and the benchmark.
        .target(name: "ShrinkChallenges", dependencies: ["PropCheckEngine"]),
        // The deterministic cluster simulator: sans-IO nodes, faults, schedules, traces.
        .target(name: "PropCheckSimulator", dependencies: ["PropCheckEngine"]),
        // Small protocols for the simulator's tests and benchmarks (PingPong).
        .target(name: "ExampleProtocols", dependencies: ["PropCheckSimulator"]),
        // The Groupy group membership service, gms1 to gms4.
        .target(name: "Groupy", dependencies: ["PropCheckSimulator"]),
        // View-synchrony checkers and the liveness goal for Groupy runs.
        .target(name: "GroupyProperties", dependencies: ["Groupy"]),
        // Raft with membership changes and a key-value store, and its bug zoo.
        .target(name: "Raft", dependencies: ["PropCheckSimulator"]),
        // A linearizability checker generic over the model (Wing-Gong search with memoisation).
        .target(name: "Linearizability"),
        // Raft's safety checkers, linearizability of its clients, and its liveness goal.
        .target(name: "RaftProperties", dependencies: ["Raft", "Linearizability"]),
        // Saved counterexamples: the corpus file format, atomic writes, loading with clear errors.
        .target(name: "PropCheckCorpus", dependencies: ["PropCheckEngine"]),
        // Counterexamples people look at: an HTML page with a space-time diagram.
        .target(name: "PropCheckReport", dependencies: ["PropCheckSimulator", "PropCheckCorpus"]),
        // Campaigns over any target: search, shrinking, corpus entries, replay, isolation.
        // It knows no protocol.
        .target(name: "PropCheckCampaign", dependencies: [
            "PropCheckEngine", "PropCheckSimulator", "PropCheckCorpus", "PropCheckReport",
        ]),
        // The registry of built-in targets, at the edge: the one module that knows every protocol.
        .target(name: "BuiltinTargets", dependencies: [
            "PropCheckCampaign", "PropCheckSimulator", "ExampleProtocols", "Groupy", "GroupyProperties", "Raft", "RaftProperties",
        ]),
        // The command line over any registry (`PropCheckTool`): every subcommand, option and exit code.
        .target(name: "PropCheckCLI", dependencies: [
            "PropCheckEngine", "ShrinkChallenges", "PropCheckSimulator", "PropCheckCorpus", "PropCheckCampaign", "PropCheckReport",
        ]),
        // The shipped command-line tool: PropCheckCLI over the built-in targets.
        .executableTarget(name: "propcheck", dependencies: [
            "PropCheckCLI", "BuiltinTargets", "PropCheckEngine", "PropCheckSimulator", "PropCheckCorpus", "ExampleProtocols",
            "Raft", "RaftProperties", "Linearizability",
        ]),

        .testTarget(name: "PropCheckEngineTests", dependencies: ["PropCheckEngine"]),
        .testTarget(name: "PropCheckTestingTests", dependencies: ["PropCheckTesting", "ExampleProtocols", "BuiltinTargets"]),
        .testTarget(name: "ShrinkChallengesTests", dependencies: ["ShrinkChallenges"]),
        .testTarget(name: "PropCheckSimulatorTests", dependencies: ["PropCheckSimulator", "ExampleProtocols"]),
        .testTarget(name: "GroupyTests", dependencies: ["Groupy", "GroupyProperties"]),
        .testTarget(name: "RaftTests", dependencies: ["Raft", "RaftProperties"]),
        .testTarget(name: "LinearizabilityTests", dependencies: ["Linearizability"]),
        // The property suite: `swift test --filter Properties`.
        .testTarget(name: "PropCheckCorpusTests", dependencies: ["PropCheckCorpus"]),
        .testTarget(name: "PropCheckCampaignTests", dependencies: ["PropCheckCampaign", "BuiltinTargets", "propcheck"]),
        .testTarget(name: "PropCheckReportTests", dependencies: ["PropCheckReport", "PropCheckCampaign", "PropCheckCorpus", "BuiltinTargets"]),
        // Depends on the executable too: isolation tests re-invoke the built propcheck.
        .testTarget(name: "PropCheckCLITests", dependencies: ["PropCheckCLI", "BuiltinTargets", "propcheck", "PropCheckCorpus", "PropCheckCampaign"]),
        .testTarget(name: "Properties", dependencies: ["PropCheck", "PropCheckTesting", "PropCheckCampaign", "PropCheckCorpus", "BuiltinTargets", "propcheck"], path: "Properties"),
    ],
    swiftLanguageModes: [.v6]
)
