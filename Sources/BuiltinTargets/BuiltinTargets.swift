import ExampleProtocols
import Groupy
import GroupyProperties
import PropCheckCampaign
import PropCheckSimulator
import Raft
import RaftProperties

/// The targets the shipped `propcheck` knows: PingPong, Groupy's gms1 to gms4 and
/// Raft with its bug zoo. This is the edge of the package: the only module that
/// knows every protocol; the campaign library and the command line know none.
public enum BuiltinTargets {
    /// Every built-in target, in the order `propcheck list` shows them.
    public static let all: [CampaignTarget] = [
        CampaignTarget(protocolName: "pingpong", summary: "every node pings every other; the framework's floor",
                       configuration: SimulationConfiguration<PingPong>(parameters: .plain,
                           nodes: 3, faults: Set(FaultKind.allCases).subtracting([.storage]), healTicks: 300,
                           liveness: PingPong.everyoneHearsEveryone()),
                       faultModel: "every fault kind but storage (it persists, writing and syncing at once, so storage "
                           + "faults are inert); it claims only that healing restores full connectivity"),
        gms(.gms1), gms(.gms2), gms(.gms3), gms(.gms3OffByOne), gms(.gms4),
        CampaignTarget(
            protocolName: "pingpong", variant: "trap",
            summary: "pingpong that traps (precondition) on a repeated pong: only duplication reaches it; needs --isolate",
            isBroken: true,
            configuration: SimulationConfiguration<PingPong>(parameters: .trapping, nodes: 3, faults: [.duplication, .loss, .crash],
                                                             healTicks: 300, liveness: PingPong.everyoneHearsEveryone()),
            traps: true,
            knownMinimum: KnownMinimum(steps: 1, lowerBound: 1,
                                       reason: "only a duplicated pong reaches the trap, and duplication is off in a zero-step run")),
        raft(.correct),
    ] + RaftBug.allCases.map { raft(.planted($0)) }

    /// The built-in targets as a registry (checked once: a bad built-in definition is a bug).
    public static let registry: TargetRegistry = {
        do { return try TargetRegistry(all) } catch { preconditionFailure("the built-in targets are invalid: \(error)") }
    }()

    static let gmsFaultModel = "crash-stop, loss, duplication, delay and joins, with a perfect failure detector "
        + "(gms4; each earlier version claims less, see list above). Outside it: partitions and pauses (the detector "
        + "suspects a live member: a split brain), long delays and holding partitions (a message outlives the view it was for)"
    static let raftFaultModel = "every fault kind: crash-recovery with term, vote and log durable (written and synced) "
        + "before any reply; an asynchronous network (loss, duplication, delays short and long, partitions that drop or "
        + "hold); joins and removals; pauses; clock skew. Storage faults (unsynced writes lost at a crash) run only for "
        + "reply-before-sync: every other variant syncs all it writes, so they are inert there"

    /// Hand-written scenarios in the test suites, for `propcheck list`.
    public static let scenarios = """
        Scenarios (hand-written runs, in the test suites):
          gms: seed 000, five workers, 5% loss, three leader crashes (GroupyScenarios.lossAndLeaderCrashes); joins
          raft: seed 002, disconnect the leader and reconnect (RaftScenarios.disconnectLeader); seeds 001/004,
                a message soup on three servers (messageSoup); seed 003, two sites with the leader killed
                3 s after every election (leaderKillLoop); Figure 8 on five servers, each network change on
                its tick (figure8: commit-previous-term loses a committed entry, the correct Raft does not)
        """

    static func gms(_ version: GMSVersion) -> CampaignTarget {
        CampaignTarget(protocolName: "gms", variant: version.rawValue, summary: version.summary,
                       isBroken: version != .gms4, configuration: gmsConfiguration(version),
                       knownMinimum: version.knownMinimum, traces: ["groupy": { GroupyConsole.render($0) }],
                       faultModel: gmsFaultModel)
    }

    static func raft(_ variant: RaftVariant) -> CampaignTarget {
        CampaignTarget(protocolName: "raft", variant: variant.bug?.rawValue ?? "raft",
                       summary: variant.bug.map { "\($0.summary) (caught by \($0.expectedProperty))" }
                           ?? "Raft with membership changes and a key-value store; reads through a read index",
                       isBroken: variant.bug != nil, configuration: raftConfiguration(variant),
                       traps: variant.bug == .backOffPastStart, knownMinimum: variant.bug?.knownMinimum,
                       faultModel: raftFaultModel)
    }
}
