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

    /// The host-side settings: the network mode, so test containers can run without a bridge, and a restart
    /// policy, so tests can make a container that keeps dying.
    public struct HostConfig: Codable, Sendable, Equatable {
        public var networkMode: String?
        public var restartPolicy: RestartPolicy?

        public init(networkMode: String? = nil, restartPolicy: RestartPolicy? = nil) {
            self.networkMode = networkMode
            self.restartPolicy = restartPolicy
        }

        enum CodingKeys: String, CodingKey {
            case networkMode = "NetworkMode"
            case restartPolicy = "RestartPolicy"
        }
    }

    /// `{"Name": "on-failure", "MaximumRetryCount": 5}`.
    public struct RestartPolicy: Codable, Sendable, Equatable {
        public var name: String
        public var maximumRetryCount: Int?

        public init(name: String, maximumRetryCount: Int? = nil) {
            self.name = name
            self.maximumRetryCount = maximumRetryCount
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case maximumRetryCount = "MaximumRetryCount"
        }
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
        networkMode: String = "none", tty: Bool = false, restartPolicy: ContainerCreateBody.RestartPolicy? = nil
    ) -> EngineRequest {
        let body = ContainerCreateBody(
            image: image, cmd: cmd, labels: labels.isEmpty ? nil : labels, tty: tty,
            hostConfig: .init(networkMode: networkMode, restartPolicy: restartPolicy))
        let bytes = (try? JSONCoding.encoder.encode(body)).map { Array($0) } ?? []
        return EngineRequest(.post, "/containers/create", query: name.map { [("name", $0)] } ?? [], jsonBody: bytes)
    }
}
