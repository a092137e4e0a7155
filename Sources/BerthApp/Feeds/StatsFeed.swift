import DashboardCore
import EngineAPI
import EngineWatchers

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Feeds the list's CPU and MEM columns and the stats pane from one long-lived `StatsSampler`.
///
/// The subscription changes whenever the rows on screen, the selection or the pane change, and each change
/// restarts this feed; the sampler outlives those restarts, so no container loses its previous sample (needed
/// for CPU %) or its history.
enum StatsFeed {
    /// `BERTH_STATS_SOURCE=auto|cgroup|api` picks where samples come from (default `auto`).
    static let sourcePreference: StatsSampler.SourcePreference = {
        let value = ProcessInfo.processInfo.environment["BERTH_STATS_SOURCE"]?.lowercased() ?? ""
        return StatsSampler.SourcePreference(rawValue: value) ?? .auto
    }()

    /// The process's sampler and its sampling task, started with the first subscription.
    private static let hub = SamplerHub(sampler: StatsSampler(configuration: .init(source: sourcePreference)))

    static func run(targets: StatsTargets, context: FeedContext) async {
        let sampler = await hub.start(context: context)
        let (token, updates) = await sampler.subscribe(targets)
        for await snapshot in updates {
            context.sink.yield(.stats(.sampled(snapshot)))
        }
        await sampler.unsubscribe(token)
    }

    static func perform(_ effect: StatsEffect, context: FeedContext) async {}
}

/// Starts the sampler's loop once, on the first subscription, and keeps it for the life of the process.
private actor SamplerHub {
    let sampler: StatsSampler
    private var task: Task<Void, Never>?

    init(sampler: StatsSampler) {
        self.sampler = sampler
    }

    func start(context: FeedContext) -> StatsSampler {
        if task == nil {
            let sampler = sampler
            let connection = context.connection
            context.log("stats: sampling with source preference \(StatsFeed.sourcePreference.rawValue)")
            task = Task { await sampler.run(client: { await connection.client }) }
        }
        return sampler
    }
}
