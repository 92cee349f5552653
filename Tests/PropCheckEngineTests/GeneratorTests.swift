import Testing
@testable import PropCheckEngine

/// Draws `count` fresh values from `generator`, one source per value.
func sample<T>(_ generator: Gen<T>, count: Int = 500, seed: UInt64 = 1) throws -> [T] {
    try (0..<count).map { try generator.generate(from: ChoiceSource(seed: Seed(seed).caseSeed($0))) }
}

/// The value `generator` makes from exactly `choices`.
func replay<T>(_ generator: Gen<T>, _ choices: [UInt64]) throws -> T {
    try generator.generate(from: ChoiceSource(replaying: choices))
}

/// A binary tree, for the recursive generators.
indirect enum Tree: Sendable, Equatable {
    case leaf
    case node(Tree, Tree)
    var depth: Int {
        switch self { case .leaf: 0; case .node(let l, let r): 1 + max(l.depth, r.depth) }
    }
}

@Suite("Generators")
struct GeneratorTests {
    // Two leaves to one node, so that trees stay small (a fair coin makes them as deep as chance allows).
    static let tree: Gen<Tree> = .frequency([(2, .constant(.leaf)),
                                             (1, zip(Gen<Tree>.deferred { tree }, Gen<Tree>.deferred { tree }).map { .node($0, $1) })])

    @Test("deferred builds recursive data; the base listed first is what the simplest choices give")
    func deferredTrees() throws {
        let trees = try sample(Self.tree, count: 300)
        #expect(trees.contains(.leaf) && trees.contains { $0.depth >= 2 })
        #expect(try replay(Self.tree, []) == .leaf)
        #expect(try replay(Self.tree, [1, 0, 1, 0, 0]) == .node(.leaf, .node(.leaf, .leaf)))
    }

    @Test("a recursion whose simplest choice recurses is rejected at its depth limit, not a stack overflow")
    func deferredDepthGuard() async {
        // The recursive option first: the all-zero choices would recurse for ever.
        let runaway = runawayTree
        #expect(throws: GenerationError.tooDeep(maxDepth: 50)) { try replay(runaway, []) }
        // Fresh draws end it at once (half the time per level); shrinking moves towards the
        // zeros that recurse: those candidates are rejected, and the shrink ends at a leaf.
        let report = await forAll(runaway, name: "runaway") { _ in false }
        #expect(report.counterexample?.value == .leaf, "\(report.outcome)")
    }

    @Test("a generator rejects what it drew with Discard(), as assume() does")
    func generatorDiscards() async {
        let evens = Gen<Int>.int(in: 0...100).map { value -> Int in
            if value % 2 == 1 { throw Discard() }
            return value
        }
        let report = await forAll(evens, name: "evens") { $0 % 2 == 0 }
        #expect(report.isSuccess, "\(report.outcome)")
        #expect(report.discarded > 0)
    }
    @Test("generators are deterministic for a seed, and a recorded sequence replays the value")
    func deterministicAndReplayable() throws {
        let generator = zip(Gen<Int>.int(in: -50...50).array(), Gen<String>.string(), Gen<Bool>.bool.optional)
        for index in 0..<200 {
            let seed = Seed(77).caseSeed(index)
            let source = ChoiceSource(seed: seed)
            let value = try generator.generate(from: source)
            let again = try generator.generate(from: ChoiceSource(seed: seed))
            let replayed = try generator.generate(from: ChoiceSource(replaying: source.choices))
            #expect(value.0 == again.0 && value.1 == again.1 && value.2 == again.2)
            #expect(value.0 == replayed.0 && value.1 == replayed.1 && value.2 == replayed.2)
        }
    }

    @Test("integers stay in range, reach both bounds, and the all-zero choice is the shrink target")
    func integers() throws {
        let values = try sample(Gen<Int>.int(in: -3...5), count: 2000)
        #expect(values.allSatisfy { (-3...5).contains($0) })
        #expect(Set(values) == Set(-3...5))
        #expect(try replay(Gen<Int>.int(in: -3...5), []) == 0)
        #expect(try replay(Gen<Int>.int(in: 10...20), []) == 10)
        #expect(try replay(Gen<Int>.int(in: -20 ... -10), []) == -10)
        #expect(try replay(Gen<Int>.int(in: 0...100, shrinkingToward: 50), []) == 50)
        // Side first, then distance: [0, m] is target + m, [1, m] is target - (m + 1).
        #expect(try replay(Gen<Int>.int(in: -3...5), [0, 4]) == 4)
        #expect(try replay(Gen<Int>.int(in: -3...5), [1, 0]) == -1)
        #expect(try replay(Gen<Int>.int(in: -3...5), [1, 99]) == -3)
        let edges = try sample(Gen<Int>.any, count: 2000)
        #expect(edges.contains(Int.max) && edges.contains { $0.magnitude < 16 }, "biased draws reach edges and small values")
        let bytes = try sample(Gen<UInt8>.any, count: 2000)
        #expect(bytes.contains(0) && bytes.contains(255))
    }

