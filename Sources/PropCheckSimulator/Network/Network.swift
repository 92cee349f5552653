/// The network fault domain: which links are cut, what each link's latency is, and
/// the loss, duplication and delay settings in force.
@usableFromInline
struct Network {
    /// Nodes the arrays are sized for.
    @usableFromInline let capacity: Int
    /// `blocked[from * capacity + to]`: the link from → to is cut.
    @usableFromInline var blocked: [Bool]
    /// `latency[from * capacity + to]` in ticks.
    @usableFromInline var latency: [Int]
    /// Time of the last delivery scheduled on each link, so a crash notice can follow it.
    @usableFromInline var lastDelivery: [Int]
    @usableFromInline var lossPercent = 0
    @usableFromInline var duplicationPercent = 0
    @usableFromInline var maxExtraDelayTicks = 0
    /// The long tail's largest delay (0: no long tail).
    @usableFromInline var maxLongDelayTicks = 0
    /// True while the partition in force holds crossing messages instead of dropping them.
    @usableFromInline var holding = false
    /// True while any link is cut.
    @usableFromInline var isPartitioned = false

    @usableFromInline init(capacity: Int, topology: Topology) {
        self.capacity = capacity
        blocked = Array(repeating: false, count: capacity * capacity)
        lastDelivery = Array(repeating: 0, count: capacity * capacity)
        latency = (0..<(capacity * capacity)).map { link in
            topology.latency(from: NodeID(link / capacity + 1), to: NodeID(link % capacity + 1))
        }
    }

    @inlinable @inline(__always) func isBlocked(_ from: NodeID, _ to: NodeID) -> Bool {
        blocked[from.index * capacity + to.index]
    }

    @inlinable @inline(__always) func latency(_ from: NodeID, _ to: NodeID) -> Int {
        latency[from.index * capacity + to.index]
    }

    @inlinable mutating func noteDelivery(_ from: NodeID, _ to: NodeID, at time: Int) {
        let link = from.index * capacity + to.index
        if time > lastDelivery[link] { lastDelivery[link] = time }
    }

    /// Cuts every link between different groups; nodes in no group (a bridge) keep all links.
    /// Returns the links newly cut, for failure-detector suspicions.
    @usableFromInline mutating func partition(_ groups: [[NodeID]]) -> [(from: NodeID, to: NodeID)] {
        let before = blocked
        heal()
        var group = Array(repeating: -1, count: capacity)
        for (number, members) in groups.enumerated() { for node in members { group[node.index] = number } }
        for from in 0..<capacity where group[from] >= 0 {
            for to in 0..<capacity where group[to] >= 0 && group[to] != group[from] {
                blocked[from * capacity + to] = true
            }
        }
        isPartitioned = blocked.contains(true)
        return newlyCut(since: before)
    }

    /// Cuts one link, one way, on top of whatever else is cut.
    @usableFromInline mutating func cut(from: NodeID, to: NodeID) -> [(from: NodeID, to: NodeID)] {
        let before = blocked
        blocked[from.index * capacity + to.index] = true
        isPartitioned = true
        return newlyCut(since: before)
    }

    /// Restores every link.
    @usableFromInline mutating func heal() {
        for index in blocked.indices { blocked[index] = false }
        isPartitioned = false
        holding = false
    }

    @inlinable func newlyCut(since before: [Bool]) -> [(from: NodeID, to: NodeID)] {
        blocked.indices.filter { blocked[$0] && !before[$0] }
            .map { (from: NodeID($0 / capacity + 1), to: NodeID($0 % capacity + 1)) }
    }
}
