/// Where the engine listens, parsed from `--host`, `DOCKER_HOST` or a Docker context's endpoint.
public enum EngineHost: Sendable, Hashable, CustomStringConvertible {
    /// A Unix socket on this machine.
    case unixSocket(path: String)
    /// `tcp://host:port`: plain HTTP when `tls` is nil, else TLS as the options say.
    case tcp(host: String, port: Int, tls: TLSOptions?)
    /// `ssh://[user@]host[:port][/socket]`: through the system's `ssh`.
    case ssh(SSHDestination)

    /// The socket Docker uses when nothing else is said.
    public static let defaultSocketPath = "/var/run/docker.sock"
    /// Docker's ports for tcp:// without one: 2375 for plain HTTP, 2376 for TLS.
    public static let defaultPlainPort = 2375
    public static let defaultTLSPort = 2376

    /// Resolves the host: an explicit `--host` wins over `DOCKER_HOST`, which wins over the default socket.
    ///
    /// TLS for tcp:// comes from `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH` as the docker CLI reads them; use
    /// `HostResolution.resolve` for the `--tls*` flags and Docker contexts.
    /// - Throws: `EngineError.unsupportedHost` for a scheme berth cannot use (npipe://, fd://, ...) or an address
    ///   that does not parse.
    public static func resolve(flag: String?, environment: [String: String]) throws -> EngineHost {
        let raw = flag ?? environment["DOCKER_HOST"]
        guard let raw, !raw.isEmpty else { return .unixSocket(path: defaultSocketPath) }
        let tls = TLSOptions.resolve(flags: TLSFlags(), environment: environment)
        return try parse(raw, tls: tls)
    }

    /// Parses one address. `tls` applies to tcp:// only (the docker CLI ignores TLS settings for the others).
    ///
    /// - Throws: `EngineError.unsupportedHost` with the address for an unknown scheme or a malformed address.
    public static func parse(_ raw: String, tls: TLSOptions? = nil) throws -> EngineHost {
        if raw.hasPrefix("unix://") {
            let path = String(raw.dropFirst("unix://".count))
            return .unixSocket(path: path.isEmpty ? defaultSocketPath : path)
        }
        if raw.hasPrefix("/") { return .unixSocket(path: raw) }
        if raw.hasPrefix("tcp://") {
            guard let (host, port) = parseTCP(String(raw.dropFirst("tcp://".count)), tls: tls != nil) else {
                throw EngineError.unsupportedHost(raw)
            }
            return .tcp(host: host, port: port, tls: tls)
        }
        if raw.hasPrefix("ssh://") {
            guard let destination = SSHDestination(url: raw) else { throw EngineError.unsupportedHost(raw) }
            return .ssh(destination)
        }
        throw EngineError.unsupportedHost(raw)
    }

    /// `host:port`, `[v6]:port`, `host` or `:port`, with nothing after but an optional `/`.
    private static func parseTCP(_ rest: String, tls: Bool) -> (String, Int)? {
        var authority = Substring(rest)
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.contains("/"), !authority.contains("@"), !authority.contains("?") else { return nil }
        let defaultPort = tls ? defaultTLSPort : defaultPlainPort
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
            if host.contains(":") { return nil }
        } else {
            host = authority
        }
        // The docker CLI reads `tcp://:2375` as localhost.
        if host.isEmpty { host = "localhost" }
        guard let port = portText.map({ Int($0) }) ?? defaultPort, (1...65535).contains(port) else { return nil }
        return (String(host), port)
    }

    public var description: String {
        switch self {
        case .unixSocket(let path): return "unix://\(path)"
        case .tcp(let host, let port, _):
            return host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        case .ssh(let destination): return destination.description
        }
    }

    /// Whether the engine is on another machine: the stats sampler cannot read its cgroup files, exec cannot see
    /// its processes in `/proc`.
    public var isRemote: Bool {
        switch self {
        case .unixSocket: return false
        case .tcp(let host, _, _): return !Self.isLoopback(host)
        case .ssh: return true
        }
    }

    /// A warning for the header when the connection is not protected, or nil: plain tcp to an address that is not
    /// loopback (anyone on the network can read and drive the engine), or TLS that does not check the engine's
    /// certificate (`--tls` without `--tlsverify`, or a context with SkipTLSVerify).
    public var securityWarning: String? {
        switch self {
        case .tcp(let host, _, nil) where !Self.isLoopback(host):
            return "unencrypted tcp to \(host): anyone on the network can read and control this engine"
        case .tcp(let host, _, let tls?) where !tls.verify:
            return "TLS to \(host) without verification: the engine's certificate is not checked"
        default:
            return nil
        }
    }

    /// `localhost`, 127.0.0.0/8 and ::1 (also as an IPv4-mapped address).
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered.hasSuffix(".localhost") || lowered == "::1" { return true }
        let v4 = lowered.hasPrefix("::ffff:") ? String(lowered.dropFirst("::ffff:".count)) : lowered
        let octets = v4.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else { return false }
        return octets[0] == "127"
    }
}
