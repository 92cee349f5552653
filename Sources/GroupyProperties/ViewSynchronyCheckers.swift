import Groupy
import PropCheckSimulator

/// An event of a GMS run, as the view-synchrony checkers see it.
public typealias GMSEvent = TraceEvent<GroupMember>

/// The checkers of every GMS property, fresh for one run. When one event breaks
/// several properties, the first listed is reported: the more specific diagnoses
/// (a duplicate, a gap) come before the consequences (a different order).
public func viewSynchronyCheckers() -> [any Checker<GroupMember>] {
    [
        OneLeaderPerView(), SameViewSequence(), NoDuplicates(), NoGaps(), FIFOPerSender(),
        TotalOrder(), VirtualSynchrony(), WorkersAgree(), ViewState(),
    ]
}
