// Pasted from `tpc-fuzz replay corpus/FILE --as-test`: the committed counterexample as a test.
import Testing
import PropCheck
import TwoPhaseCommit

// safety property 'commit-validity' violated at event 12, t=40: t1 committed at n1 without a yes vote from n2, n3
// schedule: request n1 1
@Test func tpc_commit_on_timeout_commit_validity_e750232b() throws {
    let target = try #require(TwoPhaseCommitTargets.registry.named("tpc/commit-on-timeout"))
    let token = try ReplayToken.parse("pc1:296cd0f2c21d7f90:0.0.1.1.0*3.1.1.0*3.1.1")
    let result = try target.replay(token.choices.values, settings: RunSettings(faults: [.crash, .partition, .loss, .duplication, .delay]))
    #expect(result.violation?.property == "commit-validity")
}
