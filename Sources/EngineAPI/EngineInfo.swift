/// What berth learned about the engine when it connected: `/_ping` headers plus `/version`.
public struct EngineInfo: Sendable, Equatable {
    /// The API version in use after negotiation.
    public var apiVersion: APIVersion
    /// The product, e.g. `Docker Engine` or `Podman Engine`.
    public var product: String
    /// The engine's own version, e.g. `20.10.24`.
    public var version: String
    public var os: String?

    public init(apiVersion: APIVersion, product: String, version: String, os: String? = nil) {
        self.apiVersion = apiVersion
        self.product = product
        self.version = version
        self.os = os
    }

    /// Whether the engine is Docker's own (not Podman or another engine speaking its API).
    public var isDocker: Bool { product == "Docker Engine" }

    /// `Docker Engine 20.10.24`.
    public var displayName: String { version.isEmpty ? product : "\(product) \(version)" }
}

/// The body of `GET /version`.
public struct EngineVersionResponse: Codable, Sendable, Equatable {
    public var version: String?
    public var apiVersion: String?
    public var os: String?
    public var components: [Component]?

    public init(version: String? = nil, apiVersion: String? = nil, os: String? = nil, components: [Component]? = nil) {
        self.version = version
        self.apiVersion = apiVersion
        self.os = os
        self.components = components
    }

    public struct Component: Codable, Sendable, Equatable {
        public var name: String?
        public var version: String?

        public init(name: String? = nil, version: String? = nil) {
            self.name = name
            self.version = version
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case version = "Version"
        }
    }

    enum CodingKeys: String, CodingKey {
        case version = "Version"
        case apiVersion = "ApiVersion"
        case os = "Os"
        case components = "Components"
    }

    /// `Docker Engine` or `Podman Engine`, from the first component's name.
    public var product: String {
        // Docker names its component plain `Engine`; Podman says `Podman Engine`.
        if components?.first?.name == "Engine" { return "Docker Engine" }
        if let name = components?.first?.name, !name.isEmpty {
            return name.hasSuffix("Engine") ? name : "\(name) Engine"
        }
        return "Engine"
    }
}
