import Foundation
import PropCheckCampaign
import PropCheckEngine
import PropCheckSimulator

extension PropCheckTool {
    /// `propcheck __case`: runs one case and streams its choices (`c value bound` lines)
    /// before printing `outcome <json>`; the parent of an isolated campaign reads both.
    func runIsolatedCase(_ arguments: inout Arguments) throws -> ExitCode {
        guard let name = try arguments.value("--target"), let target = registry.named(name) else {
            throw UsageError("__case needs --target NAME")
        }
        let faults = Set(try (arguments.value("--faults") ?? "").split(separator: ",").map { text throws(UsageError) -> FaultKind in
            guard let kind = FaultKind(rawValue: String(text)) else { throw UsageError("__case: unknown fault kind '\(text)'") }
            return kind
        })
        let nodes = try arguments.integer("--nodes", in: RunSettings.nodeRange)
        let property = try arguments.value("--property")
        let conformance = !arguments.flag("--no-conformance")
        let withTrace = arguments.flag("--with-trace")
        let maxChoices = target.maxChoices(for: RunSettings(faults: faults, nodes: nodes, property: property, conformance: conformance))
        let source: ChoiceSource
        var replayed: [UInt64]?
        if let text = try arguments.value("--choices") {
            let continuation = try arguments.seed("--continue-seed")
            do {
                replayed = try ChoiceSequence(compactText: Substring(text)).values
                source = ChoiceSource(replaying: replayed ?? [], continuingWith: continuation, maxChoices: maxChoices)
            } catch {
                throw UsageError("__case: \(error)")
            }
        } else {
            guard let seed = try arguments.seed("--seed"), let index = try arguments.integer("--index", in: 0...Int.max) else {
                throw UsageError("__case needs --seed and --index, or --choices")
            }
            source = ChoiceSource(seed: seed.caseSeed(index), maxChoices: maxChoices)
        }
        try arguments.finish()
        let out = FileHandle.standardOutput
        source.drawObserver = { value, bound in out.write(Data("c \(value) \(bound)\n".utf8)) }
        let settings = RunSettings(faults: faults, nodes: nodes, property: property, conformance: conformance)
        let outcome = try target.run(on: source, settings: settings)
        if withTrace, let replayed {
            // A trace line holds no newline: one event per line.
            source.drawObserver = nil
            let lines = try target.replay(replayed, settings: settings).logLines
            out.write(Data(lines.map { "t \($0)\n" }.joined().utf8))
        }
        out.write(Data(("outcome " + (try encodeJSONLine(outcome)) + "\n").utf8))
        return .success
    }
    }

    /// Compact single-line JSON.
    func encodeJSONLine(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
}
