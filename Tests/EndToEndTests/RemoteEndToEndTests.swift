import Foundation
import Testing

extension E2E {
    static var remoteRequired: Bool { environment["BERTH_REQUIRE_REMOTE"] == "1" }
    static var remoteEnabled: Bool { environment["BERTH_TEST_TLS_HOST"] != nil || remoteRequired }

    /// A variable the remote test servers export; records an issue when it is missing.
    static func remote(_ name: String) throws -> String {
        guard let value = environment[name], !value.isEmpty else {
            Issue.record("\(name) is not set: the remote test servers did not start (scripts/test starts them)")
            throw CommandError(description: "no \(name)")
        }
        return value
    }
}

/// The real binary against remote engines: TLS on loopback, ssh with and without a docker CLI, and an engine across
/// a veth link between network namespaces whose link the test takes down and brings back.
@Suite(.serialized, .enabled(if: E2E.remoteEnabled)) struct RemoteEndToEndTests {
    static func tlsFlags(ca: String? = nil) throws -> String {
        let certs = try E2E.remote("BERTH_TEST_TLS_CERTS")
        return
            "--tlsverify --tlscacert \(ca ?? certs + "/ca.pem") --tlscert \(certs)/cert.pem --tlskey \(certs)/key.pem"
    }

    static func session(_ name: String, _ arguments: String) throws -> TmuxSession {
        let config = try E2E.remote("BERTH_SSH_CONFIG")
        return try TmuxSession(
            name, width: 200, height: 40,
            command:
                "env BERTH_SSH_CONFIG=\(config) \(E2E.binary) \(arguments) --log-file /tmp/\(name).log")
    }

    @Test func tlsAndBothKindsOfSSHInOneListSayHowTheyAreReached() throws {
        let tls = try E2E.remote("BERTH_TEST_TLS_HOST")
        let ssh = try E2E.remote("BERTH_TEST_SSH_HOST")
        let session = try Self.session(
            "e2e-remote",
            "--host tls=\(tls) \(try Self.tlsFlags()) --host dial=ssh://\(ssh) --host fwd=ssh://berth-nodocker")
        defer { session.kill() }
        try session.waitFor("tls ✓", seconds: 20)
        try session.waitFor("dial ✓", seconds: 20)
        try session.waitFor("fwd ✓", seconds: 20)
        try session.send("H")
        try session.waitFor("via TLS, verified")
        try session.waitFor("via ssh, docker system dial-stdio")
        try session.waitFor("via ssh, forwarding")
        try session.send("x")
        try session.send("q")
    }

    @Test func aCertificateFromAnotherCAIsRefusedWithTheReason() throws {
        let tls = try E2E.remote("BERTH_TEST_TLS_HOST")
        let certs = try E2E.remote("BERTH_TEST_TLS_CERTS")
        let session = try Self.session(
            "e2e-remote-ca", "--host tls=\(tls) \(try Self.tlsFlags(ca: certs + "/other-ca.pem"))")
        defer { session.kill() }
        try session.waitFor("engine unreachable", seconds: 15)
        try session.waitFor("trusted CA", seconds: 5)
        try session.send("q")
    }

    /// The link to the engine goes down: the host is shown unreachable within 10 s while keys stay answered; the link
    /// comes back: everything recovers, and the logs pane goes on without losing or repeating a line.
    @Test func aLinkThatGoesDownAndComesBack() throws {
        let host = try E2E.remote("BERTH_TEST_NETNS_HOST")
        let engine = try E2E.remote("BERTH_TEST_NETNS_ENGINE")
        let client = try E2E.remote("BERTH_TEST_NETNS_CLIENT")
        let link = try E2E.remote("BERTH_TEST_NETNS_LINK")
        let name = "e2e-counter"
        try E2E.makeContainer(
            name, host: engine, command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo n=$i; sleep 0.2; done"])
        defer { _ = try? E2E.docker(["rm", "-f", name], host: engine, allowFailure: true) }
        defer { _ = try? E2E.run(["ip", "-n", client, "link", "set", link, "up"], allowFailure: true) }
        let session = try Self.session("e2e-remote-link", "--host far=ssh://\(host)")
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        try session.send("2")
        try session.send("z")
        try session.waitFor("n=5")

        let lastBefore = Self.numbers(try session.screen()).last ?? 0
        try E2E.run(["ip", "-n", client, "link", "set", link, "down"])
        let down = Date()
        try session.waitFor("engine unreachable", seconds: 10)
        print("remote: shown unreachable \(Int(Date().timeIntervalSince(down) * 1000)) ms after the link went down")
        // Keys are still answered.
        try session.send("?")
        try session.waitFor("any key closes")
        try session.send("x")
        try session.waitForAbsence("any key closes")

        try E2E.run(["ip", "-n", client, "link", "set", link, "up"])
        try session.waitForAbsence("engine unreachable", seconds: 40)
        // The stream resumes after the last line it delivered: once lines newer than the outage arrive, every line
        // the pane holds (saved whole with ^S) counts up by one, with no gap and no repeat across the outage.
        let resumed = try E2E.waitUntil(20) { Self.numbers(try session.screen()).last ?? 0 > lastBefore + 40 }
        let screen = try session.screen()
        #expect(resumed, "no new lines after the link came back:\n\(screen)")
        let path = "/tmp/e2e-remote-link-saved.log"
        try? FileManager.default.removeItem(atPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try session.send("C-s")
        try session.waitFor("save to:")
        try session.send("C-u")
        try session.sendLiteral(path)
        try session.send("Enter")
        try session.waitFor("Saved")
        let saved = Self.numbers(try String(contentsOfFile: path, encoding: .utf8))
        #expect((saved.first ?? 0) < lastBefore && (saved.last ?? 0) > lastBefore + 40)
        #expect(saved == Array((saved.first ?? 0)...(saved.last ?? 0)), "gap or repeat across the outage")
        try session.send("q")
    }

    /// The `n=K` counters in the logs pane, top to bottom.
    static func numbers(_ screen: String) -> [Int] {
        screen.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "n=") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }
    }
}
