/// A sequential specification: the states an object can be in and what each
/// operation does. The checker asks whether a concurrent history could have come
/// from some sequential order of its operations that respects real time.
///
/// Models are partitioned (Porcupine's trick): operations on different keys of a
/// key-value store are independent, so each key's sub-history is checked alone,
/// which turns one exponential search into many small ones.
public protocol SequentialModel: Sendable {
    /// The object's state; hashed to memoise the search.
    associatedtype State: Hashable & Sendable
    /// An operation's arguments.
    associatedtype Input: Sendable
    /// An operation's result.
    associatedtype Output: Sendable
    /// What partitions the history; operations with different keys never interact.
    associatedtype Key: Hashable & Comparable & Sendable

    /// The state before any operation.
    var initialState: State { get }
    /// The state after `input` in `state` if it can answer `output` there, else nil.
    /// `output` is nil for an operation whose answer never came (it may or may not
    /// have taken effect, and any answer would do).
    func step(_ state: State, _ input: Input, _ output: Output?) -> State?
    /// The partition an operation belongs to.
    func key(of input: Input) -> Key
    /// True when `input` never changes the state (a read). Such an operation whose
    /// answer never came constrains nothing, so the checker leaves it out of the
    /// search. The default, false, keeps every operation.
    func isReadOnly(_ input: Input) -> Bool
}

extension SequentialModel {
    public func isReadOnly(_ input: Input) -> Bool { false }
}

/// One operation of a concurrent history: who ran it, what it was, what it
/// returned, and when it was invoked and answered (positions on one clock).
public struct HistoryOperation<Input: Sendable, Output: Sendable>: Sendable {
    /// Who ran it (a client's name): operations of one client never overlap.
    public var client: String
    /// The arguments.
    public var input: Input
    /// The result, or nil when no answer came (a crash, a timeout, or the run ended
    /// first). An operation without an answer is *open*: it may take effect at any
    /// time after it was invoked, even after the client gave up, or never, and any
    /// answer would do; its `returnedAt` is ignored.
    public var output: Output?
    /// When it was invoked.
    public var invokedAt: Int
    /// When it was answered; nil when no answer came. An answered operation took
    /// effect at one instant between `invokedAt` and `returnedAt`, inclusive: two
    /// operations whose intervals touch may take effect in either order.
    public var returnedAt: Int?

    /// An operation.
    public init(client: String, input: Input, output: Output?, invokedAt: Int, returnedAt: Int?) {
        self.client = client
        self.input = input
        self.output = output
        self.invokedAt = invokedAt
        self.returnedAt = returnedAt
    }
}

/// What the checker concluded.
public enum LinearizabilityVerdict<Input: Sendable, Output: Sendable>: Sendable {
    /// Some sequential order of the operations explains every answer.
    case linearizable
    /// No order does. `witness` is a sub-history of one partition that is not
    /// linearizable: from ``LinearizabilityChecker/check(_:)`` a 1-minimal one (remove
    /// any operation and it is linearizable, or, for a violation of real time, no
    /// longer explainable in any order; see ``LinearizabilityAnalysis/witnessIsMinimal``);
    /// from ``LinearizabilityChecker/verdict(_:)`` the whole partition.
    case notLinearizable(witness: [HistoryOperation<Input, Output>])
    /// The search ran out of its budget before deciding.
    case unknown(reason: String)
}
