import DashboardCore

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

/// What a feed needs: the current engine client and the way back into the event loop.
struct FeedContext: Sendable {
    let connection: CurrentClient
    let sink: AsyncStream<Action>.Continuation
    let log: @Sendable (String) -> Void
}

/// Starts the task behind each kind of subscription, and performs pane effects.
enum Feeds {
    static func start(_ subscription: Subscription, context: FeedContext) -> Task<Void, Never> {
        switch subscription {
        case .stats(let targets):
            return Task { await StatsFeed.run(targets: targets, context: context) }
        case .logs(let id):
            return Task { await LogsFeed.run(containerID: id, context: context) }
        case .top(let id):
            return Task { await TopFeed.run(containerID: id, context: context) }
        case .inspect(let id):
            return Task { await InspectFeed.run(containerID: id, context: context) }
        }
    }

    static func perform(_ effect: Effect, context: FeedContext) {
        switch effect {
        case .stats(let effect): Task { await StatsFeed.perform(effect, context: context) }
        case .logs(let effect): Task { await LogsFeed.perform(effect, context: context) }
        case .top(let effect): Task { await TopFeed.perform(effect, context: context) }
        case .inspect(let effect): Task { await InspectFeed.perform(effect, context: context) }
        default: break
        }
    }
}
