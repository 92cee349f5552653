// Glue between the engine and the two test frameworks: a failing property becomes
// a recorded issue (Swift Testing) or a test failure (XCTest) whose message is the
// whole report, counterexample and replay token included.
@_exported import PropCheckEngine
import Testing
import XCTest

/// Checks a property inside a Swift Testing `@Test`; a failure, a give-up or bad input
/// is recorded as an issue carrying the report (counterexample and replay token).
///
/// - Parameters:
///   - generator: draws the inputs.
///   - name: names the property and derives its default seed; defaults to the test function.
///   - configuration: iterations, seed, replay token, shrink budget.
///   - property: returns false or throws to fail; `context` records labels, coverage, notes.
@discardableResult
public func checkProperty<Value>(
    _ generator: Gen<Value>,
    name: String = #function,
    configuration: PropertyConfiguration = PropertyConfiguration(),
    sourceLocation: SourceLocation = #_sourceLocation,
    property: (Value, CaseContext) async throws -> Bool
) async -> PropertyReport<Value> {
    let report = await forAll(generator, name: name, configuration: configuration, property: property)
    if !report.isSuccess {
        Issue.record(Comment(rawValue: report.description), sourceLocation: sourceLocation)
    }
    return report
}

/// Checks a property inside a Swift Testing `@Test`; see
/// ``checkProperty(_:name:configuration:sourceLocation:property:)``.
@discardableResult
public func checkProperty<Value>(
    _ generator: Gen<Value>,
    name: String = #function,
    configuration: PropertyConfiguration = PropertyConfiguration(),
    sourceLocation: SourceLocation = #_sourceLocation,
    property: (Value) async throws -> Bool
) async -> PropertyReport<Value> {
    await checkProperty(generator, name: name, configuration: configuration, sourceLocation: sourceLocation) { value, _ in
        try await property(value)
    }
}

/// Checks a property inside an XCTest method; a failure, a give-up or bad input fails
/// the test with the report (counterexample and replay token) as its message.
@discardableResult
public func XCTAssertProperty<Value>(
    _ generator: Gen<Value>,
    name: String = #function,
    configuration: PropertyConfiguration = PropertyConfiguration(),
    file: StaticString = #filePath, line: UInt = #line,
    property: (Value, CaseContext) async throws -> Bool
) async -> PropertyReport<Value> {
    let report = await forAll(generator, name: name, configuration: configuration, property: property)
    if !report.isSuccess { XCTFail(report.description, file: file, line: line) }
    return report
}

/// Checks a property inside an XCTest method; see
/// ``XCTAssertProperty(_:name:configuration:file:line:property:)``.
@discardableResult
public func XCTAssertProperty<Value>(
    _ generator: Gen<Value>,
    name: String = #function,
    configuration: PropertyConfiguration = PropertyConfiguration(),
    file: StaticString = #filePath, line: UInt = #line,
    property: (Value) async throws -> Bool
) async -> PropertyReport<Value> {
    await XCTAssertProperty(generator, name: name, configuration: configuration, file: file, line: line) { value, _ in
        try await property(value)
    }
}
