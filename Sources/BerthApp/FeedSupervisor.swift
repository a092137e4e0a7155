import DashboardCore
import EngineAPI
import EngineClient

/// Runs one task per subscription the state asks for, and cancels the ones it no longer asks for.
struct FeedSupervisor {
    private var running: [Subscription: Task<Void, Never>] = [:]

    /// Starts what is new in `desired` with `start`, cancels what is gone.
    mutating func update(to desired: Set<Subscription>, start: (Subscription) -> Task<Void, Never>) {
        for (subscription, task) in running where !desired.contains(subscription) {
            task.cancel()
            running[subscription] = nil
        }
        for subscription in desired where running[subscription] == nil {
            running[subscription] = start(subscription)
        }
    }

    mutating func cancelAll() {
        for task in running.values { task.cancel() }
        running = [:]
    }
}

/// What a feed needs: the engines' clients, the way back into the event loop, and the open log streams.
struct FeedContext: Sendable {
    let hosts: HostRegistry
    let sink: AsyncStream<Action>.Continuation
    let log: @Sendable (String) -> Void
    let logFeeds = LogFeedRegistry()

    /// The current client of `host`'s engine; nil while it is down.
    func client(for host: HostID) async -> EngineClient? { await hosts.client(for: host) }
}

/// Starts the task behind each kind of subscription, and performs pane effects.
enum Feeds {
    static func start(_ subscription: Subscription, context: FeedContext) -> Task<Void, Never> {
        switch subscription {
        case .stats(let host, let targets):
            return Task { await StatsFeed.run(host: host, targets: targets, context: context) }
        case .logs(let container):
            return Task { await LogsFeed.run(container: container, context: context) }
        case .top(let container):
            return Task { await TopFeed.run(container: container, context: context) }
        case .inspect(let container):
            return Task { await InspectFeed.run(container: container, context: context) }
        case .resources(let view, let host):
            return Task { await ResourceFeed.run(view: view, host: host, context: context) }
        case .swarmLogs(let target):
            return Task { await SwarmLogsFeed.run(target, context: context) }
        case .mergedLogs(let target):
            return Task { await MergedLogsFeed.run(target, context: context) }
        case .events(let host, let container):
            return Task { await EventsFeed.run(host: host, container: container, context: context) }
        }
    }

    static func perform(_ effect: Effect, context: FeedContext) {
        switch effect {
        case .stats(let effect): Task { await StatsFeed.perform(effect, context: context) }
        case .logs(let effect): Task { await LogsFeed.perform(effect, context: context) }
        case .top(let effect): Task { await TopFeed.perform(effect, context: context) }
        case .inspect(let effect): Task { await InspectFeed.perform(effect, context: context) }
        case .resources(let effect): Task { await ResourceCommands.perform(effect, context: context) }
        default: break
        }
    }
}
