/// A node's identity in a simulated cluster: a small number, printed `n1`, `n2`, …
public struct NodeID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The node's number; the first node of a cluster is 1.
    public var rawValue: Int

    /// The node numbered `rawValue`.
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public init(integerLiteral value: Int) { self.rawValue = value }

    /// Position in zero-based per-node arrays.
    @inlinable public var index: Int { rawValue - 1 }

    public var description: String { "n\(rawValue)" }
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
