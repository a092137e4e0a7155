import Foundation
import Testing

/// The top and inspect panes in the real binary against the real engine.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct TopInspectEndToEndTests {
    /// Runs two sleeps under a shell that reaps them: killing one leaves the container running, with no zombie.
    func makeContainer(_ name: String, host: String) throws {
        try E2E.makeContainer(name, host: host, command: ["sh", "-c", "sleep 1001 & sleep 100000 & wait"])
    }

    /// Narrows the list to `name` so it is the selected container (the shared engine may list many more).
    func select(_ name: String, in session: TmuxSession) throws {
        try session.waitFor("IMAGE")
        try session.send("/")
        try session.sendLiteral(name)
        try session.send("Enter")
        let listed = try E2E.waitUntil(10) {
            try session.screen().split(separator: "\n").contains { $0.hasPrefix(name + " ") }
        }
        let screen = try session.screen()
        #expect(listed, "\(name) is not in the list:\n\(screen)")
    }

    @Test func inspectSearchFindsPidAndShowsItsPath() throws {
        let host = try E2E.requireHost()
        let name = "e2e-ti-inspect"
        try makeContainer(name, host: host)
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let pid = try E2E.docker(["inspect", "-f", "{{.State.Pid}}", name], host: host)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let session = try TmuxSession.berth("e2e-ti-inspect", host: host)
        defer { session.kill() }
        try select(name, in: session)
        try session.send("4")
        try session.waitFor("4 inspect: \(name)")
        try session.waitFor("Created: \"")
        // First level open, the rest folded: State shows as a one-line preview.
        try session.waitFor("▸ State: {\"Status\":\"running\"")
        try session.send("/")
        try session.sendLiteral("Pid")
        try session.waitFor("/Pid")
        try session.send("Enter")
        try session.waitFor("Pid: \(pid)")
        try session.waitFor(".State.Pid")
        try session.waitFor("match 1/")
        try session.waitFor("▾ State: {")
        // y copies with OSC 52 and says so.
        try session.send("y")
        try session.waitFor("Sent the value of .State.Pid")
        // The document reloads on the container's events and keeps the selection.
        try E2E.docker(["pause", name], host: host)
        try session.waitFor("Status: \"paused\"")
        #expect(try session.screen().contains(".State.Pid"))
        try E2E.docker(["unpause", name], host: host)
        try session.send("q")
    }

    @Test func termFromTheTopPaneEndsTheSleep() throws {
        let host = try E2E.requireHost()
        let name = "e2e-ti-top"
        try makeContainer(name, host: host)
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-ti-top", host: host)
        defer { session.kill() }
        try select(name, in: session)
        try session.send("3")
        try session.waitFor("3 top: \(name)")
        let listed = try E2E.waitUntil(10) { try session.showsProcess("sleep 1001") }
        let before = try session.screen()
        #expect(listed, "no sleep 1001 row:\n\(before)")
        try session.termTheFirstSleep(in: name)
        #expect(try session.showsProcess("sleep 100000"))
        let processes = try E2E.docker(["top", name], host: host)
        #expect(!processes.contains("sleep 1001\n"))
        #expect(processes.contains("sleep 100000"))
        #expect(
            try E2E.docker(["inspect", "-f", "{{.State.Status}}", name], host: host)
                .trimmingCharacters(in: .whitespacesAndNewlines) == "running")
        // A stopped container says so instead of showing stale processes.
        try E2E.docker(["stop", "-t", "1", name], host: host)
        try session.waitFor("\(name) is not running")
        try session.send("q")
    }
}
