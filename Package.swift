// swift-tools-version: 6.1
// PropCheck uses the Swift toolchain only: no package dependencies, by design.
import PackageDescription

let package = Package(
    name: "PropCheck",
    products: [
        // The generation-and-shrinking engine plus the XCTest / Swift Testing glue.
        .library(name: "PropCheck", targets: ["PropCheckEngine", "PropCheckTesting"]),
        .executable(name: "propcheck", targets: ["propcheck"]),
    ],
    targets: [
        // Choice sequences, generators, the shrinker and the property runner.
        .target(name: "PropCheckEngine"),
        // `checkProperty` for Swift Testing and `XCTAssertProperty` for XCTest.
        .target(name: "PropCheckTesting", dependencies: ["PropCheckEngine"]),
        // The classic shrinking problems, shared by the tests and the benchmark.
        .target(name: "ShrinkChallenges", dependencies: ["PropCheckEngine"]),
        // The command-line tool.
        .executableTarget(name: "propcheck", dependencies: ["PropCheckEngine", "ShrinkChallenges"]),

        .testTarget(name: "PropCheckEngineTests", dependencies: ["PropCheckEngine"]),
        .testTarget(name: "PropCheckTestingTests", dependencies: ["PropCheckTesting"]),
        .testTarget(name: "ShrinkChallengesTests", dependencies: ["ShrinkChallenges"]),
        // The property suite: `swift test --filter Properties`.
        .testTarget(name: "Properties", dependencies: ["PropCheckTesting"], path: "Properties"),
    ],
    swiftLanguageModes: [.v6]
)
