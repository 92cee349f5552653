import BuiltinTargets
import Testing
import PropCheckCampaign
import PropCheckEngine
import PropCheckSimulator
import ExampleProtocols

@Suite("Target registry")
struct TargetRegistryTests {
    func pingPong(_ variant: String? = nil, checked: Bool = true, nodes: Int = 3) -> CampaignTarget {
        CampaignTarget(protocolName: "mine", variant: variant, summary: "a user's target",
                       configuration: SimulationConfiguration<PingPong>(parameters: .plain,
                           nodes: nodes, liveness: checked ? PingPong.everyoneHearsEveryone() : nil))
    }

    @Test("a user's targets sit in a registry beside the built-in ones and are found by name")
    func userTargets() throws {
        let registry = try TargetRegistry([pingPong(), pingPong("fast")] + BuiltinTargets.all)
        #expect(registry.named("mine")?.variant == "mine")
        #expect(registry.named("mine/fast")?.name == "mine/fast")
        #expect(registry.protocols.prefix(2) == ["mine", "pingpong"])
        #expect(registry.traceNames.contains("groupy"))
    }

    @Test("a larger cluster's runs may draw more choices, as its step budget grows")
    func choiceLimitFollowsTheBudget() throws {
        let target = pingPong()
        #expect(target.maxChoices(for: RunSettings(faults: [])) == target.maxChoices)
        #expect(target.maxChoices(for: RunSettings(faults: [], nodes: 30)) > target.maxChoices)
    }

    @Test("bad target definitions are refused with the target and the problem named", arguments: [
        ("duplicate", "two targets have this name"), ("unchecked", "checks no property"),
        ("slash", "must be a non-empty word"), ("invalid", "configuration is invalid: nodes must be at least 1"),
    ])
    func badDefinitions(kind: String, problem: String) {
        let targets: [CampaignTarget] = switch kind {
        case "duplicate": [pingPong(), pingPong()]
        case "unchecked": [pingPong(checked: false)]
        case "slash": [pingPong("a/b")]
        default: [pingPong(nodes: 0)]
        }
        #expect { try TargetRegistry(targets) } throws: { error in
            "\(error)".contains(problem) && "\(error)".contains("target 'mine")
        }
    }
}

/// Never violated: a property to check alone.
private struct Quiet: Checker {
    typealias Node = PingPong
    let property = "quiet"
    mutating func observe(_ event: TraceEvent<PingPong>, in cluster: ClusterView<PingPong>) -> Violation? { nil }
}

@Suite("Property filter")
struct PropertyFilterTests {
    @Test("checking one property never reports a failure that checking all of them would not")
    func filterCreatesNoFailure() async throws {
        // The goal holds within a few ticks of the heal; run to the end of the heal
        // time, PingPong would spend far more than the step budget.
        let configuration = SimulationConfiguration<PingPong>(parameters: .plain, nodes: 3, faults: [.crash, .loss], maxSteps: 2, maxWaitTicks: 20,
                                                               maxEvents: 1_000, healTicks: 2_000,
                                                               liveness: PingPong.everyoneHearsEveryone(),
                                                               checkers: { [Quiet()] })
        let target = CampaignTarget(protocolName: "quietly", summary: "PingPong with a checker that never fails",
                                    configuration: configuration)
        let all = await target.run(CampaignOptions(iterations: 100, seed: Seed(1)))
        #expect(all.failure == nil, "\(all.text)")
        var filtered = CampaignOptions(iterations: 100, seed: Seed(1))
        filtered.property = "quiet"
        let alone = await target.run(filtered)
        #expect(alone.failure == nil, "\(alone.text)")
    }
}
