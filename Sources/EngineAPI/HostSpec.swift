/// One `--host` argument: an engine address with the name berth shows for it.
///
/// `--host podman=unix:///run/podman/podman.sock` names it `podman`; without a name the socket's file name is
/// used (`docker.sock` → `docker`). Names are made unique (`docker-2`) so that every row's HOST says which engine
/// it is.
public struct HostSpec: Sendable, Equatable {
    public var name: String
    public var host: EngineHost

    public init(name: String, host: EngineHost) {
        self.name = name
        self.host = host
    }

    /// Parses `name=URL` or `URL`. A name is letters, digits, `.`, `_` and `-`; anything else before `=` is taken
    /// as part of the address.
    public static func parse(_ argument: String) throws -> (name: String?, host: EngineHost) {
        if let equals = argument.firstIndex(of: "=") {
            let name = String(argument[..<equals])
            if !name.isEmpty, name.allSatisfy(Self.isNameCharacter) {
                let address = String(argument[argument.index(after: equals)...])
                return (name, try EngineHost.resolve(flag: address, environment: [:]))
            }
        }
        return (nil, try EngineHost.resolve(flag: argument, environment: [:]))
    }

    /// The hosts of the command line, named and made unique; `environment`'s `DOCKER_HOST` (else the default
    /// socket) when there are none.
    public static func resolve(arguments: [String], environment: [String: String]) throws -> [HostSpec] {
        if arguments.isEmpty {
            let host = try EngineHost.resolve(flag: nil, environment: environment)
            return [HostSpec(name: defaultName(for: host), host: host)]
        }
        var specs: [HostSpec] = []
        var taken: Set<String> = []
        for argument in arguments {
            let (given, host) = try parse(argument)
            let base = given ?? defaultName(for: host)
            var name = base
            var counter = 2
            while taken.contains(name) {
                name = "\(base)-\(counter)"
                counter += 1
            }
            taken.insert(name)
            specs.append(HostSpec(name: name, host: host))
        }
        return specs
    }

    /// `docker` for `/var/run/docker.sock`, `podman` for `/run/podman/podman.sock`: the file name without `.sock`.
    public static func defaultName(for host: EngineHost) -> String {
        let address = host.description
        let path = address.split(separator: "/").last.map(String.init) ?? address
        let base = path.hasSuffix(".sock") ? String(path.dropLast(5)) : path
        let cleaned = String(base.filter(isNameCharacter))
        return cleaned.isEmpty ? "engine" : cleaned
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-")
    }
}
