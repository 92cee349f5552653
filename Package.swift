// swift-tools-version: 6.1
// PropCheck uses the Swift toolchain only: no package dependencies, by design.
import PackageDescription

let package = Package(
    name: "PropCheck",
    products: [
        // The generation-and-shrinking engine plus the XCTest / Swift Testing glue.
        .library(name: "PropCheck", targets: ["PropCheckEngine", "PropCheckTesting", "PropCheckSimulator"]),
        .library(name: "Groupy", targets: ["Groupy", "GroupyProperties"]),
        .library(name: "Raft", targets: ["Raft", "RaftProperties", "Linearizability"]),
        .executable(name: "propcheck", targets: ["propcheck"]),
    ],
    targets: [
        // Choice sequences, generators, the shrinker and the property runner.
        .target(name: "PropCheckEngine"),
        // `checkProperty` for Swift Testing and `XCTAssertProperty` for XCTest.
        .target(name: "PropCheckTesting", dependencies: ["PropCheckEngine"]),
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
        // Campaigns: the protocol variants propcheck knows, run and replayed by name.
        .target(name: "PropCheckCampaign", dependencies: [
            "PropCheckEngine", "PropCheckSimulator", "PropCheckCorpus", "ExampleProtocols", "Groupy", "GroupyProperties",
            "Raft", "RaftProperties", "PropCheckReport",
        ]),
        // The command-line tool.
        .executableTarget(name: "propcheck", dependencies: [
            "PropCheckEngine", "ShrinkChallenges", "PropCheckSimulator", "ExampleProtocols", "PropCheckCorpus", "PropCheckCampaign",
            "GroupyProperties", "Raft", "RaftProperties", "PropCheckReport",
        ]),

        .testTarget(name: "PropCheckEngineTests", dependencies: ["PropCheckEngine"]),
        .testTarget(name: "PropCheckTestingTests", dependencies: ["PropCheckTesting"]),
        .testTarget(name: "ShrinkChallengesTests", dependencies: ["ShrinkChallenges"]),
        .testTarget(name: "PropCheckSimulatorTests", dependencies: ["PropCheckSimulator", "ExampleProtocols"]),
        .testTarget(name: "GroupyTests", dependencies: ["Groupy", "GroupyProperties"]),
        .testTarget(name: "RaftTests", dependencies: ["Raft", "RaftProperties"]),
        .testTarget(name: "LinearizabilityTests", dependencies: ["Linearizability"]),
        // The property suite: `swift test --filter Properties`.
        .testTarget(name: "PropCheckCorpusTests", dependencies: ["PropCheckCorpus"]),
        .testTarget(name: "PropCheckCampaignTests", dependencies: ["PropCheckCampaign"]),
        .testTarget(name: "PropCheckReportTests", dependencies: ["PropCheckReport", "PropCheckCampaign", "PropCheckCorpus"]),
        .testTarget(name: "propcheckTests", dependencies: ["propcheck", "PropCheckCorpus", "PropCheckCampaign"]),
        .testTarget(name: "Properties", dependencies: ["PropCheckTesting", "PropCheckCampaign", "PropCheckCorpus"], path: "Properties"),
    ],
    swiftLanguageModes: [.v6]
)
