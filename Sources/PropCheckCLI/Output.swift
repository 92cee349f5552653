import Foundation
import ShrinkChallenges

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Pretty-printed JSON with sorted keys, so the output is stable.
func encodeJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// The challenge names the CLI accepts.
enum ShrinkChallengeCatalogue {
    static let names = (ShrinkChallenge.all + ShrinkChallenge.open).map(\.name)
}
