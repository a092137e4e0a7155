import Foundation
import Testing

/// The logs pane at scale, in the real binary in tmux against the real engine: a match deep in a huge line, and
/// paging back past the ring and forward again to the live end.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct LogsAtScaleEndToEndTests {
    /// The rows inside the logs pane (between its side borders), without the stderr gutter.
    static func paneRows(_ screen: String) -> [String] {
        screen.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: "│", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { return nil }
            return String(parts[1].dropFirst())
        }
    }

    /// The numbers the pane's rows show, for a log of `seq` output.
    static func numbers(_ screen: String) -> [Int] {
        paneRows(screen).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    func openLogs(_ session: TmuxSession, name: String) throws {
        try session.filter(name, thenWaitFor: name)
        try session.send("2")
    }

    @Test func searchBringsAMatchDeepInAHugeLineOnScreen() throws {
        let host = try E2E.requireHost()
        let name = "e2e-logs-huge-line"
        // One line of 200,010 characters with the needle 100,000 characters in, then a short one.
        let script = """
            head -c 100000 /dev/zero | tr '\\0' a; printf 'NEEDLE-XYZ'; head -c 100000 /dev/zero | tr '\\0' b; echo
            echo after-the-huge-line
            sleep 100000
            """
        try E2E.makeContainer(name, host: host, command: ["sh", "-c", script])
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth(name, host: host)
        defer { session.kill() }
        try openLogs(session, name: name)
        try session.waitFor("after-the-huge-line")
        try session.send("g", "/")
        try session.sendLiteral("NEEDLE-XYZ")
        try session.send("Enter")
        try session.waitFor("at column 100001")
        // With wrap on, the wrapped row that holds it is on screen (the match may run on into the next row).
        let atMatch = try session.screen()
        let wrapped = Self.paneRows(atMatch).joined()
        #expect(wrapped.contains("NEEDLE-XYZ"), "\(atMatch)")
        #expect(!wrapped.contains("after-the-huge-line"), "the view moved down the huge line to the match")
        let styled = try session.styledScreen().split(separator: "\n").filter {
            $0.contains("NEEDLE") || $0.contains("XYZ")
        }
        #expect(styled.contains { $0.contains("\u{1B}[42m") || $0.contains(";42m") }, "\(styled)")
        // With wrap off, the view scrolls sideways to it.
        try session.send("w", "n")
        try session.waitFor("no wrap · col")
        let found = try E2E.waitUntil(10) { Self.paneRows(try session.screen()).contains { $0.contains("NEEDLE-XYZ") } }
        let sideways = try session.screen()
        #expect(found, "\(sideways)")
        #expect(sideways.contains("wrapped to the top"), "\(sideways)")
        try session.send("q")
    }

    /// With a ring of 100 lines: back to the first line of 400, then forward page by page while the container
    /// writes 50 more, to the live end: every line number shows on the way, and the pane follows again.
    @Test func pagingBackPastTheRingAndForwardToTheLiveEndMissesNoLine() throws {
        let host = try E2E.requireHost()
        let name = "e2e-logs-paging"
        let script = """
            seq 1 400
            while [ ! -e /tmp/go ]; do sleep 0.1; done
            seq 401 450
            sleep 100000
            """
        try E2E.makeContainer(name, host: host, command: ["sh", "-c", script])
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth(name, host: host, extra: "--log-lines 100")
        defer { session.kill() }
        try openLogs(session, name: name)
        try session.waitFor("100 lines held")
        let live = try E2E.waitUntil(10) { Self.numbers(try session.screen()).last == 400 }
        let first = try session.screen()
        #expect(live, "\(first)")
        // Back to the first line: g goes to the oldest line held, g again fetches the page before it.
        let reachedStart = try E2E.waitUntil(60) {
            let screen = try session.screen()
            if Self.numbers(screen).first == 1 { return true }
            if !screen.contains("loading older lines") { try session.send("g") }
            return false
        }
        let atStart = try session.screen()
        #expect(reachedStart, "\(atStart)")
        try session.waitForAbsence("loading older lines")
        let detached = try session.screen()
        #expect(detached.contains("100 lines held"), "\(detached)")
        #expect(detached.contains("newer lines not loaded"), "\(detached)")
        // The container writes 50 more lines meanwhile: they wait for the pages to reach them.
        try E2E.docker(["exec", name, "touch", "/tmp/go"], host: host)
        var seen = Set(Self.numbers(detached))
        var screen = detached
        var presses = 0
        while !screen.contains("following"), presses < 200 {
            try session.send("PageDown")
            presses += 1
            let previous = screen
            // The screen answers the key (or, at the newest line held, the page it asked for).
            _ = try E2E.waitUntil(3) { try session.screen() != previous }
            // Settled: no page being fetched, and the same screen twice in a row (a capture can land while a page
            // is being painted, or before its fetch has begun).
            var last = ""
            _ = try E2E.waitUntil(10) {
                let now = try session.screen()
                defer { last = now }
                return now == last && !now.contains("loading newer lines")
            }
            screen = try session.screen()
            seen.formUnion(Self.numbers(screen))
        }
        #expect(screen.contains("following"), "\(screen)")
        let missing = Set(1...450).subtracting(seen).sorted()
        #expect(missing.isEmpty, "missing line numbers: \(missing.prefix(30))")
        #expect(Self.numbers(screen).last == 450)
        try session.send("q")
    }
}
