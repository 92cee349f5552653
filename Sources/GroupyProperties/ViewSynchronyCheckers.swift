import Groupy
import PropCheckSimulator

/// An event of a GMS run, as the view-synchrony checkers see it.
public typealias GMSEvent<V: GMSVersionTag> = TraceEvent<GroupMember<V>>

/// The checkers of every GMS property, fresh for one run.
public func viewSynchronyCheckers<V: GMSVersionTag>(_ version: V.Type = V.self) -> [any Checker<GroupMember<V>>] {
    [
        OneLeaderPerView<V>(), SameViewSequence<V>(), TotalOrder<V>(), FIFOPerSender<V>(),
        NoDuplicates<V>(), NoGaps<V>(), VirtualSynchrony<V>(), WorkersAgree<V>(),
    ]
}

/// Names of the GMS properties, as `--property` and `propcheck list` know them.
public let gmsPropertyNames = [
    "one-leader-per-view", "same-view-sequence", "total-order", "fifo-per-sender", "no-duplicates", "no-gaps",
    "virtual-synchrony", "workers-agree", "gms-liveness",
]
