import BuiltinTargets
import Testing
import PropCheckCampaign
import PropCheckSimulator
import ExampleProtocols

@Suite("Target registry")
struct TargetRegistryTests {
    func pingPong(_ variant: String? = nil, checked: Bool = true, nodes: Int = 3) -> CampaignTarget {
        CampaignTarget(protocolName: "mine", variant: variant, summary: "a user's target",
                       configuration: SimulationConfiguration<PingPong>(
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
