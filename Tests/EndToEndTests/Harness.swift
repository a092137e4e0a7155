import Foundation
import Testing

/// Drives the real `berth` binary inside tmux against the real test engine.
///
/// Needs `BERTH_TEST_DOCKER_HOST` (set by `scripts/test`); with `BERTH_REQUIRE_ENGINE=1` a missing engine fails
/// the run instead of disabling these tests.
enum E2E {
    static let environment = ProcessInfo.processInfo.environment
    static let dockerHost = environment["BERTH_TEST_DOCKER_HOST"]
    static let engineRequired = environment["BERTH_REQUIRE_ENGINE"] == "1"
    static var enabled: Bool { dockerHost != nil || engineRequired }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var binary: String {
        environment["BERTH_BINARY"] ?? packageRoot.appendingPathComponent(".build/debug/berth").path
    }
    static let tmuxSocket = "berth-e2e-\(getpid())"

    struct CommandError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a program to completion and returns its output; throws on a non-zero exit.
    @discardableResult
    static func run(
        _ arguments: [String], environment extra: [String: String] = [:], allowFailure: Bool = false
    ) throws
        -> String
    {
        // posix_spawn + waitpid rather than Foundation.Process, whose waitUntilExit never returned for a tmux
        // client here. Output goes to a file, not a pipe: a tmux server inherits the pipe and holds it open.
        let path = NSTemporaryDirectory() + "berth-e2e-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in extra { env[key] = value }
        let status = try spawnAndWait(["/usr/bin/env"] + arguments, environment: env, outputPath: path)
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if status != 0, !allowFailure {
            throw CommandError(description: "\(arguments.joined(separator: " ")) exited \(status): \(text)")
        }
        return text
    }

    /// Runs a program with stdin from /dev/null and stdout+stderr into `outputPath`; returns its exit status.
    static func spawnAndWait(_ argv: [String], environment: [String: String], outputPath: String) throws -> Int32 {
        try wait(for: spawn(argv, environment: environment, outputPath: outputPath))
    }

