/// The signals berth offers for `kill`, in the order the picker shows them.
public enum ContainerSignal: String, Sendable, CaseIterable, Equatable {
    case term = "SIGTERM"
    case kill = "SIGKILL"
    case hup = "SIGHUP"
    case int = "SIGINT"
    case usr1 = "SIGUSR1"
    case usr2 = "SIGUSR2"

    /// The short name, `TERM`.
    public var shortName: String { String(rawValue.dropFirst(3)) }
}
