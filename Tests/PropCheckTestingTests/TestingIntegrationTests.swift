import Testing
import XCTest
import PropCheckTesting

@Suite("Swift Testing integration")
struct SwiftTestingIntegrationTests {
    @Test("a passing property records no issue")
    func passing() async {
        let report = await checkProperty(Gen<Int>.any) { x in x == x }
        #expect(report.isSuccess)
    }

    @Test("a failing property records one issue carrying the counterexample and replay token")
    func failing() async {
        var text = ""
        await withKnownIssue {
            let report = await checkProperty(Gen<Int>.int(in: 0...100)) { x in x < 42 }
            text = report.description
        } matching: { issue in
            let comment = issue.comments.map(\.rawValue).joined()
            return comment.contains("Counterexample:\n  42") && comment.contains("Replay: pc1:")
        }
        #expect(text.contains("Counterexample:\n  42"))
    }

    @Test("bad input is recorded as an issue, not a crash")
    func badInput() async {
        await withKnownIssue {
            await checkProperty(Gen<Int>.int(in: 0...1), configuration: .init(iterations: -3)) { _ in true }
        } matching: { issue in
            issue.comments.map(\.rawValue).joined().contains("iterations must not be negative")
        }
    }
}

final class XCTestIntegrationTests: XCTestCase {
    func testPassingPropertyPasses() async {
        let report = await XCTAssertProperty(Gen<Int>.int(in: 0...100).array()) { xs in xs.reversed().reversed() == xs }
        XCTAssertTrue(report.isSuccess)
        XCTAssertEqual(report.passed, 100)
    }

    func testContextOverloadRecordsLabels() async {
        let report = await XCTAssertProperty(Gen<Bool>.bool) { value, context in
            context.label(value ? "true" : "false")
            return true
        }
        XCTAssertEqual(report.labelCounts.map(\.count).reduce(0, +), 100)
    }
}
