import Testing
@testable import PropCheckEngine

@Suite("Property runner")
struct PropertyRunnerTests {
    @Test("a true property passes the requested number of cases")
    func passes() async {
        let report = await forAll(Gen<Int>.any.array(), name: "sorted is idempotent") { xs in xs.sorted().sorted() == xs.sorted() }
        #expect(report.isSuccess)
        #expect(report.passed == 100)
        #expect(report.description.contains("passed 100 cases"))
    }

    @Test("a failure is shrunk, reported with the original, and its replay token reproduces it exactly")
    func failureAndReplay() async throws {
        let generator = Gen<Int>.int(in: 0...10_000).array()
        let report = await forAll(generator, name: "sum", configuration: .init(seed: Seed(5))) { xs in xs.reduce(0, +) <= 1000 }
        let counterexample = try #require(report.counterexample)
        #expect(counterexample.value == [1001])
        #expect(counterexample.failure == "property returned false")
        #expect(counterexample.shrinkStatistics.calls > 0)
        #expect(report.description.contains("Counterexample:\n  [1001]"))
        #expect(report.description.contains("Replay: \(counterexample.replayToken)"))
        #expect(report.description.contains("Original ("))

        let replayed = await forAll(generator, name: "sum", configuration: .init(replay: counterexample.replayToken.description)) { xs in
            xs.reduce(0, +) <= 1000
        }
        #expect(replayed.counterexample?.value == [1001])
        #expect(replayed.counterexample?.shrinkStatistics.improvements == 0, "the token is already minimal")
    }

    @Test("a case longer than the default choice limit is reported as it ran, under the configured limit")
    func longCase() async throws {
        // 150,000 draws: past the default limit of 100,000, a replay would read zeros.
        let long = Gen<UInt64> { source in (0..<150_000).reduce(0) { sum, _ in sum + source.draw(upTo: 1) } }
        let report = await forAll(long, name: "long", configuration: PropertyConfiguration(
            iterations: 1, seed: Seed(1), shrinks: false, maxChoicesPerCase: 200_000)) { total in total < 60_000 }
        let counterexample = try #require(report.counterexample)
        #expect(counterexample.value >= 60_000 && counterexample.value == counterexample.original)
    }

    @Test("the same seed finds and shrinks to the same counterexample every time")
    func deterministic() async {
        let run = { await forAll(Gen<Int>.any.array(), name: "d", configuration: .init(seed: Seed(99))) { Set($0).count < 3 } }
        let first = await run(), second = await run()
        #expect(first.counterexample?.replayToken == second.counterexample?.replayToken)
        #expect(first.counterexample?.caseIndex == second.counterexample?.caseIndex)
    }

    @Test("a thrown error is a failure, and the error is shown")
    func thrownError() async throws {
        struct Boom: Error, CustomStringConvertible { var value: Int; var description: String { "boom at \(value)" } }
        let report = await forAll(Gen<Int>.int(in: 0...1000), name: "throws") { x in
            if x >= 300 { throw Boom(value: x) }
            return true
        }
        let counterexample = try #require(report.counterexample)
        #expect(counterexample.value == 300)
        #expect(counterexample.failure == "threw boom at 300")
        try require(true)
        let required = await forAll(Gen<Int>.int(in: 0...1000), name: "require") { x in
            try require(x < 10, "\(x) is not below 10"); return true
        }
        #expect(required.counterexample?.failure == "10 is not below 10")
    }

    @Test("assume discards cases; too many discards give up with the reason")
    func discards() async {
        let fine = await forAll(Gen<Int>.int(in: 0...100), name: "even") { x in try assume(x % 2 == 0); return x % 2 == 0 }
        #expect(fine.isSuccess)
        #expect(fine.discarded > 0)
        let hopeless = await forAll(Gen<Int>.int(in: 0...100), name: "never", configuration: .init(iterations: 10)) { _ in
            try assume(false); return true
        }
        guard case .gaveUp(let reason) = hopeless.outcome else { Issue.record("expected give-up, got \(hopeless)"); return }
        #expect(reason.contains("assume() was false"))
        let strict = await forAll(Gen<Int>.int(in: 0...100).filter(maxAttempts: 5) { $0 < 0 }, name: "strict") { _ in true }
        guard case .gaveUp(let filterReason) = strict.outcome else { Issue.record("expected give-up"); return }
        #expect(filterReason.contains("filter too strict"))
    }