    /// Waits for `pid` to exit; returns its exit status, or 128 + the signal that ended it.
    static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED/WEXITSTATUS are macros Swift cannot import.
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Starts a program with stdin from /dev/null and stdout+stderr into `outputPath`; returns its pid at once.
    static func spawn(_ argv: [String], environment: [String: String], outputPath: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in cArgs { free(pointer) }
            for pointer in cEnv { free(pointer) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        guard rc == 0 else { throw CommandError(description: "cannot run \(argv[0]): \(rc)") }
        return pid
    }

    static let image = "berth-test/busybox:latest"

    /// (Re)creates container `name` running `command` (no network), started unless `running` is false.
    static func makeContainer(
        _ name: String, host: String, command: [String] = ["sleep", "100000"], tty: Bool = false, running: Bool = true
    ) throws {
        _ = try? docker(["rm", "-f", name], host: host, allowFailure: true)
        try docker(
            ["create", "--name", name, "--network", "none"] + (tty ? ["-t"] : []) + [image] + command, host: host)
        if running { try docker(["start", name], host: host) }
    }

    /// The engine's state word for `name` (`running`, `exited`, ...).
    static func state(of name: String, host: String) throws -> String {
        try docker(["inspect", "-f", "{{.State.Status}}", name], host: host).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    static func requireHost() throws -> String {
        guard let dockerHost else {
            Issue.record("BERTH_REQUIRE_ENGINE=1 but BERTH_TEST_DOCKER_HOST is not set: the test engine did not start")
            throw CommandError(description: "no engine")
        }
        return dockerHost
    }

    @discardableResult
    static func docker(_ arguments: [String], host: String, allowFailure: Bool = false) throws -> String {
        try run(["docker", "-H", host] + arguments, allowFailure: allowFailure)
    }

    @discardableResult
    static func tmux(_ arguments: [String], allowFailure: Bool = false) throws -> String {
        try run(["tmux", "-L", tmuxSocket] + arguments, allowFailure: allowFailure)
    }

    /// Polls `condition` every 50 ms until it holds or `seconds` pass.
    static func waitUntil(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }
}

/// One tmux session running one command in a terminal of a fixed size.
struct TmuxSession {
    let name: String

    /// Starts `command` (a shell command line) in a new detached session.
    init(_ name: String, width: Int = 120, height: Int = 40, command: String) throws {
        self.name = name
        _ = try? E2E.tmux(["kill-session", "-t", name], allowFailure: true)
        try E2E.tmux([
            "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
            "env TERM=xterm-256color LANG=C.UTF-8 \(command)",
        ])
        try E2E.tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    /// The screen as text.
    func screen() throws -> String { try E2E.tmux(["capture-pane", "-p", "-t", name]) }

    /// The screen with SGR escapes, to check colours.
    func styledScreen() throws -> String { try E2E.tmux(["capture-pane", "-p", "-e", "-t", name]) }

    func send(_ keys: String...) throws { try E2E.tmux(["send-keys", "-t", name] + keys) }

    func sendLiteral(_ text: String) throws { try E2E.tmux(["send-keys", "-l", "-t", name, text]) }

    /// Waits until the screen contains `text`; records the screen on failure.
    @discardableResult
    func waitFor(
        _ text: String, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Bool {
        let found = try E2E.waitUntil(seconds) { try screen().contains(text) }
        if !found {
            Issue.record(
                "'\(text)' did not appear within \(seconds)s. Screen:\n\(try screen())", sourceLocation: sourceLocation)
        }
        return found
    }

    /// Waits until the screen no longer contains `text`.
    @discardableResult
    func waitForAbsence(
        _ text: String, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Bool {
        let gone = try E2E.waitUntil(seconds) { try !screen().contains(text) }
        if !gone {
            Issue.record(
                "'\(text)' still shown after \(seconds)s. Screen:\n\(try screen())", sourceLocation: sourceLocation)
        }
        return gone
    }

    /// Starts the real berth against `host` in a new session, logging to /tmp/SESSION.log.
    ///
    /// `swift test` exports NO_COLOR=1, which berth honours; it is dropped so tests can check colours.
    static func berth(
        _ name: String, host: String, extra: String = "", environment: String = "", width: Int = 120, height: Int = 40
    ) throws -> TmuxSession {
        try TmuxSession(
            name, width: width, height: height,
            command: "env -u NO_COLOR \(environment) \(E2E.binary) --host \(host) --log-file /tmp/\(name).log \(extra)")
    }

    /// Narrows the list to `filter` with `/` (the engine may hold more containers than fit on screen), then waits
    /// for `name` to show.
    func filter(_ filter: String, thenWaitFor name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try waitFor("NAME", sourceLocation: sourceLocation)
        try send("/")
        try sendLiteral(filter)
        try send("Enter")
        try waitFor(name, sourceLocation: sourceLocation)
    }

    /// Whether the top pane shows a process whose whole command is `command` (the row ends at the border).
    func showsProcess(_ command: String) throws -> Bool {
        try screen().split(separator: "\n").contains { line in
            guard let range = line.range(of: "  \(command) ") else { return false }
            return line[range.upperBound...].allSatisfy { $0 == " " || $0 == "│" } && line.hasSuffix("│")
        }
    }

    /// In the top pane of `container` (running `sleep 1001 & sleep 100000 & wait` under a shell): sorts by PID,
    /// sends TERM to `sleep 1001` (the second row) with its confirmation, and waits until the row is gone.
    func termTheFirstSleep(in container: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try send("n")
        try waitFor("PID▲", sourceLocation: sourceLocation)
        try send("j", "K")
        try waitFor("signal PID", sourceLocation: sourceLocation)
        try send("Enter")
        try waitFor("(sleep 1001) in \(container)?", sourceLocation: sourceLocation)
        try send("y")
        try waitFor("Sent TERM to PID", sourceLocation: sourceLocation)
        let gone = try E2E.waitUntil(10) { try !showsProcess("sleep 1001") }
        let after = try screen()
        #expect(gone, "sleep 1001 is still listed:\n\(after)", sourceLocation: sourceLocation)
    }

    func kill() { _ = try? E2E.tmux(["kill-session", "-t", name], allowFailure: true) }
}

/// The engine's own record of what happened to one container: `docker events` runs in the background for the
/// whole test and writes one action per line (`start`, `kill`, `restart`, `exec_create: sh`, ...).
final class EngineEventLog {
    let path: String
    private let pid: pid_t

    /// Starts watching `container` (by name; it need not exist yet).
    init(container: String, host: String) throws {
        path = NSTemporaryDirectory() + "berth-e2e-events-\(UUID().uuidString).log"
        pid = try E2E.spawn(
            [
                "/usr/bin/env", "docker", "-H", host, "events", "--filter", "container=\(container)", "--format",
                "{{.Action}}",
            ], environment: ProcessInfo.processInfo.environment, outputPath: path)
    }

    /// The actions seen so far, oldest first.
    func actions() -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// How many times the engine reported `action` (exactly that word, e.g. `kill`).
    func count(_ action: String) -> Int { actions().filter { $0 == action }.count }

    /// Waits until the engine reports `action`; records the actions seen on failure.
    @discardableResult
    func waitFor(
        _ action: String, seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let seen = E2E.waitUntil(seconds) { count(action) > 0 }
        if !seen {
            Issue.record(
                "the engine never reported '\(action)'; it reported \(actions())", sourceLocation: sourceLocation)
        }
        return seen
    }

    /// Watches for `seconds`: false, with the actions recorded, as soon as any of `actions` shows up.
    func staysFree(
        of actions: Set<String>, for seconds: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let appeared = E2E.waitUntil(seconds) { !self.actions().filter(actions.contains).isEmpty }
        if appeared {
            Issue.record("the engine reported \(self.actions())", sourceLocation: sourceLocation)
        }
        return !appeared
    }

    func stop() {
        kill(pid, SIGTERM)
        _ = E2E.wait(for: pid)
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension TmuxSession {
    /// tmux's record of the pane's modes, e.g. `alternate_on` → `1`.
    func modes() throws -> [String: String] {
        let names = ["alternate_on", "cursor_flag", "keypad_cursor_flag", "keypad_flag", "mouse_any_flag"]
        let format = names.map { "\($0)=#{\($0)}" }.joined(separator: " ")
        let line = try E2E.tmux(["display", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
        var result: [String: String] = [:]
        for pair in line.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { result[parts[0]] = parts[1] }
        }
        return result
    }

    /// Turns on what a careless program may leave on (mouse reporting, bracketed paste) from the shell, so a test can
    /// see berth turn them off.
    func turnOnMouseAndBracketedPaste() throws {
        try sendLiteral("printf '\\033[?1000h\\033[?2004h'")
        try send("Enter")
        _ = try E2E.waitUntil(5) { try modes()["mouse_any_flag"] == "1" }
    }

    /// Checks, at a shell prompt after berth ended, that the terminal is the shell's again: the alternate screen
    /// left, the cursor shown, keypad and mouse modes off, bracketed paste off, and the tty cooked (`icanon echo`).
    func expectTerminalGivenBack(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let modes = try modes()
        #expect(modes["alternate_on"] == "0", "still on the alternate screen: \(modes)", sourceLocation: sourceLocation)
        #expect(modes["cursor_flag"] == "1", "the cursor is hidden: \(modes)", sourceLocation: sourceLocation)
        #expect(modes["keypad_cursor_flag"] == "0", "keypad mode left on: \(modes)", sourceLocation: sourceLocation)
        #expect(modes["keypad_flag"] == "0", "keypad mode left on: \(modes)", sourceLocation: sourceLocation)
        #expect(modes["mouse_any_flag"] == "0", "mouse reporting left on: \(modes)", sourceLocation: sourceLocation)
        // Pasted with -p, the text is wrapped in ESC [200~ ... ESC [201~ only while bracketed paste is on.
        try E2E.tmux(["set-buffer", "-b", "berth-probe", "paste-probe"])
        try E2E.tmux(["paste-buffer", "-p", "-b", "berth-probe", "-t", name])
        try waitFor("paste-probe", sourceLocation: sourceLocation)
        let pasted = try screen()
        #expect(!pasted.contains("200~"), "bracketed paste left on:\n\(pasted)", sourceLocation: sourceLocation)
        try send("C-u")
        try sendLiteral("stty -a | tr ' ' '\\n' | grep -E '^-?(echo|icanon)$' | tr '\\n' ' '; echo")
        try send("Enter")
        try waitFor("icanon echo", sourceLocation: sourceLocation)
    }
}
