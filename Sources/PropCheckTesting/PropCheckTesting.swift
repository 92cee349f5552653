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
///   - name: names the property and derives its default seed; defaults to the test function.
///   - generator: draws the inputs.
///   - configuration: iterations, seed, replay token, shrink budget.
///   - property: returns false or throws to fail; `context` records labels, coverage, notes.
@discardableResult
public func checkProperty<Value>(
    _ name: String = #function,
    _ generator: Gen<Value>,
    configuration: PropertyConfiguration = PropertyConfiguration(),
    sourceLocation: SourceLocation = #_sourceLocation,
    property: (Value, CaseContext) async throws -> Bool
) async -> PropertyReport<Value> {
    let report = await forAll(name, generator, configuration: configuration, property: property)
    if !report.isSuccess {
        Issue.record(Comment(rawValue: report.description), sourceLocation: sourceLocation)
    }
    return report
}

/// Checks a property inside a Swift Testing `@Test`; see
/// ``checkProperty(_:_:configuration:sourceLocation:property:)-(_,_,_,_,(Value,CaseContext)->Bool)``.
@discardableResult
public func checkProperty<Value>(
    _ name: String = #function,
    _ generator: Gen<Value>,
    configuration: PropertyConfiguration = PropertyConfiguration(),
    sourceLocation: SourceLocation = #_sourceLocation,
    property: (Value) async throws -> Bool
) async -> PropertyReport<Value> {
    await checkProperty(name, generator, configuration: configuration, sourceLocation: sourceLocation) { value, _ in
        try await property(value)
    }
}

/// Checks a property inside an XCTest method; a failure, a give-up or bad input fails
/// the test with the report (counterexample and replay token) as its message.
@discardableResult
public func XCTAssertProperty<Value>(
    _ name: String = #function,
    _ generator: Gen<Value>,
    configuration: PropertyConfiguration = PropertyConfiguration(),
    file: StaticString = #filePath, line: UInt = #line,
    property: (Value, CaseContext) async throws -> Bool
) async -> PropertyReport<Value> {
    let report = await forAll(name, generator, configuration: configuration, property: property)
    if !report.isSuccess { XCTFail(report.description, file: file, line: line) }
    return report
}

/// Checks a property inside an XCTest method; see
/// ``XCTAssertProperty(_:_:configuration:file:line:property:)-(_,_,_,_,_,(Value,CaseContext)->Bool)``.
@discardableResult
public func XCTAssertProperty<Value>(
    _ name: String = #function,
    _ generator: Gen<Value>,
    configuration: PropertyConfiguration = PropertyConfiguration(),
    file: StaticString = #filePath, line: UInt = #line,
    property: (Value) async throws -> Bool
) async -> PropertyReport<Value> {
    await XCTAssertProperty(name, generator, configuration: configuration, file: file, line: line) { value, _ in
        try await property(value)
    }
}
