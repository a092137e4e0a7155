import DashboardCore

/// Feeds the top pane: runs while the pane is open on a container.
enum TopFeed {
    static func run(containerID: String, context: FeedContext) async {}

    static func perform(_ effect: TopEffect, context: FeedContext) async {}
}