    @Test("bad input is reported, never a crash", arguments: [
        (PropertyConfiguration(iterations: -1), "iterations must not be negative, got -1"),
        (PropertyConfiguration(replay: "pc1:nothex:0"), "invalid replay token: seed 'nothex' is not 1 to 16 hex digits"),
        (PropertyConfiguration(replay: "garbage"), "invalid replay token 'garbage': expected 'pc1:<seed>:<choices>'"),
    ])
    func badConfiguration(configuration: PropertyConfiguration, message: String) async {
        let report = await forAll(Gen<Int>.int(in: 0...9), name: "p", configuration: configuration) { _ in true }
        guard case .invalidInput(let text) = report.outcome else { Issue.record("expected invalid input"); return }
        #expect(text == message)
        #expect(report.description.contains(message))
    }

    @Test("a generator built with a bad argument is reported as invalid input")
    func badGenerator() async {
        let report = await forAll(Gen<Int>.int(min: 9, max: 1), name: "p") { _ in true }
        guard case .invalidInput(let text) = report.outcome else { Issue.record("expected invalid input"); return }
        #expect(text.contains("lower bound 9 is greater than upper bound 1"))
    }

    @Test("labels and classes are counted; an unmet cover requirement fails the run")
    func statistics() async {
        let report = await forAll(Gen<Int>.int(in: 0...99), name: "labels") { x, context in
            context.label(x < 50 ? "low" : "high")
            context.classify(x == 0, "zero")
            context.cover(10, x < 50, "low half")
            return true
        }
        #expect(report.isSuccess)
        let counts = Dictionary(uniqueKeysWithValues: report.labelCounts.map { ($0.label, $0.count) })
        #expect(counts["low", default: 0] + counts["high", default: 0] == 100)
        #expect(counts["low half"] == counts["low"])
        #expect(report.description.contains("Labels:"))

        let uncovered = await forAll(Gen<Int>.int(in: 0...99), name: "cover") { x, context in
            context.cover(50, x == 7, "seven"); return true
        }
        guard case .insufficientCoverage(let shortfalls) = uncovered.outcome else { Issue.record("expected coverage failure"); return }
        #expect(shortfalls.count == 1 && shortfalls[0].contains("'seven'") && shortfalls[0].contains("required 50.0%"))
    }

    @Test("notes recorded while checking the shrunk case are shown with it")
    func notes() async throws {
        let report = await forAll(Gen<Int>.int(in: 0...100), name: "notes") { x, context in
            context.note("doubled: \(x * 2)"); return x < 20
        }
        #expect(try #require(report.counterexample).notes == ["doubled: 40"])
        #expect(report.description.contains("Note: doubled: 40"))
    }

    @Test("async properties are awaited")
    func asyncProperty() async throws {
        actor Counter { var count = 0; func bump() -> Int { count += 1; return count } }
        let counter = Counter()
        let report = await forAll(Gen<Int>.int(in: 0...100), name: "async") { x in
            _ = await counter.bump()
            return x < 50
        }
        #expect(try #require(report.counterexample).value == 50)
        #expect(await counter.count > 1)
    }

    @Test("shrinking can be turned off")
    func noShrinking() async throws {
        let report = await forAll(Gen<Int>.int(in: 0...1_000_000), name: "raw", configuration: .init(seed: Seed(3), shrinks: false)) { $0 < 10 }
        let counterexample = try #require(report.counterexample)
        #expect(counterexample.value == counterexample.original)
        #expect(counterexample.shrinkStatistics.calls == 0)
    }
}

@Suite("Pretty printer")
struct PrettyPrinterTests {
    struct Point { var x: Int; var y: Int }
    indirect enum Tree { case leaf, node(Tree, label: String, Tree) }

    @Test("values print like Swift literals")
    func literals() {
        #expect(prettyDescription(of: [1, 2]) == "[1, 2]")
        #expect(prettyDescription(of: "a\"b") == "\"a\\\"b\"")
        #expect(prettyDescription(of: Point(x: 1, y: -2)) == "Point(x: 1, y: -2)")
        #expect(prettyDescription(of: (1, "a")) == "(1, \"a\")")
        #expect(prettyDescription(of: Optional<Int>.none as Any) == "nil")
        #expect(prettyDescription(of: Tree.node(.leaf, label: "x", .leaf)) == ".node(.leaf, label: \"x\", .leaf)")
        #expect(prettyDescription(of: [String: Int]()) == "[:]")
    }

    @Test("long values break over indented lines")
    func breaking() {
        let text = prettyDescription(of: Array(repeating: Point(x: 1000, y: 2000), count: 4), width: 40)
        #expect(text == """
        [
          Point(x: 1000, y: 2000),
          Point(x: 1000, y: 2000),
          Point(x: 1000, y: 2000),
          Point(x: 1000, y: 2000)
        ]
        """)
    }
}
