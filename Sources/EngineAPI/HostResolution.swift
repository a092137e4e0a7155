/// The command line's say on which engine to use: `--host`, `--context` and the `--tls*` flags.
public struct HostFlags: Sendable, Equatable {
    /// `--host` (`-H` in the docker CLI).
    public var host: String?
    /// `--context` (`-c` in the docker CLI).
    public var context: String?
    public var tls: TLSFlags

    public init(host: String? = nil, context: String? = nil, tls: TLSFlags = TLSFlags()) {
        self.host = host
        self.context = context
        self.tls = tls
    }
}

/// The engine berth will use, and why.
public struct ResolvedHost: Sendable, Equatable {
    /// What decided it, in the docker CLI's order of precedence.
    public enum Source: Sendable, Equatable {
        /// `--host`.
        case hostFlag
        /// `--context NAME`.
        case contextFlag
        /// `DOCKER_HOST`.
        case hostEnvironment
        /// `DOCKER_CONTEXT`.
        case contextEnvironment
        /// `currentContext` in `config.json` (`docker context use`).
        case currentContext
        /// Nothing was said: the default socket.
        case defaultSocket
    }

    public var host: EngineHost
    /// The context's name; `default` when the host did not come from a stored context.
    public var contextName: String
    public var source: Source

    public init(host: EngineHost, contextName: String, source: Source) {
        self.host = host
        self.contextName = contextName
        self.source = source
    }
}

/// Picks the engine as the docker CLI does.
///
/// Precedence, highest first:
/// 1. `--context NAME` (with `--host` too it is an error, as in the docker CLI);
/// 2. `--host`;
/// 3. `DOCKER_HOST` (it wins over `DOCKER_CONTEXT` and `currentContext`: a context chosen with
///    `docker context use` is ignored while `DOCKER_HOST` is set);
/// 4. `DOCKER_CONTEXT`;
/// 5. `currentContext` in `$DOCKER_CONFIG/config.json` (else `~/.docker/config.json`);
/// 6. the default socket, `unix:///var/run/docker.sock`.
///
/// The context named `default` is not stored: it means "`--host`/`DOCKER_HOST`/the default socket, with the `--tls*`
/// flags and `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`". A stored context brings its own TLS material; the TLS flags
/// and variables apply only to the default context.
public enum HostResolution {
    public static func resolve(_ flags: HostFlags, environment: [String: String]) throws -> ResolvedHost {
        let configDirectory = DockerConfig.directory(environment: environment)
        if let context = flags.context, !context.isEmpty {
            if flags.host != nil {
                throw HostConfigurationError.conflictingOptions("either --host or --context, not both")
            }
            return try resolve(context: context, source: .contextFlag, flags: flags, environment: environment)
        }
        if let host = flags.host, !host.isEmpty {
            return ResolvedHost(
                host: try defaultHost(host, flags, environment), contextName: "default", source: .hostFlag)
        }
        if let host = environment["DOCKER_HOST"], !host.isEmpty {
            return ResolvedHost(
                host: try defaultHost(host, flags, environment), contextName: "default", source: .hostEnvironment)
        }
        if let context = environment["DOCKER_CONTEXT"], !context.isEmpty {
            return try resolve(context: context, source: .contextEnvironment, flags: flags, environment: environment)
        }
        if let context = try DockerConfig.currentContext(configDirectory: configDirectory) {
            return try resolve(context: context, source: .currentContext, flags: flags, environment: environment)
        }
        return ResolvedHost(
            host: try defaultHost(nil, flags, environment), contextName: "default", source: .defaultSocket)
    }

    /// Every context for a host picker: `default` first (what `DOCKER_HOST`, else the default socket, names), then
    /// the stored ones by name. Each with its endpoint and TLS as `resolve` would use it.
    public static func contexts(environment: [String: String]) -> [DockerContext] {
        let store = DockerContextStore(configDirectory: DockerConfig.directory(environment: environment))
        let endpoint =
            environment["DOCKER_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "unix://" + EngineHost.defaultSocketPath
        let tls = TLSOptions.resolve(flags: TLSFlags(), environment: environment)
        let defaultContext = DockerContext(
            name: DockerContext.defaultName, description: "Current DOCKER_HOST based configuration", endpoint: endpoint,
            skipTLSVerify: tls.map { !$0.verify } ?? false, tls: endpoint.hasPrefix("tcp://") ? tls : nil)
        return [defaultContext] + store.storedContexts().filter { $0.name != DockerContext.defaultName }
    }

    private static func resolve(
        context name: String, source: ResolvedHost.Source, flags: HostFlags, environment: [String: String]
    ) throws -> ResolvedHost {
        if name == DockerContext.defaultName {
            // `--context default` (or `docker context use default`) means DOCKER_HOST or the default socket.
            let host = environment["DOCKER_HOST"].flatMap { $0.isEmpty ? nil : $0 }
            return ResolvedHost(host: try defaultHost(host, flags, environment), contextName: name, source: source)
        }
        let store = DockerContextStore(configDirectory: DockerConfig.directory(environment: environment))
        guard let context = try store.context(named: name) else { throw HostConfigurationError.contextNotFound(name) }
        return ResolvedHost(host: try context.engineHost(), contextName: name, source: source)
    }

    private static func defaultHost(
        _ raw: String?, _ flags: HostFlags, _ environment: [String: String]
    ) throws -> EngineHost {
        guard let raw, !raw.isEmpty else { return .unixSocket(path: EngineHost.defaultSocketPath) }
        return try EngineHost.parse(raw, tls: TLSOptions.resolve(flags: flags.tls, environment: environment))
    }
}
