import Foundation
import PropCheckCampaign
import PropCheckEngine

/// `propcheck zoo`: runs every variant and prints what its campaign did: for a broken
/// variant, the property that caught it, after how many runs, and the shrunk size;
/// for a correct one, that it passed. Exit 0 only if every broken variant is caught
/// and every correct one passes.
struct ZooCommand {
    var tool: PropCheckTool
    var iterations: Int
    var seed: Seed
    var jobs: Int
    var json: Bool

    struct Row: Encodable {
        var variant: String
        var expected: String
        var outcome: String
        var property: String?
        var runsToFailure: Int?
        var shrunkSteps: Int?
        var shrunkChoices: Int?
        var seconds: Double
        var ok: Bool
    }

    func run() async throws -> ExitCode {
        var rows: [Row] = []
        for target in tool.registry.targets {
            let options = CampaignOptions(iterations: iterations, seed: seed, jobs: jobs)
            let report = target.traps
                ? await tool.isolation.campaign(target, options: options)
                : await target.run(options)
            let caught = report.failure != nil
            rows.append(Row(
                variant: target.name, expected: target.isBroken ? "caught" : "passes",
                outcome: caught ? "caught" : "passed", property: report.failure?.property,
                runsToFailure: caught ? report.iterations : nil, shrunkSteps: report.failure?.shrink.shrunkSteps,
                shrunkChoices: report.failure?.shrink.shrunkChoices, seconds: report.seconds,
                ok: caught == target.isBroken))
        }
        if json {
            print(try encodeJSON(rows))
        } else {
            let width = rows.map(\.variant.count).max().map { $0 + 2 } ?? 20
            print(rightPad("variant", width) + rightPad("expected", 10) + rightPad("outcome", 9) + rightPad("property", 22)
                + leftPad("runs", 7) + leftPad("steps", 7) + leftPad("choices", 9) + leftPad("time", 10))
            for row in rows {
                print(rightPad(row.variant, width) + rightPad(row.expected, 10) + rightPad((row.ok ? "" : "!") + row.outcome, 9)
                    + rightPad(row.property ?? "-", 22) + leftPad(row.runsToFailure.map(String.init) ?? "-", 7)
                    + leftPad(row.shrunkSteps.map(String.init) ?? "-", 7) + leftPad(row.shrunkChoices.map(String.init) ?? "-", 9)
                    + leftPad(formatDuration(.milliseconds(Int(row.seconds * 1000))), 10))
            }
            let bad = rows.filter { !$0.ok }
            print(bad.isEmpty ? "every broken variant caught, every correct variant passed"
                  : "NOT as expected: \(bad.map(\.variant).joined(separator: ", "))")
        }
        return rows.allSatisfy(\.ok) ? .success : .propertyFailed
    }
}
