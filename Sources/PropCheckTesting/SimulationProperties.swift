import Foundation
import PropCheckCampaign
import PropCheckSimulator
import Testing
import XCTest

/// Checks generated runs of `simulator` inside a Swift Testing `@Test` (by default,
/// that no checker or liveness goal is violated): 1,000 cases unless `configuration`
/// says otherwise; a failure is recorded as an issue with the shrunk schedule, the
/// violation, the run's timeline and a replay token. See
/// ``forAll(_:name:configuration:timeline:property:)-(Simulator<Node>,_,_,_,_)``.
@discardableResult @inlinable
public func checkProperty<Node: SimulatedNode>(
    _ simulator: Simulator<Node>,
    name: String = #function,
    configuration: PropertyConfiguration? = nil,
    timeline: TimelineOptions = .init(),
    sourceLocation: SourceLocation = #_sourceLocation,
    property: (SimulationRun<Node>, CaseContext) async throws -> Bool = { run, _ in run.violation == nil }
) async -> PropertyReport<SimulationRun<Node>> {
    let report = await forAll(simulator, name: name, configuration: configuration, timeline: timeline, property: property)
    if !report.isSuccess { Issue.record(Comment(rawValue: report.description), sourceLocation: sourceLocation) }
    return report
}

/// Checks generated runs of `simulator` inside an XCTest method; see
/// ``checkProperty(_:name:configuration:timeline:sourceLocation:property:)-(Simulator<Node>,_,_,_,_,_)``.
@discardableResult @inlinable
public func XCTAssertProperty<Node: SimulatedNode>(
    _ simulator: Simulator<Node>,
    name: String = #function,
    configuration: PropertyConfiguration? = nil,
    timeline: TimelineOptions = .init(),
    file: StaticString = #filePath, line: UInt = #line,
    property: (SimulationRun<Node>, CaseContext) async throws -> Bool = { run, _ in run.violation == nil }
) async -> PropertyReport<SimulationRun<Node>> {
    let report = await forAll(simulator, name: name, configuration: configuration, timeline: timeline, property: property)
    if !report.isSuccess { XCTFail(report.description, file: file, line: line) }
    return report
}

/// Runs a campaign of `target` inside a Swift Testing `@Test`, with a corpus in the
/// package: every saved entry of the target in `corpus` is replayed first (broken
/// variants must still fail, fixed bugs must stay fixed), then `iterations` generated
/// cases; a new failure is shrunk, saved to `corpus` and recorded as an issue with
/// the shrunk schedule, the violation and the run's timeline. A broken target passes
/// when it is caught. See ``CampaignCheck``.
///
/// - Parameters:
///   - corpus: the corpus directory, say `URL(fileURLWithPath: #filePath)` resolved
///     to your package's `corpus/`; created on the first save.
///   - iterations: generated cases (default ``Simulator/defaultIterations``).
///   - seed: the campaign's seed; fixed by default, so the test is deterministic.
///   - jobs: concurrent jobs (results do not depend on it).
///   - timeline: how a failure's run is shown in the issue (width, nodes).
@discardableResult
public func checkCampaign(
    _ target: CampaignTarget, corpus: URL, iterations: Int = 1_000, seed: Seed = Seed(0x5eed), jobs: Int = 1,
    timeline: TimelineOptions = .init(), sourceLocation: SourceLocation = #_sourceLocation
) async -> CampaignCheck {
    let check = await CampaignCheck.run(target, corpus: corpus,
                                        options: CampaignOptions(iterations: iterations, seed: seed, jobs: jobs),
                                        timeline: timeline)
    for problem in check.problems { Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation) }
    return check
}

/// Runs a campaign of `target` with a corpus inside an XCTest method; see
/// ``checkCampaign(_:corpus:iterations:seed:jobs:timeline:sourceLocation:)``.
@discardableResult
public func XCTAssertCampaign(
    _ target: CampaignTarget, corpus: URL, iterations: Int = 1_000, seed: Seed = Seed(0x5eed), jobs: Int = 1,
    timeline: TimelineOptions = .init(), file: StaticString = #filePath, line: UInt = #line
) async -> CampaignCheck {
    let check = await CampaignCheck.run(target, corpus: corpus,
                                        options: CampaignOptions(iterations: iterations, seed: seed, jobs: jobs),
                                        timeline: timeline)
    for problem in check.problems { XCTFail(problem, file: file, line: line) }
    return check
}
