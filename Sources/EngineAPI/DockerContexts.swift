#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The docker CLI's configuration directory and the `currentContext` it names.
public enum DockerConfig {
    /// `DOCKER_CONFIG`, else `$HOME/.docker`.
    public static func directory(environment: [String: String]) -> String {
        if let path = environment["DOCKER_CONFIG"], !path.isEmpty { return path }
        return (environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/root") + "/.docker"
    }

    /// `currentContext` from `config.json`; nil when the file, or the key, is absent.
    /// - Throws: `HostConfigurationError.unreadable` when the file exists but is not the JSON the docker CLI writes.
    public static func currentContext(configDirectory: String) throws -> String? {
        let path = configDirectory + "/config.json"
        guard let bytes = FileManager.default.contents(atPath: path) else { return nil }
        struct Shape: Decodable { var currentContext: String? }
        do {
            let name = try JSONDecoder().decode(Shape.self, from: bytes).currentContext
            return name?.isEmpty == false ? name : nil
        } catch {
            throw HostConfigurationError.unreadable(path: path, why: "not valid JSON")
        }
    }
}

/// One Docker context, as `docker context ls` lists it.
public struct DockerContext: Sendable, Equatable {
    /// The special context that stands for `DOCKER_HOST`, `--host` and the `--tls*` flags; it has no files.
    public static let defaultName = "default"

    public var name: String
    public var description: String
    /// The engine address as written (`ssh://...`, `tcp://...`, `unix://...`), before TLS is attached.
    public var endpoint: String
    /// Whether the endpoint skips verifying the engine's certificate (`skip-tls-verify=true`).
    public var skipTLSVerify: Bool
    /// The context's TLS material, when it has some (`docker context create --docker ca=...,cert=...,key=...`).
    public var tls: TLSOptions?

    public init(name: String, description: String, endpoint: String, skipTLSVerify: Bool, tls: TLSOptions?) {
        self.name = name
        self.description = description
        self.endpoint = endpoint
        self.skipTLSVerify = skipTLSVerify
        self.tls = tls
    }

    /// The engine this context points at.
    /// - Throws: `EngineError.unsupportedHost` when the endpoint is not an address berth can use.
    public func engineHost() throws -> EngineHost {
        try EngineHost.parse(endpoint, tls: tls)
    }
}

/// The contexts under a docker CLI configuration directory: `contexts/meta/<sha256 of name>/meta.json`, TLS files in
/// `contexts/tls/<sha256 of name>/docker/{ca,cert,key}.pem`.
public struct DockerContextStore: Sendable {
    public var configDirectory: String

    public init(configDirectory: String) {
        self.configDirectory = configDirectory
    }

    /// The directory name the docker CLI gives a context: the hex SHA-256 of its name.
    public static func directoryName(for name: String) -> String { SHA256.hexDigest(name) }

    /// The stored context called `name`, or nil when there is none.
    /// - Throws: `HostConfigurationError.unreadable` for a meta.json that is not what the docker CLI writes.
    public func context(named name: String) throws -> DockerContext? {
        let directory = Self.directoryName(for: name)
        let path = "\(configDirectory)/contexts/meta/\(directory)/meta.json"
        guard let bytes = FileManager.default.contents(atPath: path) else { return nil }
        return try decode(bytes, path: path, directory: directory)
    }

    /// Every stored context, sorted by name (the default context is not stored; see `HostResolution.contexts`).
    /// Directories that do not hold a readable meta.json are skipped: a broken context must not hide the others.
    public func storedContexts() -> [DockerContext] {
        let metaRoot = "\(configDirectory)/contexts/meta"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: metaRoot) else { return [] }
        return entries.compactMap { entry -> DockerContext? in
            let path = "\(metaRoot)/\(entry)/meta.json"
            guard let bytes = FileManager.default.contents(atPath: path) else { return nil }
            return try? decode(bytes, path: path, directory: entry)
        }
        .sorted { $0.name < $1.name }
    }

    /// meta.json as the docker CLI writes it (Go's capitalised field names).
    private struct Meta: Decodable {
        struct Metadata: Decodable {
            var description: String?
            enum CodingKeys: String, CodingKey { case description = "Description" }
        }
        struct Endpoint: Decodable {
            var host: String?
            var skipTLSVerify: Bool?
            enum CodingKeys: String, CodingKey {
                case host = "Host"
                case skipTLSVerify = "SkipTLSVerify"
            }
        }
        var name: String
        var metadata: Metadata?
        var endpoints: [String: Endpoint]?
        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case metadata = "Metadata"
            case endpoints = "Endpoints"
        }
    }

    private func decode(_ bytes: Data, path: String, directory: String) throws -> DockerContext {
        let meta: Meta
        do {
            meta = try JSONDecoder().decode(Meta.self, from: bytes)
        } catch {
            throw HostConfigurationError.unreadable(path: path, why: "not a Docker context's meta.json")
        }
        guard let endpoint = meta.endpoints?["docker"], let host = endpoint.host, !host.isEmpty else {
            throw HostConfigurationError.unreadable(path: path, why: "context \(meta.name) has no docker endpoint")
        }
        let skip = endpoint.skipTLSVerify ?? false
        let tlsDirectory = "\(configDirectory)/contexts/tls/\(directory)/docker"
        func file(_ name: String) -> String? {
            let candidate = "\(tlsDirectory)/\(name)"
            return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
        }
        let ca = file("ca.pem")
        let cert = file("cert.pem")
        let key = file("key.pem")
        // As the docker CLI: TLS when the context has TLS files or skips verification; a context with TLS files but
        // no CA verifies against the system's roots; a client certificate needs both halves.
        var tls: TLSOptions?
        if ca != nil || cert != nil || key != nil || skip {
            let pair = cert != nil && key != nil
            tls = TLSOptions(
                verify: !skip, caCertificatePath: skip ? nil : ca, certificatePath: pair ? cert : nil,
                keyPath: pair ? key : nil)
        }
        return DockerContext(
            name: meta.name, description: meta.metadata?.description ?? "", endpoint: host, skipTLSVerify: skip,
            tls: tls)
    }
}

/// A host setting that cannot be used, in one sentence for stderr.
public enum HostConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case contextNotFound(String)
    case conflictingOptions(String)
    case unreadable(path: String, why: String)

    public var description: String {
        switch self {
        case .contextNotFound(let name):
            return "Context \"\(name)\" does not exist (docker context ls lists them)."
        case .conflictingOptions(let what): return "Conflicting options: \(what)."
        case .unreadable(let path, let why): return "Cannot read \(path): \(why)."
        }
    }
}
