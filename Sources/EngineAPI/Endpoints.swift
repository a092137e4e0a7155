#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Engine API endpoints berth uses, as `EngineRequest` values.
public enum Endpoints {
    public static let ping = EngineRequest(.get, "/_ping", isVersioned: false)
    public static let version = EngineRequest(.get, "/version")

    /// `GET /containers/json`; `ids` narrows the list to those containers (used after an event).
    public static func listContainers(all: Bool = true, ids: [String] = []) -> EngineRequest {
        var query: [(String, String)] = [("all", all ? "1" : "0")]
        if !ids.isEmpty, let filters = jsonString(["id": ids]) { query.append(("filters", filters)) }
        return EngineRequest(.get, "/containers/json", query: query)
    }

    public static func inspectContainer(_ id: String) -> EngineRequest {
        EngineRequest(.get, "/containers/\(pathSegment(id))/json")
    }

    public static func start(_ id: String) -> EngineRequest {
        EngineRequest(.post, "/containers/\(pathSegment(id))/start")
    }

    /// `timeout` in seconds before the engine kills; nil leaves the container's own default.
    public static func stop(_ id: String, timeout: Int? = nil) -> EngineRequest {
        EngineRequest(.post, "/containers/\(pathSegment(id))/stop", query: timeout.map { [("t", String($0))] } ?? [])
    }

    public static func restart(_ id: String, timeout: Int? = nil) -> EngineRequest {
        EngineRequest(
            .post, "/containers/\(pathSegment(id))/restart", query: timeout.map { [("t", String($0))] } ?? [])
    }

    public static func kill(_ id: String, signal: String) -> EngineRequest {
        EngineRequest(.post, "/containers/\(pathSegment(id))/kill", query: [("signal", signal)])
    }

    public static func pause(_ id: String) -> EngineRequest {
        EngineRequest(.post, "/containers/\(pathSegment(id))/pause")
    }

    public static func unpause(_ id: String) -> EngineRequest {
        EngineRequest(.post, "/containers/\(pathSegment(id))/unpause")
    }

    /// `DELETE /containers/{id}`; anonymous volumes go only when `volumes` is true.
    public static func remove(_ id: String, force: Bool, volumes: Bool) -> EngineRequest {
        EngineRequest(
            .delete, "/containers/\(pathSegment(id))",
            query: [("force", force ? "1" : "0"), ("v", volumes ? "1" : "0")])
    }

    /// `GET /events` limited to container events.
    public static func containerEvents(since: Int64? = nil) -> EngineRequest {
        var query: [(String, String)] = []
        if let since { query.append(("since", String(since))) }
        if let filters = jsonString(["type": ["container"]]) { query.append(("filters", filters)) }
        return EngineRequest(.get, "/events", query: query)
    }

    static func jsonString(_ value: [String: [String]]) -> String? {
        guard let data = try? JSONCoding.encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// IDs and names are used in paths; anything but a safe name character is encoded.
    static func pathSegment(_ id: String) -> String { EngineRequest.percentEncode(id) }
}
