import DashboardCore
import EngineAPI
import Foundation
import TerminalUI

/// Sample containers and states shared by the core and renderer tests.
public enum Fixtures {
    public static let now: Int64 = 1_790_000_000

    public static func container(
        _ name: String, state: String, status: String, id: String? = nil, image: String = "busybox",
        createdAgo: Int64 = 3600, ports: [PortBinding]? = nil
    ) -> ContainerSummary {
        let identifier =
            id ?? String(repeating: String(name.hashValue & 0xF, radix: 16), count: 1) + name + "0123456789abcdef"
        return ContainerSummary(
            id: identifier.padding(toLength: 64, withPad: "0", startingAt: 0), names: ["/\(name)"], image: image,
            created: now - createdAgo, state: state, status: status, ports: ports)
    }

    public static let sample: [ContainerSummary] = [
        container(
            "web-1", state: "running", status: "Up 2 hours", id: "aaaa11112222", image: "nginx:1.27",
            ports: [PortBinding(ip: "0.0.0.0", privatePort: 80, publicPort: 8080, type: "tcp")]),
        container("db-1", state: "running", status: "Up 2 hours (healthy)", id: "bbbb11112222", image: "postgres:16"),
        container("worker-1", state: "paused", status: "Up 5 minutes (Paused)", id: "cccc11112222"),
        container(
            "batch", state: "exited", status: "Exited (137) 2 hours ago", id: "dddd11112222", createdAgo: 86_400 * 3),
        container("fresh", state: "created", status: "Created", id: "eeee11112222", createdAgo: 30),
    ]

    public static func state(
        _ containers: [ContainerSummary] = sample, size: Size = Size(width: 80, height: 24), readOnly: Bool = false
    ) -> AppState {
        var state = AppState(size: size, hostDescription: "unix:///var/run/docker.sock", readOnly: readOnly, now: now)
        _ = Dashboard.reduce(
            &state,
            .engineConnected(
                EngineInfo(apiVersion: APIVersion(major: 1, minor: 41), product: "Docker Engine", version: "20.10.24"),
                host: "unix:///var/run/docker.sock"))
        _ = Dashboard.reduce(&state, .containersChanged(containers))
        return state
    }

    public static func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += Dashboard.reduce(&state, .key(key)) }
        return effects
    }
}
