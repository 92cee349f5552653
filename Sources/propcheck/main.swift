import PropCheckEngine
import ShrinkChallenges

let args = CommandLine.arguments.dropFirst()
let seeds = Int(args.first ?? "10") ?? 10
let only = args.dropFirst().first
for challenge in ShrinkChallenge.all where only == nil || challenge.name == only {
    var reached = 0, found = 0
    var calls: [Int] = []
    var misses: [String] = []
    for s in 0..<seeds {
        let r = await challenge.run(seed: Seed(UInt64(s)))
        if r.found { found += 1 }
        if r.reachedMinimum { reached += 1 } else { misses.append("seed \(s): " + (r.shrunk ?? "none")) }
        calls.append(r.statistics?.calls ?? 0)
    }
    calls.sort()
    print("\(challenge.name): found \(found)/\(seeds) minimum \(reached)/\(seeds) median calls \(calls[calls.count/2]) max \(calls.last!)")
    for m in Set(misses).prefix(3) { print("   miss: \(m)") }
}
if let s = args.dropFirst(2).first, let n = UInt64(s), let c = ShrinkChallenge.named(only ?? "") {
    print(await c.run(seed: Seed(n)).report)
}
if let s = args.dropFirst(2).first, let n = UInt64(s), let c = ShrinkChallenge.named(only ?? "") {
    let r = await c.run(seed: Seed(n))
    for p in r.statistics!.passes { print(p) }
    print("rounds", r.statistics!.rounds)
}
if only == "spans" {
    let t = ReplayToken("pc1:59cf16d2bb56d48b:1.0*4.1.0*4.1.0*4.1*3.0*5.1.0*5")!
    let src = ChoiceSource(replaying: t.choices.values)
    let v = try! Expression.generator(maxDepth: 5).generate(from: src)
    print(v); print(src.choices)
    for s in src.spans { print(String(repeating: " ", count: s.depth*2), s.label, s.start, s.end, s.parent) }
}
if only == "spans" {
    let t = ReplayToken("pc1:59cf16d2bb56d48b:1.0*4.1.0*4.1.0*4.1*3.0*5.1.0*5")!
    let gen = Expression.generator(maxDepth: 5)
    func runIt(_ c: [UInt64]) -> ShrinkRun {
        let src = ChoiceSource(replaying: c)
        let v = try! gen.generate(from: src)
        var bad = false
        if v.hasNoLiteralZeroDivisor { do { _ = try v.evaluate() } catch { bad = true } }
        return ShrinkRun(isInteresting: bad, source: src)
    }
    let sh = Shrinker(initial: runIt(t.choices.values)) { runIt($0.values) }
    print(Array(t.choices.values[5...]), runIt(Array(t.choices.values[5...])).isInteresting)
    await sh.shrink(passes: [ReplaceWithDescendant()])
    print(sh.best.choices, sh.statistics)
}

if only == "inner" {
    let r = await forAll(Gen<Int>.int(in: 0...1000).array(), name: "inner", configuration: .init(iterations: 200, seed: Seed(49))) { xs in !xs.contains { $0 >= 103 } }
    print(r)
    for p in r.counterexample!.shrinkStatistics.passes { print(p) }
}
