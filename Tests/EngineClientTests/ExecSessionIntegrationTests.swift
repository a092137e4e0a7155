import EngineAPI
import EngineClient
import Foundation
import Testing

/// Interactive exec over the hijacked connection, against the real engine.
@Suite("Real engine: exec session", .enabled(if: TestEngine.shouldRun))
struct ExecSessionIntegrationTests {
    /// Reads the session's output until `done` holds for it or the stream ends; the deadline guards a hang.
    func read(_ session: ExecSession, until done: @escaping @Sendable (String) -> Bool) async throws -> String {
        try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                var text = ""
                for try await chunk in session.output {
                    text += String(decoding: chunk, as: UTF8.self)
                    if done(text) { break }
                }
                return text
            }
            group.addTask {
                try await Task.sleep(for: .seconds(15))
                return "<timed out>"
            }
            let first = try await group.next() ?? ""
            group.cancelAll()
            return first
        }
    }

    @Test func echoReturnsItsOutputAndExitCode() async throws {
        let client = try await TestEngine.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("exec-echo")) { id in
            try await client.start(id)
            let execID = try await client.createExec(
                id,
                body: ExecCreateBody(cmd: ["sh", "-c", "echo hello-$((6*7)); exit 3"], tty: true, attachStdin: true))
            let session = try await client.startExecSession(execID)
            let output = try await read(session) { _ in false }
            #expect(output.contains("hello-42"))
            var code: Int?
            for _ in 0..<100 {
                let state = try await client.inspectExec(execID)
                if state.running == false {
                    code = state.exitCode
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(code == 3)
        }
    }

    @Test func stdinReachesTheShellAndResizeReachesTheTTY() async throws {
        let client = try await TestEngine.client()
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("exec-tty")) { id in
            try await client.start(id)
            let execID = try await client.createExec(
                id, body: ExecCreateBody(cmd: ["sh"], tty: true, attachStdin: true))
            let session = try await client.startExecSession(execID)
            try await client.resizeExec(execID, rows: 21, columns: 77)
            session.send(Array("stty size; exit\n".utf8))
            let output = try await read(session) { $0.contains("21 77") }
            #expect(output.contains("21 77"), "output was: \(output)")
        }
    }

    @Test func refusalsAreTypedErrors() async throws {
        let client = try await TestEngine.client()
        await #expect(throws: EngineError.self) { try await client.startExecSession("no-such-exec-instance") }
        try await TestEngine.withContainer(client, name: TestEngine.uniqueName("exec-stopped")) { id in
            do {
                _ = try await client.createExec(id, body: ExecCreateBody(cmd: ["sh"], tty: true, attachStdin: true))
                Issue.record("exec in a stopped container was accepted")
            } catch let error as EngineError {
                guard case .conflict(let message) = error else {
                    Issue.record("expected a 409, got \(error)")
                    return
                }
                #expect(message.contains("not running"))
            }
        }
    }
}
