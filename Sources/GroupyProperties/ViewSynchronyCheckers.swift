import Groupy
import PropCheckSimulator

/// An event of a GMS run, as the view-synchrony checkers see it.
public typealias GMSEvent<V: GMSVersionTag> = TraceEvent<GroupMember<V>>

/// The checkers of every GMS property, fresh for one run. When one event breaks
/// several properties, the first listed is reported: the more specific diagnoses
/// (a duplicate, a gap) come before the consequences (a different order).
public func viewSynchronyCheckers<V: GMSVersionTag>(_ version: V.Type = V.self) -> [any Checker<GroupMember<V>>] {
    [
        OneLeaderPerView<V>(), SameViewSequence<V>(), NoDuplicates<V>(), NoGaps<V>(), FIFOPerSender<V>(),
        TotalOrder<V>(), VirtualSynchrony<V>(), WorkersAgree<V>(),
    ]
}
