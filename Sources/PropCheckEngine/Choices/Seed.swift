/// A 64-bit seed for the engine's pseudo-random generator, printed as short lowercase hex.
///
/// Seeds are the only entry point of randomness: a run's seed derives one seed
/// per test case, and a test case's seed derives every fresh choice it draws.
public struct Seed: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The raw 64 bits.
    public var rawValue: UInt64

    /// Wraps raw bits as a seed.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// Parses the printed form: 1 to 16 hex digits, optionally prefixed with `0x`.
    public init?(_ description: String) {
        var digits = Substring(description)
        if digits.hasPrefix("0x") { digits = digits.dropFirst(2) }
        guard (1...16).contains(digits.count), let value = UInt64(digits, radix: 16) else { return nil }
        self.rawValue = value
    }

    /// Lowercase hex without leading zeros.
    public var description: String { String(rawValue, radix: 16) }

    /// A seed derived from a name, stable across processes and platforms (FNV-1a),
    /// so that a property without an explicit seed still runs the same cases every time.
    public static func derived(from name: String) -> Seed {
        Seed(SplitMix64.mix(StableHash.of(name)))
    }

    /// The seed of the `index`-th case of a run: independent streams per case, so that
    /// case 57 can be regenerated without generating cases 0 to 56.
    public func caseSeed(_ index: Int) -> Seed {
        Seed(SplitMix64.mix(rawValue &+ 0x9e37_79b9_7f4a_7c15 &* UInt64(truncatingIfNeeded: index + 1)))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let seed = Seed(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a seed: expected 1 to 16 hex digits")
        }
        self = seed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// SplitMix64: expands a seed into well-mixed 64-bit words (Steele, Lea, Flood 2014).
public struct SplitMix64: Sendable {
    private var state: UInt64

    /// Starts the sequence at `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next word of the sequence.
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective bit mixer.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
