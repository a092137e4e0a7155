import Foundation
import Testing

/// No key typed before or during a hand-over (exec `e`, run `E`, Ctrl-Z and `fg`) acts after it, and no key typed
/// before a dialog is on the screen answers it. The engine's event stream is the witness: `r` and `y` that slipped
/// through would restart the container the moment the terminal came back.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct HandOverEndToEndTests {
    /// Restarts in about a second: the shell ends on TERM instead of waiting for the engine's 10 s KILL.
    static let quickToRestart = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]

    /// Starts the event log, then the container, and waits until the log has seen it start.
    func prepare(_ name: String, host: String) throws -> EngineEventLog {
        let events = try EngineEventLog(container: name, host: host)
        try E2E.makeContainer(name, host: host, command: Self.quickToRestart)
        events.waitFor("start")
        return events
    }

    /// The control: `r` and `y` typed on the dashboard once the question is on the screen do restart, and the log
    /// sees exactly that one restart.
    func restartOnPurpose(_ session: TmuxSession, events: EngineEventLog, name: String) throws {
        try session.send("r")
        try session.waitFor("Restart \(name)?")
        try session.send("y")
        events.waitFor("restart")
        try session.waitFor("Restarted \(name)")
        #expect(events.count("kill") == 1, "\(events.actions())")
        #expect(events.count("restart") == 1, "\(events.actions())")
    }

    @Test func keyTypedWithExecDoesNotActWhenTheShellEnds() throws {
        let host = try E2E.requireHost()
        let name = "e2e-handover-exec"
        let events = try prepare(name, host: host)
        defer {
            events.stop()
            _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true)
        }
        let session = try TmuxSession.berth(name, host: host, width: 100, height: 30)
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        // One send-keys: the keys reach berth's terminal together, as when typed quickly.
        try session.send("e", "r", "y")
        try session.waitFor("built-in shell")
        try session.send("C-u")
        try session.sendLiteral("exit")
        try session.send("Enter")
        try session.waitFor("ended with exit code 0")
        #expect(events.staysFree(of: ["kill", "restart", "die"], for: 3))
        try restartOnPurpose(session, events: events, name: name)
        try session.send("q")
    }

    @Test func keyTypedWithRunDoesNotActWhenTheCommandEnds() throws {
        let host = try E2E.requireHost()
        let name = "e2e-handover-run"
        let events = try prepare(name, host: host)
        defer {
            events.stop()
            _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true)
        }
        let session = try TmuxSession.berth(name, host: host, width: 100, height: 30)
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        try session.send("E")
        try session.waitFor("run in \(name):")
        try session.sendLiteral("echo ran-$((6*7))")
        try session.send("Enter", "r", "y")
        try session.waitFor("ran-42")
        try session.waitFor("press any key to return")
        try session.send("x")
        try session.waitFor("ended with exit code 0")
        #expect(events.staysFree(of: ["kill", "restart", "die"], for: 3))
        try restartOnPurpose(session, events: events, name: name)
        try session.send("q")
    }

    @Test func keyTypedWithCtrlZDoesNotActAfterFg() throws {
        let host = try E2E.requireHost()
        let name = "e2e-handover-ctrl-z"
        let events = try prepare(name, host: host)
        defer {
            events.stop()
            _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true)
        }
        let session = try TmuxSession("e2e-handover-ctrl-z", width: 100, height: 30, command: "bash --norc --noprofile")
        defer { session.kill() }
        try session.sendLiteral(
            "PS1='shell$ '; env -u NO_COLOR \(E2E.binary) --host \(host) --log-file /tmp/e2e-handover-ctrl-z.log")
        try session.send("Enter")
        try session.filter(name, thenWaitFor: name)
        try session.send("C-z", "r", "y")
        try session.waitFor("Stopped")
        // Typed at the shell while berth is stopped: the shell's, never berth's.
        try session.sendLiteral("echo at-the-shell")
        try session.send("Enter")
        try session.waitFor("at-the-shell")
        try session.sendLiteral("fg")
        try session.send("Enter", "r", "y")
        try session.waitFor("NAME")
        #expect(events.staysFree(of: ["kill", "restart", "die"], for: 3))
        try restartOnPurpose(session, events: events, name: name)
        try session.send("q")
        try session.waitFor("shell$")
    }

    /// `r` then `y` at once: the question appears and stays; the `y` typed before it was on the screen is dropped.
    @Test func keyTypedBeforeADialogIsDrawnDoesNotAnswerIt() throws {
        let host = try E2E.requireHost()
        let name = "e2e-handover-dialog"
        let events = try prepare(name, host: host)
        defer {
            events.stop()
            _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true)
        }
        let session = try TmuxSession.berth(name, host: host, width: 100, height: 30)
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        try session.send("r", "y")
        try session.waitFor("Restart \(name)?")
        #expect(events.staysFree(of: ["kill", "restart", "die"], for: 3))
        #expect(try session.screen().contains("Restart \(name)?"), "the question did not stay")
        // Answered once it is on the screen, it does restart.
        try session.send("y")
        events.waitFor("restart")
        try session.waitFor("Restarted \(name)")
        #expect(events.count("restart") == 1, "\(events.actions())")
        try session.send("q")
    }
}
