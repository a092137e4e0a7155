import EngineAPI
import TerminalUI

/// Something that happened: a key, a resize, news from the engine, a command's result, time passing.
public enum Action: Sendable, Equatable {
    case key(Key)
    case resized(Size)
    case engineConnected(EngineInfo, host: String)
    case containersChanged([ContainerSummary])
    case engineUnreachable(reason: String, retryInSeconds: Double)
    case commandFinished(ContainerCommand, containerID: String, name: String, error: String?)
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
}
