import Linearizability
import PropCheckSimulator
import Raft

/// Linearizability of the key-value history the hosted clients saw: invocations and
/// answers, in event order, checked at the end of the run against ``KeyValueModel``.
/// A request whose client died before the answer stays open: it may or may not have
/// taken effect. Removal requests are administration, outside the history.
public struct Linearizable: Checker {
    public typealias Node = RaftServer
    public var property: String { "linearizability" }
    public var reads: EventCategories { [.lifecycle, .observations] }
    var operations: [HistoryOperation<KVOperation, KVResult>] = []
    var open: [ClientID: (seq: Int, position: Int)] = [:]
    public init() {}

    public mutating func observe(_ event: RaftEvent, in cluster: ClusterView<Node>) -> Violation? {
        switch event.kind {
        case .observe(_, .invoke(let client, let seq, .kv(let operation))):
            open[client] = (seq, operations.count)
            operations.append(HistoryOperation(client: client.description, input: operation, output: nil,
                                               invokedAt: event.index, returnedAt: nil))
        case .observe(_, .complete(let client, let seq, .kv, let result)):
            guard let pending = open[client], pending.seq == seq else { break }
            operations[pending.position].output = result
            operations[pending.position].returnedAt = event.index
            open[client] = nil
        default: break
        }
        return nil
    }

    func render(_ operation: HistoryOperation<KVOperation, KVResult>) -> String {
        "\(operation.client) \(operation.input) -> \(operation.output.map(\.description) ?? "?") "
            + "[events \(operation.invokedAt)..\(operation.returnedAt.map(String.init) ?? "open")]"
    }

    public mutating func finish(_ cluster: ClusterView<Node>) -> Violation? {
        switch LinearizabilityChecker(model: KeyValueModel()).check(operations) {
        case .linearizable, .unknown: return nil
        case .notLinearizable(let witness):
            // The witness is minimal (it may be one read of a value nobody wrote); the
            // key's whole history shows where the value came from.
            let key = witness[0].input.key
            let history = operations.filter { $0.input.key == key }
            return Violation(property: property,
                             message: "no sequential order explains \(witness.map(render).joined(separator: "; ")); "
                                + "all \(history.count) operations on k\(key): "
                                + history.prefix(12).map(render).joined(separator: "; ")
                                + (history.count > 12 ? "; …" : ""),
                             events: witness.flatMap { [$0.invokedAt] + ($0.returnedAt.map { [$0] } ?? []) })
        }
    }
}
