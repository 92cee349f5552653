import PropCheckEngine

/// What one run's faults look like, drawn first from the choice sequence (swarm
/// testing): each fault kind on or off, and how strong. Some runs are all
/// partitions, some all loss; a fault kind that is off costs no choices at all.
/// Every option's simplest value (choice 0) is "off", so shrinking switches off
/// the faults a failure does not need.
public struct SwarmOptions: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Crash and restart steps may occur.
    public var crashes = false
    /// Partition, bridge, cut and heal steps may occur.
    public var partitions = false
    /// Nodes may join.
    public var joins = false
    /// Client requests may occur (protocols that take them only).
    public var requests = false
    /// Percentage of messages dropped; 0 is off.
    public var lossPercent = 0
    /// Percentage of messages duplicated; 0 is off.
    public var duplicationPercent = 0
    /// Largest extra delay a message may get, in ticks (reordering follows); 0 is off.
    public var maxExtraDelayTicks = 0
    /// Nodes' timers may run fast or slow (50% to 200% of real rate).
    public var clockSkew = false
    /// Nodes may pause (freeze, then resume on stale state).
    public var pauses = false
    /// Delays have a long tail: about one delayed message in ten waits up to
    /// ``SimulationConfiguration/maxLongDelayTicks``, and a duplicate's copy may lag far behind.
    public var longDelays = false
    /// Partitions may hold the messages crossing them, releasing them at the heal.
    public var holds = false
    /// A crash loses writes not yet synced (``NodeContext/write(_:)`` before ``NodeContext/sync()``).
    public var storageFaults = false

    /// Options with every fault off.
    public init() {}

    /// Options with the given faults on at moderate intensities: for hand-written scenarios.
    public init(enabling kinds: Set<FaultKind>, requests: Bool = false) {
        crashes = kinds.contains(.crash)
        partitions = kinds.contains(.partition)
        joins = kinds.contains(.join)
        lossPercent = kinds.contains(.loss) ? 10 : 0
        duplicationPercent = kinds.contains(.duplication) ? 5 : 0
        maxExtraDelayTicks = kinds.contains(.delay) ? 20 : 0
        clockSkew = kinds.contains(.clockSkew)
        pauses = kinds.contains(.pause)
        longDelays = kinds.contains(.longDelay)
        holds = kinds.contains(.hold)
        storageFaults = kinds.contains(.storage)
        self.requests = requests
    }

    /// What is wrong with these options (a recorded plan's may hold anything), or nil.
    public var problem: String? {
        if !(0...100).contains(lossPercent) { return "lossPercent must be 0 to 100, got \(lossPercent)" }
        if !(0...100).contains(duplicationPercent) { return "duplicationPercent must be 0 to 100, got \(duplicationPercent)" }
        if lossPercent + duplicationPercent > 100 {
            return "lossPercent and duplicationPercent must add up to at most 100, got \(lossPercent + duplicationPercent)"
        }
        if !(0...1_000_000).contains(maxExtraDelayTicks) {
            return "maxExtraDelayTicks must be 0 to 1,000,000, got \(maxExtraDelayTicks)"
        }
        return nil
    }

    /// The fault kinds switched on.
    public var enabledKinds: [FaultKind] {
        FaultKind.allCases.filter { kind in
            switch kind {
            case .crash: crashes
            case .partition: partitions
            case .loss: lossPercent > 0
            case .duplication: duplicationPercent > 0
            case .delay: maxExtraDelayTicks > 0
            case .clockSkew: clockSkew
            case .join: joins
            case .pause: pauses
            case .longDelay: longDelays
            case .hold: holds
            case .storage: storageFaults
            }
        }
    }

    /// One line, with units: `swarm: crash partition, loss 12%, delay ≤ 30 ticks`.
    public var description: String {
        var parts = [String]()
        if crashes { parts.append("crashes") }
        if partitions { parts.append("partitions") }
        if joins { parts.append("joins") }
        if lossPercent > 0 { parts.append("loss \(lossPercent)%") }
        if duplicationPercent > 0 { parts.append("duplication \(duplicationPercent)%") }
        if maxExtraDelayTicks > 0 { parts.append("delay ≤ \(maxExtraDelayTicks) ticks") }
        if clockSkew { parts.append("clock skew") }
        if pauses { parts.append("pauses") }
        if longDelays { parts.append("long delays") }
        if holds { parts.append("holding partitions") }
        if storageFaults { parts.append("storage faults") }
        if requests { parts.append("requests") }
        return "swarm: " + (parts.isEmpty ? "no faults" : parts.joined(separator: ", "))
    }

    /// Draws options for the `allowed` fault kinds. Each kind is on with probability
    /// 1/2 when fresh; intensities are drawn only for kinds that are on.
    public static func draw(from source: ChoiceSource, allowing allowed: Set<FaultKind>,
                            takesRequests: Bool, maxDelayTicks: Int) -> SwarmOptions {
        source.startSpan("swarm")
        defer { source.endSpan() }
        var options = SwarmOptions()
        func on(_ kind: FaultKind) -> Bool { allowed.contains(kind) && source.draw(upTo: 1) == 1 }
        options.crashes = on(.crash)
        options.partitions = on(.partition)
        options.joins = on(.join)
        options.requests = takesRequests && source.drawBit(chance: 3, in: 4)
        if on(.loss) { options.lossPercent = 1 + Int(source.draw(upTo: 29)) }
        if on(.duplication) { options.duplicationPercent = 1 + Int(source.draw(upTo: 19)) }
        if on(.delay) { options.maxExtraDelayTicks = 1 + Int(source.draw(upTo: UInt64(max(maxDelayTicks, 1) - 1))) }
        options.clockSkew = on(.clockSkew)
        // Kinds added later draw last, and only when allowed: entries saved before them
        // read their choices as they were drawn.
        options.pauses = on(.pause)
        options.longDelays = on(.longDelay)
        options.holds = on(.hold)
        options.storageFaults = on(.storage)
        return options
    }

    private enum CodingKeys: String, CodingKey {
        case crashes, partitions, joins, requests, lossPercent, duplicationPercent, maxExtraDelayTicks, clockSkew
        case pauses, longDelays, holds, storageFaults
    }

    /// Reads options; kinds added after an entry was saved are off when it lacks them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        crashes = try c.decode(Bool.self, forKey: .crashes)
        partitions = try c.decode(Bool.self, forKey: .partitions)
        joins = try c.decode(Bool.self, forKey: .joins)
        requests = try c.decode(Bool.self, forKey: .requests)
        lossPercent = try c.decode(Int.self, forKey: .lossPercent)
        duplicationPercent = try c.decode(Int.self, forKey: .duplicationPercent)
        maxExtraDelayTicks = try c.decode(Int.self, forKey: .maxExtraDelayTicks)
        clockSkew = try c.decode(Bool.self, forKey: .clockSkew)
        pauses = try c.decodeIfPresent(Bool.self, forKey: .pauses) ?? false
        longDelays = try c.decodeIfPresent(Bool.self, forKey: .longDelays) ?? false
        holds = try c.decodeIfPresent(Bool.self, forKey: .holds) ?? false
        storageFaults = try c.decodeIfPresent(Bool.self, forKey: .storageFaults) ?? false
    }
}
