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
        // A digit derived from the name's bytes: the same in every process (hashValue is seeded per process).
        let digit = name.utf8.reduce(0) { ($0 &+ Int($1)) & 0xF }
        let identifier = id ?? String(digit, radix: 16) + name + "0123456789abcdef"
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
        _ = Dashboard.reduce(&state, .engineConnected(.main, dockerInfo))
        _ = Dashboard.reduce(&state, .containersChanged(.main, containers))
        return state
    }

    public static let dockerInfo = EngineInfo(
        apiVersion: APIVersion(major: 1, minor: 41), product: "Docker Engine", version: "20.10.24")
    public static let podmanInfo = EngineInfo(
        apiVersion: APIVersion(major: 1, minor: 41), product: "Podman Engine", version: "4.3.1")
    public static let docker = HostID("docker")
    public static let podman = HostID("podman")

    /// Two engines, both connected: `docker` with `dockerRows`, `podman` with `podmanRows`.
    public static func twoHosts(
        docker dockerRows: [ContainerSummary] = Array(sample.prefix(3)),
        podman podmanRows: [ContainerSummary] = [
            container("web-1", state: "running", status: "Up 3 hours", id: "ffff11112222", image: "nginx:1.27"),
            container("cache", state: "exited", status: "Exited (0) 1 hour ago", id: "abab11112222"),
        ],
        size: Size = Size(width: 120, height: 24), readOnly: Bool = false
    ) -> AppState {
        var state = AppState(
            size: size,
            hosts: [
                HostState(id: docker, address: "unix:///var/run/docker.sock"),
                HostState(id: podman, address: "unix:///run/podman/podman.sock"),
            ], readOnly: readOnly, now: now)
        _ = Dashboard.reduce(&state, .engineConnected(docker, dockerInfo))
        _ = Dashboard.reduce(&state, .engineConnected(podman, podmanInfo))
        _ = Dashboard.reduce(&state, .containersChanged(docker, dockerRows))
        _ = Dashboard.reduce(&state, .containersChanged(podman, podmanRows))
        return state
    }

    public static func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += Dashboard.reduce(&state, .key(key)) }
        return effects
    }
}
