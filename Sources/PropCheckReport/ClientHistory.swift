import PropCheckSimulator

/// One client operation of a run, from its invocation to its answer (if any), as
/// the client-history lanes draw it.
public struct ClientOperation: Hashable, Sendable {
    /// The operation's id in the run ("c2.0#3").
    public var id: String
    /// The client that invoked it: its lane.
    public var client: String
    /// What it asked ("put k0=1").
    public var description: String
    /// The index of the invoking event, and its virtual time.
    public var invokedAt: Int, invokedTime: Int
    /// The index of the answering event and its virtual time; nil while open.
    public var returnedAt: Int?, returnedTime: Int?
    /// The answer ("ok", "0"); nil while open.
    public var result: String?
    /// How it ended; ``ClientEvent/Outcome/unknown`` while open.
    public var outcome: ClientEvent.Outcome

    /// True if the run ended before the operation was answered.
    public var isOpen: Bool { returnedAt == nil }
}

extension ReportRun {
    /// The client operations of the run in order of invocation: every invocation a
    /// node reported through ``ClientObservation``, matched with its answer by id.
    /// An answer to an operation not invoked in the run is ignored, and an id
    /// invoked again starts a new operation.
    public var operations: [ClientOperation] {
        var operations: [ClientOperation] = []
        var open: [String: Int] = [:]
        for event in events {
            guard case .client(let client) = event.kind else { continue }
            switch client {
            case .invoke(let id, let name, let description):
                open[id] = operations.count
                operations.append(ClientOperation(id: id, client: name, description: description, invokedAt: event.index,
                                                  invokedTime: event.time, outcome: .unknown))
            case .complete(let id, let result, let outcome):
                guard let position = open.removeValue(forKey: id) else { continue }
                operations[position].returnedAt = event.index
                operations[position].returnedTime = event.time
                operations[position].result = result
                operations[position].outcome = outcome
            }
        }
        return operations
    }

    /// The clients, in order of their first invocation: one lane each.
    public var clients: [String] { Self.clients(of: operations) }

    /// The clients of `operations`, in order of their first invocation.
    public static func clients(of operations: [ClientOperation]) -> [String] {
        var clients: [String] = []
        for operation in operations where !clients.contains(operation.client) { clients.append(operation.client) }
        return clients
    }
}
