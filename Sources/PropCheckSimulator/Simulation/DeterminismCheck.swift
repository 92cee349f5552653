import PropCheckEngine

/// Runs the same choices twice and compares the traces event by event: a mismatch
/// means a node or the framework read something outside the choice sequence (a
/// clock, global randomness, the iteration order of a `Set` or `Dictionary`).
public struct DeterminismReport: Sendable, CustomStringConvertible {
    /// Stable hash of the first run's rendered trace.
    public var firstHash: UInt64
    /// Stable hash of the second run's rendered trace.
    public var secondHash: UInt64
    /// The first event at which the runs differ, with both renderings; nil when identical.
    public var firstDifference: (index: Int, first: String, second: String)?
    /// Events compared.
    public var events: Int

    /// True when both runs produced byte-identical traces.
    public var isDeterministic: Bool { firstDifference == nil && firstHash == secondHash }

    public var description: String {
        guard let difference = firstDifference else {
            return "deterministic: \(events) events, trace hash \(String(firstHash, radix: 16))"
        }
        return """
            NOT deterministic (a node or framework bug): the runs differ at event \(difference.index)
              first run:  \(difference.first)
              second run: \(difference.second)
            """
    }
}

extension Simulator {
    /// Replays `choices` twice and compares the traces.
    public func checkDeterminism(_ choices: [UInt64]) throws -> DeterminismReport {
        let first = TraceRenderer.log(try replay(choices).trace ?? []).split(separator: "\n").map(String.init)
        let second = TraceRenderer.log(try replay(choices).trace ?? []).split(separator: "\n").map(String.init)
        return DeterminismReport(firstHash: traceHash(first), secondHash: traceHash(second),
                                 firstDifference: firstDifference(first, second), events: first.count)
    }
}

/// Where two renderings of a trace, one event per line, first differ: the line's index
/// and both lines ("(run ended)" for the shorter one); nil when they are the same.
public func firstDifference(_ first: [String], _ second: [String]) -> (index: Int, first: String, second: String)? {
    if let index = zip(first, second).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
        return (index, first[index], second[index])
    }
    guard first.count != second.count else { return nil }
    let index = min(first.count, second.count)
    return (index, index < first.count ? first[index] : "(run ended)", index < second.count ? second[index] : "(run ended)")
}

/// The stable hash of a rendered trace, one event per line.
func traceHash(_ lines: [String]) -> UInt64 {
    var hash = StableHash()
    for line in lines { hash.combine(line); hash.combine([10]) }
    return hash.value
}
