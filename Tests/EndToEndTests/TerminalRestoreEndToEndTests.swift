import Foundation
import Testing

/// Whatever ends berth (a termination signal, an SSH drop's SIGHUP, a crash, a Swift runtime trap), the shell gets
/// its terminal back: the alternate screen left, the cursor shown, keypad, mouse and bracketed-paste modes off, the
/// tty cooked. A crash also leaves a report with the backtrace, named on stderr in one line.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct TerminalRestoreEndToEndTests {
    /// berth running in a shell in tmux, with its pid and the directory its crash reports go to.
    struct Run {
        let session: TmuxSession
        let pid: pid_t
        let stateHome: String
        let logFile: String

        var reportDirectory: String { stateHome + "/berth" }

        /// Ends the session and removes what the run left behind (the reports, the pid file).
        func finish() {
            session.kill()
            for path in [stateHome, "/tmp/\(session.name).pid"] { try? FileManager.default.removeItem(atPath: path) }
        }
        func reportPath(_ suffix: String = "") -> String { "\(reportDirectory)/berth-crash-\(pid)\(suffix).txt" }
    }

    static let signals: [String: Int32] = [
        "TERM": SIGTERM, "HUP": SIGHUP, "QUIT": SIGQUIT, "INT": SIGINT, "SEGV": SIGSEGV, "BUS": SIGBUS,
        "ILL": SIGILL, "ABRT": SIGABRT, "FPE": SIGFPE,
    ]

    /// Starts berth from `sh` after turning on mouse reporting and bracketed paste; `prepare` runs once the pid is
    /// known; waits for the dashboard unless `waitForScreen` is false.
    func start(
        _ name: String, host: String, environment: String = "", waitForScreen: Bool = true,
        prepare: (Run) throws -> Void = { _ in }
    ) throws -> Run {
        let stateHome = "/tmp/\(name)-state"
        let pidFile = "/tmp/\(name).pid"
        let logFile = "/tmp/\(name).log"
        for path in [stateHome, pidFile, logFile] { try? FileManager.default.removeItem(atPath: path) }
        let session = try TmuxSession(name, width: 120, height: 30, command: "sh")
        try session.sendLiteral("PS1='shell$ '")
        try session.send("Enter")
        try session.turnOnMouseAndBracketedPaste()
        try session.sendLiteral(
            "sh -c 'echo $$ > \(pidFile); exec env -u NO_COLOR XDG_STATE_HOME=\(stateHome) \(environment) "
                + "\(E2E.binary) --host \(host) --log-file \(logFile)'; echo berth-exit=$?")
        try session.send("Enter")
        var pid: pid_t = 0
        _ = E2E.waitUntil(10) {
            let text = (try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? ""
            pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            return pid > 0
        }
        guard pid > 0 else { throw E2E.CommandError(description: "berth never wrote its pid to \(pidFile)") }
        let run = Run(session: session, pid: pid, stateHome: stateHome, logFile: logFile)
        try prepare(run)
        if waitForScreen {
            try session.waitFor("NAME")
            // The modes the checks below expect to see undone really were set.
            let modes = try session.modes()
            #expect(modes["alternate_on"] == "1" && modes["cursor_flag"] == "0", "\(modes)")
        }
        return run
    }

    func log(_ run: Run) -> String { (try? String(contentsOfFile: run.logFile, encoding: .utf8)) ?? "" }

    /// Checks the crash report at `path`: named on the screen, created 0600, holding the backtrace.
    func expectReport(
        at path: String, signal: String, run: Run, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try run.session.waitFor(
            "berth: crashed (SIG\(signal)); the backtrace is in \(path)", sourceLocation: sourceLocation)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
        #expect(permissions == 0o600, "mode \(String(permissions, radix: 8))", sourceLocation: sourceLocation)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular, sourceLocation: sourceLocation)
        let report = try String(contentsOfFile: path, encoding: .utf8)
        #expect(report.hasPrefix("berth crashed: SIG\(signal)"), sourceLocation: sourceLocation)
        #expect(report.contains("Backtrace"), sourceLocation: sourceLocation)
        #expect(report.contains("berth(+0x"), "no frame in berth itself:\n\(report)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["TERM", "HUP", "QUIT", "INT"])
    func terminationSignalEndsBerthCleanly(_ signal: String) throws {
        let host = try E2E.requireHost()
        let run = try start("e2e-sig-\(signal.lowercased())", host: host)
        defer { run.finish() }
        kill(run.pid, Self.signals[signal] ?? SIGTERM)
        try run.session.waitFor("berth-exit=0")
        try run.session.expectTerminalGivenBack()
        #expect(try !run.session.screen().contains("NAME"))
        // The event loop ended and the screen was closed the ordinary way, not by the 3 s emergency exit.
        #expect(log(run).contains("screen stopped"), "\(log(run))")
        #expect(!FileManager.default.fileExists(atPath: run.reportDirectory))
    }

    @Test(arguments: ["SEGV", "BUS", "ILL", "ABRT", "FPE"])
    func crashSignalRestoresTheTerminalAndNamesTheReport(_ signal: String) throws {
        let host = try E2E.requireHost()
        let run = try start("e2e-crash-\(signal.lowercased())", host: host)
        defer { run.finish() }
        let number = Self.signals[signal] ?? SIGSEGV
        kill(run.pid, number)
        // The process ends of the signal itself, as it would without berth's handler.
        try run.session.waitFor("berth-exit=\(128 + number)")
        try expectReport(at: run.reportPath(), signal: signal, run: run)
        try run.session.expectTerminalGivenBack()
        #expect(try !run.session.screen().contains("NAME"))
    }

    /// A Swift runtime trap and a bad memory access on the event loop's own thread, forced by the test-only switch
    /// once the first frame is on the screen.
    @Test(arguments: [("trap", "ILL"), ("segv", "SEGV")])
    func crashInsideBerthRestoresTheTerminal(_ mode: String, _ signal: String) throws {
        let host = try E2E.requireHost()
        let run = try start(
            "e2e-crash-\(mode)", host: host, environment: "BERTH_TEST_CRASH=\(mode)", waitForScreen: false)
        defer { run.finish() }
        try run.session.waitFor("berth-exit=\(128 + (Self.signals[signal] ?? 0))")
        #expect(log(run).contains("screen started"), "the crash came before the screen: \(log(run))")
        try expectReport(at: run.reportPath(), signal: signal, run: run)
        // The crash came from a task on the event loop's thread: the walk up the stack passes through several of
        // berth's frames (the executor's, the task's), with or without unwind tables in the binary.
        let report = try String(contentsOfFile: run.reportPath(), encoding: .utf8)
        let berthFrames = report.split(separator: "\n").filter { $0.contains("berth(+0x") }.count
        #expect(berthFrames >= 3, "\(berthFrames) frames in berth:\n\(report.prefix(3000))")
        if mode == "trap" && E2E.binary.contains("/debug/") {
            // The runtime's own words, written to stderr while the screen was up, are kept in the report. Only a
            // debug build has any: optimised code traps on a bounds check it inlined without a word.
            #expect(report.contains("Fatal error: Index out of range"), "\(report.prefix(600))")
        }
        try run.session.expectTerminalGivenBack()
    }

    /// An SSH drop: the terminal itself goes away (here the pseudo-terminal `script` made for berth, when `script` is
    /// killed). berth gets SIGHUP and the hang-up, stops, and does not linger.
    /// berth's own mouse reporting (on by default, `M` switches it): a crash switches it off too.
    @Test func crashSwitchesBerthsOwnMouseReportingOff() throws {
        let host = try E2E.requireHost()
        let run = try start("e2e-crash-mouse", host: host)
        defer { run.finish() }
        // Off and on again by berth, so the reporting on at the crash is berth's, not the shell's.
        try run.session.send("M")
        try run.session.waitFor("Mouse off")
        #expect(E2E.waitUntil(5) { (try? run.session.modes()["mouse_any_flag"]) == "0" })
        try run.session.send("M")
        try run.session.waitFor("Mouse on")
        #expect(E2E.waitUntil(5) { (try? run.session.modes()["mouse_any_flag"]) == "1" })
        kill(run.pid, SIGSEGV)
        try run.session.waitFor("berth-exit=\(128 + SIGSEGV)")
        try run.session.expectTerminalGivenBack()
    }

    @Test func terminalThatGoesAwayEndsBerth() throws {
        let host = try E2E.requireHost()
        let name = "e2e-hangup"
        let (scriptPid, berthPid, log) = ("/tmp/\(name).script", "/tmp/\(name).pid", "/tmp/\(name).log")
        for path in [scriptPid, berthPid, log] { try? FileManager.default.removeItem(atPath: path) }
        defer {
            for path in [scriptPid, berthPid, "/tmp/\(name).sh"] { try? FileManager.default.removeItem(atPath: path) }
        }
        let wrapper = """
            echo $$ > \(scriptPid)
            exec script -qfec "sh -c 'echo \\$\\$ > \(berthPid); exec \(E2E.binary) --host \(host) --log-file \(log)'" /dev/null
            """
        try wrapper.write(toFile: "/tmp/\(name).sh", atomically: true, encoding: .utf8)
        let session = try TmuxSession(name, width: 100, height: 30, command: "sh /tmp/\(name).sh")
        defer { session.kill() }
        try session.waitFor("NAME")
        func pid(_ path: String) -> pid_t {
            pid_t(
                ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(
                    in: .whitespacesAndNewlines)) ?? 0
        }
        let berth = pid(berthPid)
        try #require(berth > 0 && pid(scriptPid) > 0)
        kill(pid(scriptPid), SIGKILL)
        // Gone, or a zombie nobody has reaped yet: either way no longer running.
        let ended = E2E.waitUntil(5) {
            guard let stat = try? String(contentsOfFile: "/proc/\(berth)/stat", encoding: .utf8) else { return true }
            return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") == true
        }
        #expect(ended, "berth still runs after its terminal went away")
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("screen stopped"), "\(text)")
    }

    /// An event loop that never comes back: SIGTERM still restores the terminal, from the handler, 3 s later.
    @Test func terminationWithAStuckEventLoopStillRestoresTheTerminal() throws {
        let host = try E2E.requireHost()
        let run = try start("e2e-sig-stuck", host: host, environment: "BERTH_TEST_CRASH=hang", waitForScreen: false)
        defer { run.finish() }
        // Only once the terminal's thread is really stuck: a SIGTERM before that is handled cleanly (exit 0).
        try #require(E2E.waitUntil(10) { log(run).contains("test switch: hang now") }, "\(log(run))")
        kill(run.pid, SIGTERM)
        try run.session.waitFor("berth-exit=\(128 + SIGTERM)")
        try run.session.waitFor("berth: SIGTERM: the dashboard did not stop in time; left at once")
        try run.session.expectTerminalGivenBack()
    }

    /// Symlinks planted at the report's path (one to a file of the user's, one dangling) are never followed: the
    /// report takes the next free name.
    @Test func crashReportNeverFollowsASymlink() throws {
        let host = try E2E.requireHost()
        let victim = "/tmp/e2e-crash-victim.txt"
        let dangling = "/tmp/e2e-crash-dangling-target.txt"
        try? FileManager.default.removeItem(atPath: dangling)
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(atPath: victim)
            try? FileManager.default.removeItem(atPath: dangling)
        }
        let run = try start("e2e-crash-symlink", host: host) { run in
            try FileManager.default.createDirectory(
                atPath: run.reportDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            try FileManager.default.createSymbolicLink(atPath: run.reportPath(), withDestinationPath: victim)
            try FileManager.default.createSymbolicLink(atPath: run.reportPath("-2"), withDestinationPath: dangling)
        }
        defer { run.finish() }
        kill(run.pid, SIGSEGV)
        try run.session.waitFor("berth-exit=\(128 + SIGSEGV)")
        try expectReport(at: run.reportPath("-3"), signal: "SEGV", run: run)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(!FileManager.default.fileExists(atPath: dangling))
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: run.reportPath()) == victim,
            "the planted link was replaced")
        try run.session.expectTerminalGivenBack()
    }
}
