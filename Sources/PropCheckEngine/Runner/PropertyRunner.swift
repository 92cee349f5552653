/// Runs one property: generates cases, and on the first failure shrinks it and
/// assembles the report. Each case runs on a fresh ``ChoiceSource``; the shrinker
/// replays candidates on sources of their own, so nothing leaks between cases.
struct PropertyRunner<Value> {
    let name: String
    let generator: Gen<Value>
    let configuration: PropertyConfiguration
    let property: (Value, CaseContext) async throws -> Bool

    /// What one case did.
    private enum CaseResult {
        case passed
        case discarded
        /// The case failed; `kind` identifies the failure (shrinking keeps it), `message` describes it.
        case failed(kind: String, message: String)
        /// A generator was built with a bad argument: the run cannot go on.
        case badGenerator(String)
    }

    func run() async -> PropertyReport<Value> {
        let clock = ContinuousClock()
        let started = clock.now
        let seed = configuration.seed ?? Seed.derived(from: name)
        var report = PropertyReport<Value>(name: name, outcome: .passed, seed: seed, passed: 0, discarded: 0,
                                           labelCounts: [], duration: .zero)
        if let problem = configuration.problem {
            report.outcome = .invalidInput(problem)
            return report
        }
        var counts: [String: Int] = [:]
        var requirements: [String: Double] = [:]

        if let token = configuration.replay.flatMap(ReplayToken.init) {
            let source = ChoiceSource(replaying: token.choices.values, maxChoices: configuration.maxChoicesPerCase)
            let (result, _, _) = await runCase(source)
            report.seed = token.seed
            switch result {
            case .passed, .discarded: report.passed = 1
            case .badGenerator(let message): report.outcome = .invalidInput(message)
            case .failed(let kind, _):
                report.outcome = .failed(await shrink(source, kind: kind, caseSeed: token.seed, caseIndex: 0))
            }
            report.duration = clock.now - started
            return report
        }

        var attempt = 0
        let maxDiscards = configuration.iterations * configuration.maxDiscardRatio
        var lastDiscardReason = "every case was discarded by assume()"
        while report.passed < configuration.iterations {
            let caseSeed = seed.caseSeed(attempt)
            let source = ChoiceSource(seed: caseSeed, maxChoices: configuration.maxChoicesPerCase)
            let (result, context, discardReason) = await runCase(source)
            attempt += 1
            switch result {
            case .passed:
                report.passed += 1
                for label in context.labels { counts[label, default: 0] += 1 }
                for (name, holds) in context.classes where holds { counts[name, default: 0] += 1 }
                for (name, percent) in context.requirements { requirements[name] = percent }
            case .discarded:
                report.discarded += 1
                if let discardReason { lastDiscardReason = discardReason }
                if report.discarded > maxDiscards {
                    report.outcome = .gaveUp(reason: "\(report.discarded) cases discarded; last: \(lastDiscardReason)")
                    break
                }
                continue
            case .badGenerator(let message):
                report.outcome = .invalidInput(message)
            case .failed(let kind, _):
                report.outcome = .failed(await shrink(source, kind: kind, caseSeed: caseSeed, caseIndex: attempt - 1))
            }
            if case .passed = report.outcome { continue }
            break
        }

        report.labelCounts = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { (label: $0.key, count: $0.value) }
        if case .passed = report.outcome, report.passed > 0 {
            let shortfalls = requirements.sorted { $0.key < $1.key }.compactMap { name, percent -> String? in
                let actual = Double(counts[name, default: 0]) * 100 / Double(report.passed)
                return actual < percent ? "'\(name)': \(formatPercent(actual)) of cases, required \(percent)%" : nil
            }
            if !shortfalls.isEmpty { report.outcome = .insufficientCoverage(shortfalls) }
        }
        report.duration = clock.now - started
        return report
    }

    /// Generates a value from `source` and checks the property on it.
    private func runCase(_ source: ChoiceSource) async -> (CaseResult, CaseContext, String?) {
        let context = CaseContext()
        let value: Value
        do {
            value = try generator.generate(from: source)
        } catch let error as GenerationError {
            source.closeOpenSpans()
            if case .invalidArgument(let message) = error { return (.badGenerator(message), context, nil) }
            return (.discarded, context, error.description)
        } catch is Discard {
            source.closeOpenSpans()
            return (.discarded, context, "a generator called assume()")
        } catch {
            // A generator that throws its own errors is broken, not the property: say so.
            source.closeOpenSpans()
            return (.badGenerator("the generator threw \(error)"), context, nil)
        }
        if source.overran {
            return (.discarded, context, "a case drew more than \(configuration.maxChoicesPerCase) choices")
        }
        do {
            if try await property(value, context) { return (.passed, context, nil) }
            return (.failed(kind: "returned false", message: "property returned false"), context, nil)
        } catch is Discard {
            return (.discarded, context, "assume() was false")
        } catch let failure as PropertyFailure {
            return (.failed(kind: failure.kind.map { "failed: \($0)" } ?? "failed", message: failure.message), context, nil)
        } catch {
            return (.failed(kind: "threw \(String(reflecting: type(of: error)))", message: "threw \(error)"), context, nil)
        }
    }

    /// Shrinks the failing case recorded in `source`, keeping failures of the same kind.
    private func shrink(_ source: ChoiceSource, kind: String, caseSeed: Seed, caseIndex: Int) async -> Counterexample<Value> {
        // Every replay honours the case's choice limit: under the default one, a long
        // case (a step-budget livelock draws hundreds of thousands) replayed as another.
        let limit = configuration.maxChoicesPerCase
        let original = try! generator.generate(from: ChoiceSource(replaying: source.choices, maxChoices: limit))
        var best = ShrinkRun(isInteresting: true, source: source)
        var statistics = ShrinkStatistics()
        if configuration.shrinks {
            let shrinker = Shrinker(initial: best, budget: configuration.shrinkBudget) { candidate in
                let replay = ChoiceSource(replaying: candidate.values, continuingWith: candidate.continuation,
                                          maxChoices: self.configuration.maxChoicesPerCase)
                replay.bound = candidate.bound
                let (result, _, _) = await self.runCase(replay)
                if case .failed(kind, _) = result, !replay.overran {
                    return ShrinkRun(isInteresting: true, source: replay)
                }
                return ShrinkRun(isInteresting: false, source: replay)
            }
            best = await shrinker.shrink()
            statistics = shrinker.statistics
        }
        // Run the best case once more to show its value, failure message and notes.
        let final = ChoiceSource(replaying: best.choices, maxChoices: configuration.maxChoicesPerCase)
        let (result, context, _) = await runCase(final)
        let value = try! generator.generate(from: ChoiceSource(replaying: best.choices, maxChoices: limit))
        var message = "the shrunk case no longer fails: the property is not deterministic"
        if case .failed(_, let text) = result { message = text }
        return Counterexample(value: value, original: original, failure: message, notes: context.notes,
                              caseIndex: caseIndex, originalChoiceCount: source.choices.count,
                              replayToken: ReplayToken(seed: caseSeed, choices: ChoiceSequence(best.choices)),
                              shrinkStatistics: statistics)
    }
}
