import PropCheckEngine
import PropCheckSimulator

/// A client session: the node hosting it and which life of that node (a restarted
/// node's clients are new clients). Printed `c2.0`.
public struct ClientID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The node the client runs on.
    public var node: NodeID
    /// That node's life.
    public var life: Int

    /// A client id.
    public init(node: NodeID, life: Int) {
        self.node = node
        self.life = life
    }

    public var description: String { "c\(node.rawValue).\(life)" }
    public static func < (a: ClientID, b: ClientID) -> Bool { (a.node, a.life) < (b.node, b.life) }
}

/// An operation on the key-value store. Keys and values are small integers; `add`
/// is not idempotent, so a request applied twice shows in later reads.
public enum KVOperation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Set `key` to `value`.
    case put(key: Int, value: Int)
    /// Add `delta` to `key`'s value.
    case add(key: Int, delta: Int)
    /// Read `key` (0 when never written).
    case get(key: Int)

    /// The key operated on.
    public var key: Int {
        switch self { case .put(let key, _), .add(let key, _), .get(let key): key }
    }

    /// True for `get`.
    public var isRead: Bool { if case .get = self { true } else { false } }

    public var description: String {
        switch self {
        case .put(let key, let value): "put k\(key)=\(value)"
        case .add(let key, let delta): "add k\(key)+=\(delta)"
        case .get(let key): "get k\(key)"
        }
    }
}

/// What a client asks a Raft cluster: a key-value operation, or an administrator's
/// request to remove a server from the configuration.
public enum KVRequest: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A key-value operation.
    case kv(KVOperation)
    /// Remove a server (one at a time; refused while another change is pending).
    case removeServer(NodeID)

    public var description: String {
        switch self {
        case .kv(let operation): operation.description
        case .removeServer(let node): "remove \(node)"
        }
    }

    /// Requests for generated schedules: mostly writes and reads on two keys (few keys
    /// make operations meet), now and then a removal. Shrinks towards `put k0=0`.
    public static let generator: Gen<KVRequest> = Gen.frequency([
        (4, PropCheckEngine.zip(Gen<Int>.int(in: 0...1), Gen<Int>.int(in: 0...9)).map { .kv(.put(key: $0, value: $1)) }),
        (3, PropCheckEngine.zip(Gen<Int>.int(in: 0...1), Gen<Int>.int(in: 1...5)).map { .kv(.add(key: $0, delta: $1)) }),
        (4, Gen<Int>.int(in: 0...1).map { .kv(.get(key: $0)) }),
        (1, Gen<Int>.int(in: 1...5).map { .removeServer(NodeID($0)) }),
    ])
}

/// The answer to a request.
public enum KVResult: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A write or a removal took effect.
    case ok
    /// A read's value.
    case value(Int)
    /// A removal was refused (not a member, the last member, or a change pending).
    case refused

    public var description: String {
        switch self {
        case .ok: "ok"
        case .value(let value): "\(value)"
        case .refused: "refused"
        }
    }
}

/// The replicated state machine: a map from keys to values, plus each client's
/// latest sequence number and answer, so a retried request is applied once.
public struct KVStore: Hashable, Sendable {
    /// The values written so far.
    public private(set) var values: [Int: Int] = [:]
    /// Per client: the last sequence number applied and its result.
    public private(set) var sessions: [ClientID: Session] = [:]

    /// A client's last applied request.
    public struct Session: Hashable, Sendable {
        /// Its sequence number.
        public var seq: Int
        /// Its result.
        public var result: KVResult
    }

    /// An empty store.
    public init() {}

    /// The value of `key`.
    public func read(_ key: Int) -> Int { values[key] ?? 0 }

    /// The answer already given to `seq` of `client`, if that request was applied.
    public func answered(_ client: ClientID, seq: Int) -> KVResult? {
        guard let session = sessions[client], session.seq >= seq else { return nil }
        return session.seq == seq ? session.result : .ok
    }

    /// Applies a client's request. With `deduplicate` off (the `apply-twice` bug) a
    /// retried request takes effect again.
    public mutating func apply(_ operation: KVOperation, client: ClientID, seq: Int, deduplicate: Bool = true) -> KVResult {
        if deduplicate, let answer = answered(client, seq: seq) { return answer }
        let result: KVResult
        switch operation {
        case .put(let key, let value): values[key] = value; result = .ok
        case .add(let key, let delta): values[key] = read(key) + delta; result = .ok
        case .get(let key): result = .value(read(key))
        }
        sessions[client] = Session(seq: seq, result: result)
        return result
    }
}
