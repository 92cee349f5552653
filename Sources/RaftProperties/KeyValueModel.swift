import Linearizability
import Raft

/// The key-value store's sequential specification for the linearizability checker:
/// one integer per key, partitioned by key.
public struct KeyValueModel: SequentialModel {
    public typealias State = Int
    public typealias Input = KVOperation
    public typealias Output = KVResult
    public typealias Key = Int

    public init() {}
    public var initialState: Int { 0 }
    public func key(of input: KVOperation) -> Int { input.key }
    public func isReadOnly(_ input: KVOperation) -> Bool {
        if case .get = input { return true }
        return false
    }

    public func step(_ state: Int, _ input: KVOperation, _ output: KVResult?) -> Int? {
        switch input {
        case .put(_, let value): output == nil || output == .ok ? value : nil
        case .add(_, let delta): output == nil || output == .ok ? state + delta : nil
        case .get: output == nil || output == .value(state) ? state : nil
        }
    }
}
