#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The body of `POST /containers/create`, limited to what berth's tests and demos need.
///
/// berth itself never creates containers; this exists so integration tests and demos can make disposable ones
/// through the same client instead of shelling out to the docker CLI.
public struct ContainerCreateBody: Codable, Sendable, Equatable {
    public var image: String
    public var cmd: [String]?
    public var labels: [String: String]?
    public var tty: Bool?
    public var hostConfig: HostConfig?

    /// The host-side settings; only the network mode, so test containers can run without a bridge.
    public struct HostConfig: Codable, Sendable, Equatable {
        public var networkMode: String?

        public init(networkMode: String? = nil) {
            self.networkMode = networkMode
        }

        enum CodingKeys: String, CodingKey { case networkMode = "NetworkMode" }
    }

    public init(
        image: String, cmd: [String]? = nil, labels: [String: String]? = nil, tty: Bool? = nil,
        hostConfig: HostConfig? = nil
    ) {
        self.image = image
        self.cmd = cmd
        self.labels = labels
        self.tty = tty
        self.hostConfig = hostConfig
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image"
        case cmd = "Cmd"
        case labels = "Labels"
        case tty = "Tty"
        case hostConfig = "HostConfig"
    }
}

/// The answer to `POST /containers/create`.
public struct ContainerCreateResponse: Codable, Sendable, Equatable {
    public var id: String
    public var warnings: [String]?

    public init(id: String, warnings: [String]? = nil) {
        self.id = id
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case warnings = "Warnings"
    }
}

extension Endpoints {
    /// `POST /containers/create?name=`; `networkMode` defaults to `none` so no bridge or iptables are needed.
    public static func createContainer(
        name: String? = nil, image: String, cmd: [String]? = nil, labels: [String: String] = [:],
        networkMode: String = "none", tty: Bool = false
    ) -> EngineRequest {
        let body = ContainerCreateBody(
            image: image, cmd: cmd, labels: labels.isEmpty ? nil : labels, tty: tty,
            hostConfig: .init(networkMode: networkMode))
        let bytes = (try? JSONCoding.encoder.encode(body)).map { Array($0) } ?? []
        return EngineRequest(.post, "/containers/create", query: name.map { [("name", $0)] } ?? [], jsonBody: bytes)
    }
}
