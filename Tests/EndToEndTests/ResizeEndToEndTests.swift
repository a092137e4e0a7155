import Foundation
import Testing

/// A tiny terminal and a storm of resizes: no crash, and the screen ends up drawn for the last size.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct ResizeEndToEndTests {
    /// berth in `sh`, so its exit (or its crash) shows as `berth-exit=N`.
    func start(_ name: String, host: String, width: Int, height: Int) throws -> TmuxSession {
        let session = try TmuxSession(name, width: width, height: height, command: "sh")
        try session.sendLiteral(
            "env -u NO_COLOR \(E2E.binary) --host \(host) --log-file /tmp/\(name).log; echo berth-exit=$?")
        try session.send("Enter")
        return session
    }

    /// Whether the screen is drawn for `width` × `height`: the header on the first row, the key hints ending
    /// exactly at the right edge of the last row.
    func drawn(_ session: TmuxSession, width: Int, height: Int) throws -> Bool {
        let lines = try session.screen().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count == height, let first = lines.first, let last = lines.last else { return false }
        return first.hasPrefix("berth") && last.hasSuffix("q quit") && last.count == width
            && lines.filter { $0.contains("q quit") }.count == 1
    }

    @Test func twentyByFiveTakesEveryKey() throws {
        let host = try E2E.requireHost()
        try E2E.makeContainer("e2e-tiny", host: host)
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-tiny"], host: host, allowFailure: true) }
        let session = try start("e2e-tiny", host: host, width: 20, height: 5)
        defer { session.kill() }
        // berth's header on the first row: "berth" alone is also in the command line the shell echoes, and keys sent
        // before berth has the terminal go to the shell.
        let started = try E2E.waitUntil(10) { try session.screen().hasPrefix("berth") }
        try #require(started, "berth did not draw its header:\n\((try? session.screen()) ?? "")")
        // Every overlay and pane, on 20 × 5: nothing may crash.
        for key in ["?", "Escape", "j", "k", "1", "z", "z", "2", "Tab", "3", "Tab", "4", "Tab", "4", "/", "x"] {
            try session.send(key)
        }
        try session.send("Escape")
        try E2E.tmux(["resize-window", "-t", session.name, "-x", "5", "-y", "2"])
        try E2E.tmux(["resize-window", "-t", session.name, "-x", "1", "-y", "1"])
        try E2E.tmux(["resize-window", "-t", session.name, "-x", "20", "-y", "5"])
        try session.waitFor("berth")
        #expect(try !session.screen().contains("berth-exit"))
        try session.send("q")
        try session.waitFor("berth-exit=0")
    }

    @Test func fiftyResizesInTwoSecondsEndAtTheLastSize() throws {
        let host = try E2E.requireHost()
        try E2E.makeContainer("e2e-storm", host: host)
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-storm"], host: host, allowFailure: true) }
        let session = try start("e2e-storm", host: host, width: 100, height: 30)
        defer { session.kill() }
        try session.waitFor("NAME")
        let started = Date()
        for step in 0..<49 {
            let width = 40 + (step * 37) % 100
            let height = 8 + (step * 13) % 40
            try E2E.tmux(["resize-window", "-t", session.name, "-x", "\(width)", "-y", "\(height)"])
            usleep(30_000)  // pacing the storm (about 50 in 2 s), not waiting for berth
        }
        try E2E.tmux(["resize-window", "-t", session.name, "-x", "97", "-y", "31"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 3, "the storm took \(elapsed) s")
        let settled = try E2E.waitUntil(5) { try drawn(session, width: 97, height: 31) }
        let screen = try session.screen()
        #expect(settled, "not drawn for 97x31:\n\(screen)")
        #expect(!screen.contains("berth-exit"))
        try session.send("q")
        try session.waitFor("berth-exit=0")
    }
}
