// Regression tests pasted from `propcheck replay FILE... --as-test`: each pins one shrunk
// counterexample of a broken variant, independently of the corpus files.
import Testing
import PropCheck
import BuiltinTargets

// safety property 'no-gaps' violated at event 30, t=3 [n3]: n3 took view 2 at stream position 2 but never position 1
// schedule: request n1 1
@Test func gms_gms2_no_gaps_a3972a38() throws {
    let target = try #require(BuiltinTargets.registry.named("gms/gms2"))
    let token = try ReplayToken.parse("pc1:4cc8c74c1fb520cc:1.0.1*3.0*3.1")
    let result = try target.replay(token.choices.values, settings: RunSettings(faults: [.crash, .join]))
    #expect(result.violation?.property == "no-gaps")
}
// safety property 'no-duplicates' violated at event 36, t=3 [n3 n1]: n3 delivered n1/0.1 {change,1} twice (again as seq 1)
// schedule: request n1 1
@Test func gms_gms3_offbyone_no_duplicates_8c9abd42() throws {
    let target = try #require(BuiltinTargets.registry.named("gms/gms3-offbyone"))
    let token = try ReplayToken.parse("pc1:2663e5e9dcbcbaba:1.0.1*3.0*4.1")
    let result = try target.replay(token.choices.values, settings: RunSettings(faults: [.crash, .join]))
    #expect(result.violation?.property == "no-duplicates")
}
