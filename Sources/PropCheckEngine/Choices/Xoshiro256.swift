/// xoshiro256** (Blackman and Vigna): the fast generator behind every fresh choice.
///
/// It is a value type with no global state, so two sources never share a stream.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Seeds the four words through SplitMix64, as the authors recommend.
    public init(seed: Seed) {
        var mixer = SplitMix64(seed: seed.rawValue)
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform value in `0...maximum`, without modulo bias (Lemire's method).
    @inlinable
    public mutating func next(upTo maximum: UInt64) -> UInt64 {
        if maximum == .max { return next() }
        let range = maximum &+ 1
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return product.high
    }

    /// True with probability `numerator / denominator`, decided in integers so that
    /// every platform draws the same value.
    @inlinable
    public mutating func chance(_ numerator: UInt64, in denominator: UInt64) -> Bool {
        next(upTo: denominator - 1) < numerator
    }

    @usableFromInline
    internal func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