    @Test("a crossed or impossible range is a clear error, not a trap")
    func invalidIntegers() {
        #expect(throws: GenerationError.invalidArgument("int(min: 5, max: 3): lower bound 5 is greater than upper bound 3")) {
            try replay(Gen<Int>.int(min: 5, max: 3), [])
        }
        #expect(throws: GenerationError.self) { try replay(Gen<Int>.int(in: 0...9, shrinkingToward: 10), []) }
        #expect(throws: GenerationError.self) { try replay(Gen<Bool>.bool.array(minLength: 3, maxLength: 2), []) }
        #expect(throws: GenerationError.self) { try replay(Gen<Int>.int(in: 0...1).array(minLength: -1, maxLength: 2), []) }
        #expect(throws: GenerationError.self) { try replay(Gen<Int>.oneOf([]), []) }
        #expect(throws: GenerationError.self) { try replay(Gen<Int>.element(of: [Int]()), []) }
        #expect(throws: GenerationError.self) { try replay(Gen<Int>.frequency([(0, .constant(1))]), []) }
        #expect(throws: GenerationError.self) { try replay(Gen<Int>.frequency([(-1, .constant(1))]), []) }
    }

    @Test("arrays respect their length bounds and shrink to the shortest")
    func arrays() throws {
        let lists = try sample(Gen<Int>.int(in: 0...9).array(length: 2...6), count: 1000)
        #expect(lists.allSatisfy { (2...6).contains($0.count) })
        #expect(Set(lists.map(\.count)) == Set(2...6))
        #expect(try replay(Gen<Int>.int(in: 0...9).array(length: 2...6), []) == [0, 0])
        #expect(try replay(Gen<Int>.int(in: 0...9).array(), [1, 4, 1, 7, 0]) == [4, 7])
        #expect(try replay(Gen<Int>.int(in: 0...9).array(count: 3), [1, 2, 3]) == [1, 2, 3])
        let average = Double(try sample(Gen<Int>.int(in: 0...9).array(), count: 1000).map(\.count).reduce(0, +)) / 1000
        #expect((3...7).contains(average), "average length \(average)")
    }

    @Test("strings, elements, oneOf, frequency and optionals shrink towards their first option")
    func choosing() throws {
        #expect(try replay(Gen<String>.string(), [1, 0, 1, 1, 0]) == "ab")
        #expect(try replay(Gen<String>.element(of: ["x", "y", "z"]), [2]) == "z")
        #expect(try replay(Gen<String>.oneOf(.constant("a"), .constant("b")), []) == "a")
        #expect(try replay(Gen<String>.frequency([(1, .constant("rare")), (99, .constant("common"))]), []) == "rare")
        #expect(try replay(Gen<Int>.int(in: 1...9).optional, []) == nil)
        #expect(try replay(Gen<Int>.int(in: 1...9).optional, [1, 3]) == 4)
        let common = try sample(Gen<Int>.frequency([(1, .constant(0)), (9, .constant(1))]), count: 1000).reduce(0, +)
        #expect((850...950).contains(common), "weights are honoured: \(common) of 1000")
        let nils = try sample(Gen<Int>.int(in: 1...9).optional, count: 1000).filter { $0 == nil }.count
        #expect((180...320).contains(nils), "nil about a quarter of the time: \(nils)")
    }

    @Test("map, flatMap and zip compose; flatMap's inner generator depends on the outer value")
    func composing() throws {
        let sized = Gen<Int>.int(in: 0...5).flatMap { n in Gen<Int>.constant(n).array(count: n) }
        for list in try sample(sized) { #expect(list.allSatisfy { $0 == list.count }) }
        #expect(try replay(sized, [2]) == [2, 2])
        let pair = zip(Gen<Int>.int(in: 0...9), Gen<Bool>.bool).map { "\($0)\($1)" }
        #expect(try replay(pair, [7, 1]) == "7true")
    }

    @Test("filter keeps matching values and reports 'filter too strict' instead of looping")
    func filter() throws {
        let even = Gen<Int>.int(in: 0...100).filter { $0 % 2 == 0 }
        #expect(try sample(even).allSatisfy { $0 % 2 == 0 })
        let impossible = Gen<Int>.int(in: 0...100).filter("negative", maxAttempts: 50) { $0 < 0 }
        #expect(throws: GenerationError.filterTooStrict(label: "negative", attempts: 50)) {
            try impossible.generate(from: ChoiceSource(seed: Seed(1)))
        }
        #expect(GenerationError.filterTooStrict(label: "negative", attempts: 50).description.contains("filter too strict"))
        let source = ChoiceSource(replaying: [1, 3, 4])
        #expect(try even.generate(from: source) == 4)
        #expect(source.spans.filter { $0.label == "filter" }.map(\.discarded) == [true, true, false])
    }

    @Test("recursive generators respect their depth bound")
    func recursive() throws {
        indirect enum Tree: Sendable { case leaf, node(Tree, Tree)
            var depth: Int { if case .node(let l, let r) = self { 1 + max(l.depth, r.depth) } else { 0 } }
        }
        let trees = Gen<Tree>.recursive(maxDepth: 4, base: .constant(.leaf)) { sub in zip(sub, sub).map { .node($0, $1) } }
        let depths = try sample(trees, count: 1000).map(\.depth)
        #expect(depths.allSatisfy { $0 <= 4 })
        #expect(depths.contains(4) && depths.contains(0))
        #expect(try replay(trees, []).depth == 0)
    }
}

/// The runaway tree generator of ``GeneratorTests/deferredDepthGuard()``: recursion first.
let runawayTree: Gen<Tree> = .oneOf(zip(Gen<Tree>.deferred(maxDepth: 50) { runawayTree }, .constant(Tree.leaf)).map { .node($0, $1) },
                                    .constant(.leaf))
