import PropCheckEngine
import PropCheckSimulator

/// The search of a guided campaign (`--guided`), after ModelFuzz: it keeps the choice
/// sequences of the cases that reached model states or transitions no earlier case
/// reached, and derives most new cases from them (``ChoiceMutator``: re-draw a suffix,
/// change a choice, delete or repeat a schedule step, splice two cases), the rest drawn
/// afresh. So the campaign spends its runs near the frontier of what it has covered.
///
/// Cases run in generations of ``generation``: each generation's cases are derived
/// from what the cases before it kept, in case order, and each case's mutation is
/// drawn from its own seed. The outcome depends on the seed alone, not on `--jobs`,
/// which only spreads a generation's cases over cores.
@usableFromInline
enum GuidedSearch {
    /// Cases per generation.
    static let generation = 50
    /// Most choice sequences kept; beyond it, a new one replaces the oldest.
    static let poolLimit = 1_000
    /// One case in this many is drawn afresh even once cases are kept.
    static let freshOneIn: UInt64 = 4

    /// Runs the campaign's cases; `runCase` runs case `index`, replaying `prefix` (nil:
    /// drawing it from its seed), and must return its coverage and choices.
    @usableFromInline
    static func run(_ options: CampaignOptions, mutator: ChoiceMutator,
                    runCase: @escaping @Sendable (_ index: Int, _ prefix: [UInt64]?) -> CaseSearch.Case) async -> CaseSearch.Result {
        let clock = ContinuousClock(), started = clock.now
        let count = options.caseCount
        let jobs = max(1, min(options.jobs, generation))
        var result = CaseSearch.Result()
        var pool: [ChoiceRecord] = []
        var replaced = 0
        var coverage = ModelCoverage()
        var position = 0
        search: while position < count {
            let batch = position..<min(count, position + generation)
            let plans: [(index: Int, prefix: [UInt64]?)] = batch.map { position in
                let index = options.caseIndex(at: position)
                return (index, derivedPrefix(for: index, seed: options.seed, pool: pool, mutator: mutator))
            }
            let outcomes = await withTaskGroup(of: [(Int, CaseSearch.Case)].self) { group in
                for job in 0..<jobs {
                    group.addTask {
                        stride(from: job, to: plans.count, by: jobs).map { offset in
                            let outcome = runCase(plans[offset].index, plans[offset].prefix)
                            options.progress?.advance(failed: outcome.failed)
                            return (offset, outcome)
                        }
                    }
                }
                var ordered = [CaseSearch.Case?](repeating: nil, count: plans.count)
                for await finished in group { for (offset, outcome) in finished { ordered[offset] = outcome } }
                return ordered.compactMap { $0 }
            }
            for (offset, outcome) in outcomes.enumerated() {
                let index = plans[offset].index
                if let message = outcome.error {
                    result.error = (index, message)
                    break search
                }
                result.runs += 1
                result.events += outcome.events
                for kind in outcome.fired { result.fired[kind, default: 0] += 1 }
                if let covered = outcome.coverage {
                    let new = coverage.merge(covered)
                    if new.states + new.transitions > 0, let record = outcome.record {
                        if pool.count < poolLimit { pool.append(record) } else {
                            pool[replaced % poolLimit] = record
                            replaced += 1
                        }
                        result.keptCases += 1
                    }
                }
                if outcome.failed {
                    result.failingIndex = index
                    result.failingPrefix = plans[offset].prefix
                    break search
                }
            }
            position = batch.upperBound
        }
        options.progress?.finish()
        result.countedRuns = result.runs
        result.coverage = coverage
        result.seconds = (clock.now - started).inSeconds
        return result
    }

    /// The prefix case `index` replays: nil (drawn afresh) while nothing is kept and for
    /// one case in ``freshOneIn``, else a mutation of a kept case, all drawn from a seed
    /// derived from the case's own.
    static func derivedPrefix(for index: Int, seed: Seed, pool: [ChoiceRecord], mutator: ChoiceMutator) -> [UInt64]? {
        guard !pool.isEmpty else { return nil }
        var random = Xoshiro256(seed: seed.caseSeed(index).caseSeed(0))
        if random.next(upTo: freshOneIn - 1) == 0 { return nil }
        let chosen = pool[Int(random.next(upTo: UInt64(pool.count - 1)))]
        let other = pool[Int(random.next(upTo: UInt64(pool.count - 1)))]
        return mutator.mutate(chosen, splicingWith: other, random: &random).prefix
    }
}
