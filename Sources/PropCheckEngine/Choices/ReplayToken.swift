/// A compact string that reproduces one test case exactly: the case's seed and the
/// choices it drew. Printed with every failure; passed back through
/// ``PropertyConfiguration/replay`` it re-runs that case and nothing else.
///
/// Format: `pc1:<seed in hex>:<choices in ChoiceSequence.compactText>`.
public struct ReplayToken: Hashable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    /// The seed of the case, which regenerates choices past the recorded ones.
    public var seed: Seed
    /// The recorded choices.
    public var choices: ChoiceSequence

    /// The token of a case.
    public init(seed: Seed, choices: ChoiceSequence) {
        self.seed = seed
        self.choices = choices
    }

    /// The printed token.
    public var description: String { "pc1:\(seed):\(choices.compactText)" }

    /// Parses a token, returning nil when it is malformed; use ``parse(_:)`` to learn why.
    public init?(_ description: String) {
        guard let token = try? ReplayToken.parse(description) else { return nil }
        self = token
    }

    /// Parses a token; the error names the part that is wrong.
    public static func parse(_ text: String) throws(ReplayTokenError) -> ReplayToken {
        let trimmed = text.trimmingWhitespace()
        let parts = trimmed.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .wrongShape(String(trimmed)) }
        guard parts[0] == "pc1" else { throw .unknownVersion(String(parts[0])) }
        guard let seed = Seed(String(parts[1])) else { throw .malformedSeed(String(parts[1])) }
        return ReplayToken(seed: seed, choices: try ChoiceSequence(compactText: Substring(parts[2])))
    }
}

/// Why a replay token could not be read.
public enum ReplayTokenError: Error, Equatable, CustomStringConvertible {
    /// The token is not three `:`-separated parts.
    case wrongShape(String)
    /// The token starts with a version this engine does not know.
    case unknownVersion(String)
    /// The seed part is not 1 to 16 hex digits.
    case malformedSeed(String)
    /// One choice is not a base-36 number (optionally `*count`).
    case malformedChoice(position: Int, text: String)

    public var description: String {
        switch self {
        case .wrongShape(let text):
            "invalid replay token '\(text)': expected 'pc1:<seed>:<choices>'"
        case .unknownVersion(let version):
            "invalid replay token: unknown version '\(version)' (this engine reads 'pc1')"
        case .malformedSeed(let seed):
            "invalid replay token: seed '\(seed)' is not 1 to 16 hex digits"
        case .malformedChoice(let position, let text):
            "invalid replay token: choice \(position) '\(text)' is not a base-36 number or 'value*count'"
        }
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return slice
    }
}
