import PropCheckSimulator

/// The application process of a member: its state is a fold of the multicasts it
/// delivers (Groupy's colour). A joiner gets its initial state through the group:
/// it multicasts a state request, and the first `state` answer to it, which every
/// ready worker sends when it delivers the request, carries the colour at that
/// point of the total order; changes delivered in between are applied after it.
public struct Worker: Hashable, Sendable {
    /// Where the worker is in joining.
    public enum Phase: Hashable, Sendable {
        /// Holds the group's state.
        case ready
        /// Waits to deliver its own state request.
        case awaitingOwnRequest(MulticastID)
        /// Delivered its request; waits for an answer, keeping later changes.
        case awaitingState(MulticastID, buffered: [Multicast])
    }

    /// The colour.
    public private(set) var color = RGB()
    /// The joining phase.
    public private(set) var phase: Phase
    /// The last multicast of each sender that the colour includes, when the colour
    /// came by state transfer: those are not applied again.
    var appliedThrough: [MulticastID: Int] = [:]

    /// A worker that starts ready (a founding member) or must first get the state.
    init(ready: Bool) {
        phase = .ready
        if !ready { phase = .awaitingOwnRequest(NodeIDPlaceholder.unsentRequest) }
    }

    /// The joiner's state request went out as `request`.
    mutating func requested(_ request: MulticastID) {
        if case .awaitingOwnRequest = phase { phase = .awaitingOwnRequest(request) }
    }

    /// True once the worker holds the group's state.
    public var isReady: Bool { phase == .ready }

    /// True while its own request has been delivered and no answer has come.
    var awaitsAnswer: Bool {
        if case .awaitingState = phase { true } else { false }
    }

    /// Gives up on the request whose answer has not come (every worker that could answer
    /// it may have died first) before asking again: changes kept since that request are
    /// dropped, since the answer to the next request includes them.
    mutating func abandonRequest() {
        if case .awaitingState = phase { phase = .awaitingOwnRequest(NodeIDPlaceholder.unsentRequest) }
    }

    /// Applies a delivered multicast; returns a `state` answer to multicast, if any.
    /// `applied` is the member's last delivered number per sender, sent with a state.
    mutating func deliver(_ message: Multicast, applied: [MulticastID: Int]) -> WorkerMessage? {
        switch (message.body, phase) {
        case (.change, .ready):
            apply(message)
        case (.change, .awaitingState(let request, let buffered)):
            phase = .awaitingState(request, buffered: buffered + [message])
        case (.change, .awaitingOwnRequest):
            break  // before our request in the total order: the state we get includes it
        case (.stateRequest, .ready):
            let included = applied.map { $0.key.withNumber($0.value) }.sorted()
            return .state(request: message.id, color: color, applied: included)
        case (.stateRequest, .awaitingOwnRequest(let request)) where request == message.id:
            phase = .awaitingState(request, buffered: [])
        case (.state(let request, let state, let included), .awaitingState(let waiting, let buffered)) where request == waiting:
            color = state
            for id in included { appliedThrough[id.withNumber(0)] = id.number }
            for message in buffered { apply(message) }
            phase = .ready
        default:
            break
        }
        return nil
    }

    /// Folds a change into the colour, unless the colour already includes it.
    private mutating func apply(_ message: Multicast) {
        guard case .change(let n) = message.body else { return }
        if let done = appliedThrough[message.id.withNumber(0)], message.id.number <= done { return }
        color = color.changed(by: n)
    }
}

/// The origin of a state request not yet sent.
enum NodeIDPlaceholder {
    static let none = NodeID(0)
    /// The request a worker waits for before it has sent one.
    static let unsentRequest = MulticastID(origin: none, incarnation: 0, number: 0)
}
