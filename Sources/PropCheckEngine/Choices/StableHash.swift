/// FNV-1a, 64-bit: a hash that is the same in every process and on every platform,
/// unlike `Hasher`, which Swift seeds per process. Used wherever a hash is printed,
/// stored or compared across runs (derived seeds, trace hashes, corpus names).
public struct StableHash: Sendable {
    /// The hash so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// An empty hash.
    public init() {}

    /// Mixes in `bytes`.
    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    }

    /// Mixes in the eight bytes of `value`, little-endian first.
    public mutating func combine(_ value: UInt64) {
        var rest = value
        for _ in 0..<8 {
            self.value = (self.value ^ (rest & 0xff)) &* 0x0000_0100_0000_01b3
            rest >>= 8
        }
    }

    /// Mixes in `value` as its 64-bit two's complement.
    public mutating func combine(_ value: Int) { combine(UInt64(bitPattern: Int64(value))) }

    /// Mixes in the UTF-8 of `text`.
    public mutating func combine(_ text: String) { combine(text.utf8) }

    /// The hash of `text`.
    public static func of(_ text: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(text)
        return hash.value
    }
}
