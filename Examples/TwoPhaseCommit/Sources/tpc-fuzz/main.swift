import PropCheckCLI
import TwoPhaseCommit

// A complete propcheck for two-phase commit: campaigns, list, replay, report, zoo,
// bench and corpus merge, with every option and exit code of the shipped tool.
await PropCheckTool(
    name: "tpc-fuzz", registry: TwoPhaseCommitTargets.registry,
    testSupport: RegressionTestSupport(imports: ["TwoPhaseCommit"], registry: "TwoPhaseCommitTargets.registry")
).main()
