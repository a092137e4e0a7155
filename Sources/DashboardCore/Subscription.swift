import EngineAPI

/// A long-lived data feed the current state needs (a log stream, a stats sampler, a top poller).
///
/// The runtime compares `AppState.subscriptions` after every action with the feeds it runs, starting the
/// new ones and cancelling the rest: changing the selection or closing a pane switches streams without any
/// explicit start/stop effect.
public enum Subscription: Hashable, Sendable {
    /// Live figures for the running containers of one engine that the list shows; see `StatsTargets` for the rates.
    case stats(host: HostID, StatsTargets)
    /// The logs of one container.
    case logs(container: ContainerRef)
    /// The process list of one container, refreshed while visible.
    case top(container: ContainerRef)
    /// The inspect document of one container, reloaded on its events.
    case inspect(container: ContainerRef)
    /// One engine's rows of a resource view (`:images`), live while the view is on screen.
    case resources(ViewID, host: HostID)
    /// A Swarm service's logs (every task's lines, merged) or one task's, into the logs pane.
    case swarmLogs(SwarmLogTarget)
    /// Several containers' logs merged in timestamp order: a Compose project's, or the marked rows'.
    case mergedLogs(MergedLogTarget)
    /// One engine's container events, history then live: of one container, or of all (nil).
    case events(host: HostID, container: ContainerRef?)
}
