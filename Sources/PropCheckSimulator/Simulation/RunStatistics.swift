/// What a run did, counted: the figures a campaign sums to show that its faults fired.
public struct RunStatistics: Hashable, Sendable, Codable {
    /// Events handled from the queue (deliveries, timers, notices, schedule steps):
    /// the unit of the simulator's throughput.
    public var events = 0
    /// Events in the run's trace, whether or not it was recorded: what a trace's
    /// indices and a violation's "at event N" count. Each handled event is one of
    /// them, beside sends, reports, drops and network changes.
    public var traceEvents = 0
    /// Messages sent.
    public var messagesSent = 0
    /// Messages delivered and handled.
    public var messagesDelivered = 0
    /// Messages lost to the loss setting.
    public var messagesDropped = 0
    /// Messages lost because a link was cut or the receiver was down.
    public var messagesLostToFaults = 0
    /// Second copies delivered by the duplication setting.
    public var messagesDuplicated = 0
    /// Messages given an extra delay.
    public var messagesDelayed = 0
    /// Timers that fired.
    public var timersFired = 0
    /// Observations reported by nodes.
    public var observations = 0
    /// Crashes.
    public var crashes = 0
    /// Restarts, the heal phase's included.
    public var restarts = 0
    /// Joins.
    public var joins = 0
    /// Partition, bridge and cut steps.
    public var partitions = 0
    /// Nodes whose clock ran at a rate other than 100%.
    public var skewedClocks = 0
    /// Pauses.
    public var pauses = 0
    /// Messages delayed past the usual extra delay (the long tail), duplicates' lagging copies included.
    public var messagesLongDelayed = 0
    /// Messages a holding partition held and released.
    public var messagesHeld = 0
    /// Crashes that lost writes not yet synced (storage faults).
    public var writesLost = 0
    /// Virtual time at the end of the run, in ticks.
    public var endTime = 0

    /// How often a fault of `kind` actually happened.
    public func count(of kind: FaultKind) -> Int {
        switch kind {
        case .crash: crashes
        case .partition: partitions
        case .loss: messagesDropped
        case .duplication: messagesDuplicated
        case .delay: messagesDelayed
        case .clockSkew: skewedClocks
        case .join: joins
        case .pause: pauses
        case .longDelay: messagesLongDelayed
        case .hold: messagesHeld
        case .storage: writesLost
        }
    }

    /// Adds another run's figures (endTime takes the larger).
    public mutating func add(_ other: RunStatistics) {
        events += other.events; traceEvents += other.traceEvents; messagesSent += other.messagesSent; messagesDelivered += other.messagesDelivered
        messagesDropped += other.messagesDropped; messagesLostToFaults += other.messagesLostToFaults
        messagesDuplicated += other.messagesDuplicated; messagesDelayed += other.messagesDelayed
        timersFired += other.timersFired; observations += other.observations; crashes += other.crashes
        restarts += other.restarts; joins += other.joins; partitions += other.partitions
        skewedClocks += other.skewedClocks; pauses += other.pauses; messagesLongDelayed += other.messagesLongDelayed
        messagesHeld += other.messagesHeld; writesLost += other.writesLost; endTime = max(endTime, other.endTime)
    }
}
