/// Where the engine listens, parsed from `--host` or `DOCKER_HOST`.
public enum EngineHost: Sendable, Equatable, CustomStringConvertible {
    case unixSocket(path: String)

    /// The socket Docker uses when nothing else is said.
    public static let defaultSocketPath = "/var/run/docker.sock"

    /// Resolves the host: an explicit `--host` wins over `DOCKER_HOST`, which wins over the default socket.
    ///
    /// - Throws: `EngineError.unsupportedHost` for tcp://, ssh:// and anything else that is not a Unix socket.
    public static func resolve(flag: String?, environment: [String: String]) throws -> EngineHost {
        let raw = flag ?? environment["DOCKER_HOST"]
        guard let raw, !raw.isEmpty else { return .unixSocket(path: defaultSocketPath) }
        if raw.hasPrefix("unix://") {
            let path = String(raw.dropFirst("unix://".count))
            return .unixSocket(path: path.isEmpty ? defaultSocketPath : path)
        }
        if raw.hasPrefix("/") { return .unixSocket(path: raw) }
        throw EngineError.unsupportedHost(raw)
    }

    public var description: String {
        switch self {
        case .unixSocket(let path): return "unix://\(path)"
        }
    }
}
