import Foundation
import Testing

/// The config file and the mouse, on the real binary in tmux against the real engine.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct ConfigEndToEndTests {
    /// Writes `text` to a config file of the test's own; returns its path.
    static func configFile(_ name: String, _ text: String) throws -> String {
        let path = "/tmp/\(name).toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aRemappedKeyWorksAndHelpShowsIt() throws {
        let host = try E2E.requireHost()
        try E2E.makeContainer("e2e-config-remap", host: host)
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-config-remap"], host: host, allowFailure: true) }
        let config = try Self.configFile(
            "e2e-config-remap",
            """
            [keys.list]
            start-stop = "x"
            restart = "s"
            """)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let session = try TmuxSession.berth("e2e-config-remap", host: host, extra: "--config \(config)")
        defer { session.kill() }
        try session.filter("e2e-config-remap", thenWaitFor: "e2e-config-remap")
        // s now restarts, x stops; any other key cancels the question.
        try session.send("s")
        try session.waitFor("Restart e2e-config-remap?")
        try session.send("n")
        try session.waitFor("Cancelled")
        try session.send("x")
        try session.waitFor("Stop e2e-config-remap?")
        try session.send("n")
        try session.waitFor("Cancelled")
        // The status line's hints and the help overlay name the user's keys.
        #expect(try session.screen().contains("x start/stop"))
        try session.send("?")
        let helpShown = try E2E.waitUntil(10) {
            try session.screen().split(separator: "\n").contains {
                $0.contains("│ x ") && $0.contains("start, or stop")
            }
        }
        let help = try session.screen()
        #expect(helpShown, "help does not show x for start-stop:\n\(help)")
        #expect(help.split(separator: "\n").contains { $0.contains("│ s ") && $0.contains("restart") })
        try session.send("Escape")
        try session.send("q")
        #expect(try E2E.state(of: "e2e-config-remap", host: host) == "running")
    }

    @Test func aBadConfigIsReportedAndTheDefaultsUsed() throws {
        let host = try E2E.requireHost()
        try E2E.makeContainer("e2e-config-bad", host: host)
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-config-bad"], host: host, allowFailure: true) }
        let config = try Self.configFile(
            "e2e-config-bad",
            """
            [keys.list]
            start-stop = "x"
            [theme]
            colour = "red"
            """)
        let stderrFile = "/tmp/e2e-config-bad.err"
        defer {
            for path in [config, stderrFile] { try? FileManager.default.removeItem(atPath: path) }
        }
        // `berth config check` names the line, and fails.
        let check = try E2E.run([E2E.binary, "config", "check", config], allowFailure: true)
        #expect(check.contains("\(config):4: unknown setting \"colour\" in [theme]"), "\(check)")
        #expect(
            try E2E.spawnAndWait([E2E.binary, "config", "check", config], environment: [:], outputPath: "/dev/null")
                == 1)

        let session = try TmuxSession("e2e-config-bad", command: "sh")
        defer { session.kill() }
        try session.sendLiteral(
            "env -u NO_COLOR \(E2E.binary) --host \(host) --config \(config) 2>\(stderrFile); echo berth-exit=$?")
        try session.send("Enter")
        // The status line says why the file is not used; s is the default key again.
        try session.waitFor("unknown setting \"colour\"")
        try session.filter("e2e-config-bad", thenWaitFor: "e2e-config-bad")
        try session.send("s")
        try session.waitFor("Stop e2e-config-bad?")
        try session.send("n")
        try session.send("q")
        try session.waitFor("berth-exit=0")
        let said = (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? ""
        #expect(said.contains("berth: config file \(config):4: unknown setting \"colour\""), "\(said)")
        #expect(said.contains("using the defaults"), "\(said)")
    }

    /// The light theme reaches the terminal: a paused container in magenta, not the dark theme's yellow.
    @Test func theLightThemeColoursTheScreen() throws {
        let host = try E2E.requireHost()
        // The first row is selected (reverse video): the paused one is the second.
        try E2E.makeContainer("e2e-theme-a", host: host)
        try E2E.makeContainer("e2e-theme-paused", host: host)
        try E2E.docker(["pause", "e2e-theme-paused"], host: host)
        defer {
            _ = try? E2E.docker(["rm", "-f", "e2e-theme-a", "e2e-theme-paused"], host: host, allowFailure: true)
        }
        let config = try Self.configFile("e2e-theme", "[theme]\nname = \"light\"\n")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let session = try TmuxSession.berth("e2e-theme", host: host, extra: "--config \(config)")
        defer { session.kill() }
        try session.filter("e2e-theme-", thenWaitFor: "e2e-theme-paused")
        try session.waitFor("e2e-theme-a")
        let styled = try #require(
            try session.styledScreen().split(separator: "\n").first { $0.contains("e2e-theme-paused") })
        #expect(styled.contains("\u{1B}[35m"), "\(styled)")
        #expect(!styled.contains("\u{1B}[33m"), "\(styled)")
        try session.send("q")
    }

    /// The file's engines are watched besides the command line's; one the command line names is not added again.
    @Test func hostsOfTheFileJoinTheCommandLines() throws {
        let host = try E2E.requireHost()
        try E2E.makeContainer("e2e-config-hosts", host: host)
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-config-hosts"], host: host, allowFailure: true) }
        let config = try Self.configFile(
            "e2e-config-hosts", "[start]\nhosts = [\"fromfile=\(host)\", \"again=\(host)\"]\n")
        let logFile = "/tmp/e2e-config-hosts.log"
        try? FileManager.default.removeItem(atPath: logFile)
        defer {
            for path in [config, logFile] { try? FileManager.default.removeItem(atPath: path) }
        }
        // The command line names the engine; the file names it twice more, under other names: it is watched once.
        let session = try TmuxSession(
            "e2e-config-hosts",
            command:
                "env -u NO_COLOR \(E2E.binary) --host cli=\(host) --config \(config) --log-file /tmp/e2e-config-hosts.log"
        )
        defer { session.kill() }
        try session.filter("e2e-config-hosts", thenWaitFor: "e2e-config-hosts")
        let log = try String(contentsOfFile: "/tmp/e2e-config-hosts.log", encoding: .utf8)
        #expect(log.contains("for cli=\(host)\n"), "\(log)")
        try session.send("q")

        // Without --host, the file's engines are the ones watched: the same engine twice, two rows in a HOST column.
        let fileOnly = try TmuxSession(
            "e2e-config-hosts-file",
            command:
                "env -u NO_COLOR -u DOCKER_HOST \(E2E.binary) --config \(config) --log-file /tmp/e2e-config-hosts.log")
        defer { fileOnly.kill() }
        try fileOnly.filter("e2e-config-hosts", thenWaitFor: "e2e-config-hosts")
        let both = try E2E.waitUntil(10) {
            let rows = try fileOnly.screen().split(separator: "\n").filter { $0.contains("e2e-config-hosts") }
            return rows.contains { $0.contains("fromfile") } && rows.contains { $0.contains("again") }
        }
        let shown = try fileOnly.screen()
        #expect(both, "\(shown)")
        try fileOnly.send("q")
    }

    /// While a shell runs in a container (`e`), the terminal's mouse is the shell's: berth's reporting is off, and
    /// back on once the dashboard returns.
    @Test func mouseReportingIsOffWhileExecRuns() throws {
        let host = try E2E.requireHost()
        try E2E.makeContainer("e2e-mouse-exec", host: host)
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-mouse-exec"], host: host, allowFailure: true) }
        let config = try Self.configFile("e2e-mouse-exec", "[mouse]\nenabled = true\n")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let session = try TmuxSession.berth("e2e-mouse-exec", host: host, extra: "--config \(config)")
        defer { session.kill() }
        try session.filter("e2e-mouse-exec", thenWaitFor: "e2e-mouse-exec")
        #expect(try E2E.waitUntil(5) { try session.modes()["mouse_any_flag"] == "1" })
        try session.send("e")
        try session.waitForAbsence("NAME")
        #expect(try E2E.waitUntil(5) { try session.modes()["mouse_any_flag"] == "0" })
        // Typed once the shell asks: keys sent while the exec is still being set up are not the shell's.
        try session.waitFor("/ #")
        try session.sendLiteral("exit")
        try session.send("Enter")
        try session.waitFor("NAME")
        #expect(try E2E.waitUntil(5) { try session.modes()["mouse_any_flag"] == "1" })
        try session.send("q")
    }

    @Test func theDefaultFileChecksClean() throws {
        let text = try E2E.run([E2E.binary, "config", "default"])
        let path = try Self.configFile("e2e-config-default", text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let check = try E2E.run([E2E.binary, "config", "check", path])
        #expect(check.contains("\(path): OK"))
    }

    /// The terminal reports mouse events while berth runs: a click on a row selects it, `M` hands the mouse back to
    /// the terminal, and quitting leaves mouse reporting off.
    @Test func aClickSelectsARowAndMTogglesTheMouse() throws {
        let host = try E2E.requireHost()
        for name in ["e2e-mouse-a", "e2e-mouse-b", "e2e-mouse-c"] { try E2E.makeContainer(name, host: host) }
        defer {
            _ = try? E2E.docker(
                ["rm", "-f", "e2e-mouse-a", "e2e-mouse-b", "e2e-mouse-c"], host: host, allowFailure: true)
        }
        let config = try Self.configFile("e2e-mouse", "[mouse]\nenabled = true\n")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let session = try TmuxSession("e2e-mouse", command: "sh")
        defer { session.kill() }
        try session.sendLiteral(
            "env -u NO_COLOR \(E2E.binary) --host \(host) --config \(config) --log-file /tmp/e2e-mouse.log; "
                + "echo berth-exit=$?")
        try session.send("Enter")
        try session.filter("e2e-mouse-", thenWaitFor: "e2e-mouse-c")
        #expect(try E2E.waitUntil(5) { try session.modes()["mouse_any_flag"] == "1" })
        // The terminal's SGR report of a left-button press on the row of e2e-mouse-c (1-based column and row).
        let lines = try session.screen().split(separator: "\n", omittingEmptySubsequences: false)
        let row = try #require(lines.firstIndex { $0.contains("e2e-mouse-c") })
        try session.sendLiteral("\u{1B}[<0;4;\(row + 1)M")
        try session.sendLiteral("\u{1B}[<0;4;\(row + 1)m")
        try session.send("s")
        try session.waitFor("Stop e2e-mouse-c?")
        try session.send("n")
        try session.waitFor("Cancelled")
        // A notch of the wheel up (button 64) moves three rows up, to the first.
        try session.sendLiteral("\u{1B}[<64;4;\(row + 1)M")
        try session.send("s")
        try session.waitFor("Stop e2e-mouse-a?")
        try session.send("n")
        try session.waitFor("Cancelled")
        // M: the terminal selects text again; M again: berth takes the mouse back.
        try session.send("M")
        try session.waitFor("Mouse off")
        #expect(try E2E.waitUntil(5) { try session.modes()["mouse_any_flag"] == "0" })
        try session.send("M")
        try session.waitFor("Mouse on")
        #expect(try E2E.waitUntil(5) { try session.modes()["mouse_any_flag"] == "1" })
        try session.send("q")
        try session.waitFor("berth-exit=0")
        let modes = try session.modes()
        #expect(modes["mouse_any_flag"] == "0", "mouse reporting left on: \(modes)")
    }
}
