import EngineAPI

/// The connection to the engine as the header shows it.
public enum EngineStatus: Sendable, Equatable {
    case connecting
    case connected(EngineInfo)
    /// The engine went away; the monitor retries by itself.
    case unreachable(reason: String, retryInSeconds: Double)
}

/// A message in the status line: a result, an error, or a notice.
public struct StatusMessage: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case info, success, error }
    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}
