import DashboardCore

/// Feeds the logs pane: runs while the pane is open on a container.
enum LogsFeed {
    static func run(containerID: String, context: FeedContext) async {}

    static func perform(_ effect: LogsEffect, context: FeedContext) async {}
}
