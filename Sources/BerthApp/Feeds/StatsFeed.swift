import DashboardCore
import EngineAPI
import EngineWatchers

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Feeds the list's CPU and MEM columns and the stats pane from each engine's long-lived `StatsSampler`.
///
/// The subscription changes whenever the rows on screen, the selection or the pane change, and each change
/// restarts this feed; the sampler (owned by `HostRegistry`) outlives those restarts, so no container loses its
/// previous sample (needed for CPU %) or its history.
enum StatsFeed {
    /// `BERTH_STATS_SOURCE=auto|cgroup|api` picks where samples come from (default `auto`).
    static let sourcePreference: StatsSampler.SourcePreference = {
        let value = ProcessInfo.processInfo.environment["BERTH_STATS_SOURCE"]?.lowercased() ?? ""
        return StatsSampler.SourcePreference(rawValue: value) ?? .auto
    }()

    static func run(host: HostID, targets: StatsTargets, context: FeedContext) async {
        guard let sampler = await context.hosts.sampler(for: host) else { return }
        let (token, updates) = await sampler.subscribe(targets)
        for await snapshot in updates {
            context.sink.yield(.stats(.sampled(host, snapshot)))
        }
        await sampler.unsubscribe(token)
    }

    static func perform(_ effect: StatsEffect, context: FeedContext) async {}
}
