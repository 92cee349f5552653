/// Link latencies: one latency inside a site and another between sites (seed 003's
/// two data centres: 20 ms inside, 170 ms across). Nodes not listed in any site,
/// such as ones that join later, belong to the first site.
public struct Topology: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Ticks a message takes between nodes of the same site.
    public var localLatencyTicks: Int
    /// Ticks a message takes between nodes of different sites.
    public var remoteLatencyTicks: Int
    /// The sites; empty means one site holding every node.
    public var sites: [[NodeID]]

    /// Every link with the same latency.
    public static func uniform(latencyTicks: Int = 1) -> Topology {
        Topology(localLatencyTicks: latencyTicks, remoteLatencyTicks: latencyTicks, sites: [])
    }

    /// Two or more sites with the given latencies.
    public static func sites(_ sites: [[NodeID]], localTicks: Int, remoteTicks: Int) -> Topology {
        Topology(localLatencyTicks: localTicks, remoteLatencyTicks: remoteTicks, sites: sites)
    }

    /// The latency of the link `from` → `to`.
    public func latency(from: NodeID, to: NodeID) -> Int {
        site(of: from) == site(of: to) ? localLatencyTicks : remoteLatencyTicks
    }

    private func site(of node: NodeID) -> Int {
        sites.firstIndex { $0.contains(node) } ?? 0
    }

    /// A problem with the topology, or nil.
    public var problem: String? {
        if localLatencyTicks < 0 || remoteLatencyTicks < 0 { return "latencies must not be negative" }
        let listed = sites.flatMap { $0 }
        if Set(listed).count != listed.count { return "a node is listed in more than one site" }
        return nil
    }

    public var description: String {
        sites.count <= 1 ? "latency \(localLatencyTicks) ticks"
            : "\(sites.count) sites, latency \(localLatencyTicks) ticks inside, \(remoteLatencyTicks) across"
    }
}
