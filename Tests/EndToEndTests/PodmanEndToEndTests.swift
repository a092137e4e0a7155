import Foundation
import Testing

extension E2E {
    static let podmanHost = environment["BERTH_TEST_PODMAN_HOST"]
    static var podmanEnabled: Bool { podmanHost != nil || environment["BERTH_REQUIRE_PODMAN"] == "1" }
}

/// The real binary against a real Podman (`scripts/test-podman`), driven like the Docker tests. Containers are made
/// with the docker CLI pointed at Podman's socket.
@Suite(.serialized, .enabled(if: E2E.podmanEnabled)) struct PodmanEndToEndTests {
    static func requireHost() throws -> String {
        guard let podmanHost = E2E.podmanHost else {
            Issue.record("BERTH_REQUIRE_PODMAN=1 but BERTH_TEST_PODMAN_HOST is not set: Podman did not start")
            throw E2E.CommandError(description: "no Podman")
        }
        return podmanHost
    }

    /// Podman sends `top` as unsplit `ps` lines and cannot run berth's `ps` arguments: the pane still shows
    /// columns, and a signal reaches the chosen process.
    @Test func topShowsColumnsAndTermEndsTheSleep() throws {
        let host = try Self.requireHost()
        let name = "e2e-pm-top"
        try E2E.makeContainer(name, host: host, command: ["sh", "-c", "sleep 1001 & sleep 100000 & wait"])
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-pm-top", host: host)
        defer { session.kill() }
        try session.waitFor("Podman Engine")
        try session.filter(name, thenWaitFor: name)
        try session.send("3")
        try session.waitFor("3 top: \(name)")
        let listed = try E2E.waitUntil(10) { try session.showsProcess("sleep 1001") }
        let before = try session.screen()
        #expect(listed, "no sleep 1001 row:\n\(before)")
        #expect(before.contains("PID") && before.contains("USER") && before.contains("COMMAND"))
        try session.termTheFirstSleep(in: name)
        let processes = try E2E.docker(["top", name], host: host)
        #expect(!processes.contains("sleep 1001\n"))
        #expect(processes.contains("sleep 100000"))
        try session.send("q")
    }

    @Test func logsMarkStderrAndStopAsksFirst() throws {
        let host = try Self.requireHost()
        let name = "e2e-pm-logs"
        try E2E.makeContainer(
            name, host: host,
            command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo out-$i; echo err-$i >&2; sleep 0.3; done"])
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-pm-logs", host: host)
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        try session.send("2")
        try session.waitFor("2 logs: \(name)")
        try session.waitFor("▌err-2")
        try session.waitFor(" out-3")
        // Back to the list; stop asks first, then the row says Exited.
        try session.send("Tab")
        try session.send("s")
        try session.waitFor("Stop \(name)?")
        try session.send("y")
        let exited = try E2E.waitUntil(20) { try E2E.state(of: name, host: host) == "exited" }
        #expect(exited)
        try session.waitFor("Exited")
        try session.send("q")
    }
}
