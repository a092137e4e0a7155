import Foundation
import Testing

/// Stops and restarts an engine under a running berth. Uses a second, private engine so that the other
/// tests' engine is never interrupted.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct EngineRestartEndToEndTests {
    static let directory = "/tmp/berth-e2e-restart"
    var script: String { E2E.packageRoot.appendingPathComponent("scripts/test-engine").path }

    func startEngine() throws -> String {
        let output = try E2E.run([script, "start", Self.directory])
        guard let line = output.split(separator: "\n").last(where: { $0.contains("DOCKER_HOST=") }),
            let value = line.split(separator: "=", maxSplits: 1).last
        else { throw E2E.CommandError(description: "no DOCKER_HOST in: \(output)") }
        return String(value).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
    }

    @Test func listComesBackAfterTheEngineRestarts() throws {
        _ = try E2E.requireHost()
        let host = try startEngine()
        defer { _ = try? E2E.run([script, "stop", Self.directory], allowFailure: true) }
        _ = try? E2E.docker(["rm", "-f", "e2e-survivor"], host: host, allowFailure: true)
        try E2E.docker(
            ["create", "--name", "e2e-survivor", "--network", "none", "berth-test/busybox:latest", "sleep", "100000"],
            host: host)
        let session = try TmuxSession(
            "e2e-restart", command: "\(E2E.binary) --host \(host) --log-file /tmp/e2e-restart.log")
        defer { session.kill() }
        try session.waitFor("e2e-survivor")

        try E2E.run([script, "stop", Self.directory])
        try session.waitFor("engine unreachable", seconds: 15)
        // berth keeps running while the engine is away.
        #expect(try session.screen().contains("berth"))

        _ = try startEngine()
        try session.waitForAbsence("engine unreachable", seconds: 20)
        try session.waitFor("e2e-survivor")
        try session.waitFor("Docker Engine")
        try session.send("q")
        _ = try? E2E.docker(["rm", "-f", "e2e-survivor"], host: host, allowFailure: true)
    }
}
