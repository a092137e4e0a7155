/// One engine of the command line: an address with the name berth shows for it.
///
/// `--host podman=unix:///run/podman/podman.sock` names it `podman`; without a name the socket's file name is used
/// (`docker.sock` → `docker`), or the host of a tcp:// or ssh:// address, or the context's name. Names are made
/// unique (`docker-2`) so that every row's HOST says which engine it is.
public struct HostSpec: Sendable, Equatable {
    public var name: String
    public var host: EngineHost

    public init(name: String, host: EngineHost) {
        self.name = name
        self.host = host
    }

    /// Parses `name=URL` or `URL`; tcp:// addresses take `tls`. A name is letters, digits, `.`, `_` and `-`;
    /// anything else before `=` is taken as part of the address.
    public static func parse(_ argument: String, tls: TLSOptions? = nil) throws -> (name: String?, host: EngineHost) {
        if let equals = argument.firstIndex(of: "=") {
            let name = String(argument[..<equals])
            if !name.isEmpty, name.allSatisfy(Self.isNameCharacter) {
                let address = String(argument[argument.index(after: equals)...])
                return (name, try EngineHost.parse(address, tls: tls))
            }
        }
        return (nil, try EngineHost.parse(argument, tls: tls))
    }

    /// The engines of the command line, named and made unique.
    ///
    /// Every `--host` and every `--context` is an engine (berth shows several at once). With neither, the engine is
    /// picked as the docker CLI picks it (`HostResolution`: `DOCKER_HOST`, `DOCKER_CONTEXT`, the current context,
    /// the default socket). The TLS flags and `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH` apply to tcp:// addresses given
    /// here; a context brings its own.
    public static func resolve(
        arguments: [String], contexts: [String] = [], tls flags: TLSFlags = TLSFlags(), environment: [String: String]
    ) throws -> [HostSpec] {
        var named: [(String, EngineHost)] = []
        if arguments.isEmpty, contexts.isEmpty {
            let resolved = try HostResolution.resolve(HostFlags(tls: flags), environment: environment)
            let name =
                resolved.contextName == DockerContext.defaultName
                ? defaultName(for: resolved.host) : resolved.contextName
            named.append((name, resolved.host))
        }
        let tls = TLSOptions.resolve(flags: flags, environment: environment)
        for argument in arguments {
            let (given, host) = try parse(argument, tls: tls)
            named.append((given ?? defaultName(for: host), host))
        }
        for context in contexts {
            let resolved = try HostResolution.resolve(HostFlags(context: context), environment: environment)
            named.append((String(context.filter(isNameCharacter)), resolved.host))
        }
        var specs: [HostSpec] = []
        var taken: Set<String> = []
        for (base, host) in named {
            let stem = base.isEmpty ? "engine" : base
            var name = stem
            var counter = 2
            while taken.contains(name) {
                name = "\(stem)-\(counter)"
                counter += 1
            }
            taken.insert(name)
            specs.append(HostSpec(name: name, host: host))
        }
        return specs
    }

    /// `docker` for `/var/run/docker.sock`, `podman` for `/run/podman/podman.sock` (the file name without `.sock`);
    /// the host's name for tcp:// and ssh:// addresses (`build-1` for `ssh://ci@build-1`).
    public static func defaultName(for host: EngineHost) -> String {
        let base: String
        switch host {
        case .unixSocket(let path):
            let file = path.split(separator: "/").last.map(String.init) ?? path
            base = file.hasSuffix(".sock") ? String(file.dropLast(5)) : file
        case .tcp(let address, _, _):
            base = address
        case .ssh(let destination):
            base = destination.host
        }
        let cleaned = String(base.filter(isNameCharacter))
        return cleaned.isEmpty ? "engine" : cleaned
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-")
    }
}
