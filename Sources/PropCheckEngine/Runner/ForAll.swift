/// Checks that `property` holds for values drawn from `generator`.
///
/// Runs `configuration.iterations` cases from the configuration's seed (or one derived
/// from `name`); on the first failure it shrinks the case to a minimal one and
/// reports it with a replay token. A property fails by returning false or by
/// throwing; ``assume(_:)`` discards a case instead.
///
/// - Parameters:
///   - generator: draws the inputs.
///   - name: names the property in reports and derives the default seed.
///   - configuration: iterations, seed, replay token, shrink budget.
///   - property: the claim to check; `context` records labels, coverage and notes.
/// - Returns: the report; it never traps on bad input, which is reported as `.invalidInput`.
public func forAll<Value>(
    _ generator: Gen<Value>,
    name: String = "property",
    configuration: PropertyConfiguration = PropertyConfiguration(),
    property: (Value, CaseContext) async throws -> Bool
) async -> PropertyReport<Value> {
    await withoutActuallyEscaping(property) { property in
        await PropertyRunner(name: name, generator: generator, configuration: configuration, property: property).run()
    }
}

/// Checks that `property` holds for values drawn from `generator`; see
/// ``forAll(_:name:configuration:property:)`` for the details.
public func forAll<Value>(
    _ generator: Gen<Value>,
    name: String = "property",
    configuration: PropertyConfiguration = PropertyConfiguration(),
    property: (Value) async throws -> Bool
) async -> PropertyReport<Value> {
    await forAll(generator, name: name, configuration: configuration) { value, _ in try await property(value) }
}
