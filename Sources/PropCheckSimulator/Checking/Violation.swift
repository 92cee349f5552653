/// A property violated by a run: which property, where, when, and why.
public struct Violation: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Safety stops a run at the first bad event; liveness is judged after healing.
    public enum Kind: String, Hashable, Sendable, Codable {
        case safety, liveness
    }

    /// The property's name (`election-safety`).
    public var property: String
    /// Safety or liveness.
    public var kind: Kind
    /// What went wrong, with the term, view or values involved.
    public var message: String
    /// The nodes involved.
    public var nodes: [NodeID]
    /// Index of the event at which the violation was detected.
    public var eventIndex: Int
    /// Virtual time of that event.
    public var time: Int
    /// Earlier events the violation is about, by index (the invocations of a
    /// linearizability witness's operations), for reports to highlight.
    public var events: [Int]

    /// A violation; the simulator fills in where and when.
    public init(property: String, kind: Kind = .safety, message: String, nodes: [NodeID] = [],
                eventIndex: Int = 0, time: Int = 0, events: [Int] = []) {
        self.property = property
        self.kind = kind
        self.message = message
        self.nodes = nodes
        self.eventIndex = eventIndex
        self.time = time
        self.events = events
    }

    public var description: String {
        let who = nodes.isEmpty ? "" : " [\(nodes.map(\.description).joined(separator: " "))]"
        return "\(kind) property '\(property)' violated at event \(eventIndex), t=\(time)\(who): \(message)"
    }
}
