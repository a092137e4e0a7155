import DashboardCore

/// Feeds the inspect pane: runs while the pane is open on a container.
enum InspectFeed {
    static func run(containerID: String, context: FeedContext) async {}

    static func perform(_ effect: InspectEffect, context: FeedContext) async {}
}
