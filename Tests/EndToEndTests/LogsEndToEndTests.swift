import Foundation
import Testing

/// The logs pane in the real binary, in tmux, against the real engine.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct LogsEndToEndTests {
    /// Starts a container running `script` under `sh -c`.
    func run(_ name: String, host: String, script: String, tty: Bool = false) throws {
        try E2E.makeContainer(name, host: host, command: ["sh", "-c", script], tty: tty)
    }

    /// Opens the logs pane on `name`: filter the list down to it, then `2`.
    func openLogs(_ session: TmuxSession, name: String) throws {
        try session.filter(name, thenWaitFor: name)
        try session.send("2")
    }

    func paneTitle(_ session: TmuxSession) throws -> String {
        try E2E.tmux(["display", "-p", "-t", session.name, "#{pane_title}"])
    }

    /// The screen line containing `text`, with its SGR escapes (`capture-pane -e`).
    func styledLine(_ session: TmuxSession, containing text: String) throws -> String? {
        try session.styledScreen().split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }

    @Test func hostileOutputNeverReachesTheTerminal() throws {
        let host = try E2E.requireHost()
        let name = "e2e-logs-hostile"
        let script = """
            printf 'hostile-start \\033]0;pwned-title\\007 clear:\\033[2J alt:\\033[?1049l bell:\\007 \\033]52;c;cHduZWQ=\\007 end\\n'
            echo "stderr-line-7" >&2
            echo "plain-stdout-line"
            sleep 100000
            """
        try run(name, host: host, script: script)
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-logs-hostile", host: host)
        defer { session.kill() }
        try session.waitFor("IMAGE")
        let titleBefore = try paneTitle(session)
        try openLogs(session, name: name)
        try session.waitFor("hostile-start")
        try session.waitFor("plain-stdout-line")
        let screen = try session.screen()
        // Every escape is shown as text, and the screen is still berth's: header, list, pane border.
        #expect(screen.contains("^[]0;pwned-title^G"))
        #expect(screen.contains("clear:^[[2J"))
        #expect(screen.contains("alt:^[[?1049l"))
        #expect(screen.contains("bell:^G"))
        #expect(screen.contains("^[]52;c;cHduZWQ=^G"))
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("berth") == true)
        #expect(screen.contains("IMAGE"))
        #expect(screen.contains("┌─ 2 logs: \(name)"))
        let titleAfter = try paneTitle(session)
        #expect(titleAfter == titleBefore)
        #expect(!titleAfter.contains("pwned"))
        // stderr is marked and coloured (SGR 31), stdout is not.
        let stderrLine = try #require(try styledLine(session, containing: "stderr-line-7"))
        #expect(stderrLine.contains("\u{1B}[31m▌"), "\(stderrLine.debugDescription)")
        let stdoutLine = try #require(try styledLine(session, containing: "plain-stdout-line"))
        #expect(!stdoutLine.contains("▌"))
        #expect(!stdoutLine.contains("\u{1B}[31mplain"))
        try session.send("q")
    }

    @Test func searchFindsALineThatScrolledAway() throws {
        let host = try E2E.requireHost()
        let name = "e2e-logs-search"
        let script = """
            echo "needle-42 in a haystack"
            i=0; while [ $i -lt 200 ]; do echo "hay $i"; i=$((i+1)); done
            sleep 100000
            """
        try run(name, host: host, script: script)
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-logs-search", host: host)
        defer { session.kill() }
        try openLogs(session, name: name)
        try session.waitFor("hay 199")
        #expect(try !session.screen().contains("needle-42"))
        try session.send("/")
        try session.sendLiteral("needle-4")
        try session.send("Enter")
        try session.waitFor("needle-42 in a haystack")
        try session.waitFor("paused")
        // The match is highlighted (black on green for the match n/N moved to).
        let line = try #require(try styledLine(session, containing: "in a haystack"))
        #expect(line.contains("\u{1B}[42m") || line.contains(";42m"), "\(line.debugDescription)")
        // A regex filter keeps only matching lines; Esc clears it and G follows again.
        try session.send("F")
        try session.waitFor("filter \"needle-4\"")
        #expect(try !session.screen().contains("hay 1"))
        try session.send("Escape", "G")
        try session.waitFor("following")
        try session.waitFor("hay 199")
        try session.send("q")
    }

    @Test func stopAndStartLeaveSeparatorsAndTheStreamResumes() throws {
        let host = try E2E.requireHost()
        let name = "e2e-logs-restart"
        let script = "echo run-$(cat /proc/sys/kernel/random/uuid | cut -c1-8); sleep 100000"
        try run(name, host: host, script: script)
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-logs-restart", host: host)
        defer { session.kill() }
        try openLogs(session, name: name)
        try session.waitFor("run-")
        try E2E.docker(["stop", "-t", "0", name], host: host)
        try session.waitFor("container exited with code 137")
        try E2E.docker(["start", name], host: host)
        try session.waitFor("container started again")
        let found = try E2E.waitUntil(10) { try session.screen().components(separatedBy: "run-").count - 1 == 2 }
        let screen = try session.screen()
        #expect(found, "\(screen)")
        try session.send("q")
    }

    @Test func loggingDriverNoneSaysSo() throws {
        let host = try E2E.requireHost()
        let name = "e2e-logs-none"
        _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true)
        try E2E.docker(
            ["run", "-d", "--name", name, "--network", "none", "--log-driver", "none", E2E.image, "sleep", "100000"],
            host: host)
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-logs-none", host: host)
        defer { session.kill() }
        try openLogs(session, name: name)
        try session.waitFor("logging driver is \"none\"")
        try session.waitFor("logs unavailable")
        try session.send("q")
    }

    @Test func ctrlSSavesTheShownLines() throws {
        let host = try E2E.requireHost()
        let name = "e2e-logs-save"
        let path = NSTemporaryDirectory() + "berth-e2e-save-\(UUID().uuidString.prefix(8)).log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try run(name, host: host, script: "echo saved-one; echo saved-two >&2; echo saved-three; sleep 100000")
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-logs-save", host: host)
        defer { session.kill() }
        try openLogs(session, name: name)
        try session.waitFor("saved-three")
        try session.send("C-s")
        try session.waitFor("save to: /tmp/berth-\(name)-")
        try session.send("C-u")
        try session.sendLiteral(path)
        try session.send("Enter")
        try session.waitFor("Saved 3 lines")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // The engine copies stdout and stderr separately: their relative order is not fixed.
        #expect(text.hasSuffix("\n"))
        #expect(text.split(separator: "\n").sorted() == ["saved-one", "saved-three", "saved-two"])
        try session.send("q")
    }
}
