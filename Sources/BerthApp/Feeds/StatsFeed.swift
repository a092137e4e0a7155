import DashboardCore

/// Feeds the stats pane: runs while the pane is open on a container.
enum StatsFeed {
    static func run(ids: [String], focusID: String?, context: FeedContext) async {}

    static func perform(_ effect: StatsEffect, context: FeedContext) async {}
}
