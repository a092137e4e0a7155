import EngineAPI
import TerminalUI

/// Something that happened: a key, a resize, news from the engine, a command's result, time passing.
public enum Action: Sendable, Equatable {
    case key(Key)
    case resized(Size)
    /// An engine answers (again).
    case engineConnected(HostID, EngineInfo)
    /// One engine's whole container list, every time it changes.
    case containersChanged(HostID, [ContainerSummary])
    /// One engine's running containers, ahead of its whole list (`containersChanged` follows).
    case runningContainersListed(HostID, [ContainerSummary])
    /// An engine went away; its watcher retries after `retryInSeconds`.
    case engineUnreachable(HostID, reason: String, retryInSeconds: Double)
    /// An engine joins the dashboard while it runs.
    case hostAdded(HostState)
    /// An engine leaves the dashboard: its rows go, and everything it fed stops.
    case hostRemoved(HostID)
    /// How berth reaches an engine (`ssh, docker system dial-stdio`), known once it has connected.
    case hostMethod(HostID, String)
    /// The Docker contexts there are, for the `:host` list.
    case contextsListed([ContextChoice])
    /// A `:host`/`:context` change could not be made (an address berth cannot use, an unknown context).
    case hostsRejected(String)
    case commandFinished(ContainerCommand, container: ContainerRef, name: String, error: String?)
    /// The wall clock, in Unix seconds, for relative times such as "2 hours ago".
    case tick(now: Int64)
    case terminate
    /// An exec session ended and the dashboard is back; `error` is nil when it ran.
    case execFinished(name: String, exitCode: Int?, error: String?)
    /// News for a detail pane from its feed.
    case stats(StatsAction)
    case logs(LogsAction)
    case top(TopAction)
    case inspect(InspectAction)
    case events(EventsAction)
    /// News for a resource view from its watcher.
    case resources(ResourceAction)
    /// What a Podman engine said about its pods.
    case pods(PodsAction)
    /// The user's settings (the config file), applied once at start.
    case configure(Preferences)
    /// A message for the status line from outside the dashboard (a config file berth could not use).
    case notice(StatusMessage)
    /// A click or a turn of the wheel, with what the renderer's layout says is under the pointer.
    case mouse(MouseAction)
    /// A mouse event as the terminal reported it: the event loop turns it into `.mouse` with the renderer's hit
    /// test (`DashboardView.hit`) before the reducer sees it, so the reducer ignores this one.
    case pointer(MouseEvent)
}
