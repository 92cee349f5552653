// swift-tools-version: 6.1
// An example of fuzzing your own protocol with PropCheck: two-phase commit, a
// planted bug, its checkers, its own propcheck (tpc-fuzz), a corpus and tests.
import PackageDescription

let package = Package(
    name: "TwoPhaseCommit",
    products: [
        .executable(name: "tpc-fuzz", targets: ["tpc-fuzz"]),
    ],
    dependencies: [
        // PropCheck itself, by path; in your package: .package(url: ..., from: ...).
        .package(name: "PropCheck", path: "../.."),
    ],
    targets: [
        // The protocol, its checkers, liveness goal and targets.
        .target(name: "TwoPhaseCommit", dependencies: [.product(name: "PropCheck", package: "PropCheck")]),
        // The fuzzer: a complete propcheck for the two-phase-commit targets.
        .executableTarget(name: "tpc-fuzz", dependencies: [
            "TwoPhaseCommit", .product(name: "PropCheckCLI", package: "PropCheck"),
        ]),
        .testTarget(name: "TwoPhaseCommitTests", dependencies: [
            "TwoPhaseCommit", .product(name: "PropCheck", package: "PropCheck"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
