import EngineAPI
import EngineClient
import Foundation
import Testing

/// What every transport must carry: lifecycle commands, inspect, top, logs (a stream of its own), events, and an
/// interactive exec on a hijacked connection that resizes. Run against a client for any host.
enum RemoteExercise {
    static func run(_ client: EngineClient, hint: String) async throws {
        let name = TestEngine.uniqueName(hint)
        let created = try await client.decode(
            ContainerCreateResponse.self,
            Endpoints.createContainer(
                name: name, image: TestEngine.image,
                cmd: ["sh", "-c", "echo remote-log-line; exec sleep 100000"], labels: ["berth.test": "1"]))
        let id = created.id
        do {
            try await exercise(client, id: id)
            try await client.remove(id, force: true, volumes: true)
        } catch {
            try? await client.remove(id, force: true, volumes: true)
            throw error
        }
        await #expect(throws: EngineError.self) { _ = try await client.inspectContainer(id) }
    }

    private static func exercise(_ client: EngineClient, id: String) async throws {
        // From the engine's clock: the stream may connect after the start it is meant to see (ssh takes a moment).
        let since = try await EngineClient.ping(host: client.host).engineTime.map { $0 - 1 }
        let (events, eventsTask) = Recorder<EngineEvent>.draining(client.containerEvents(containerID: id, since: since))
        defer { eventsTask.cancel() }
        try await client.start(id)
        #expect(try await client.inspectContainer(id).state?.running == true)
        #expect(await events.wait(within: .seconds(10)) { $0.contains { $0.action == "start" } })

        // Logs: a stream with a connection of its own.
        var logText = ""
        do {
            try await client.readBody(Endpoints.containerLogs(id, follow: false, timestamps: false)) { chunk in
                logText += String(decoding: chunk, as: UTF8.self)
            }
        } catch {
            Issue.record("logs: \(error)")
        }
        #expect(logText.contains("remote-log-line"))

        let top = try await client.top(id)
        #expect(top.table.processes.contains { $0.joined(separator: " ").contains("sleep") })
        #expect(try await client.inspectDocument(id).count > 100)

        // Exec: hijacked, both ways, and the TTY follows a resize.
        let execID = try await client.createExec(id, body: ExecCreateBody(cmd: ["sh"], tty: true, attachStdin: true))
        let session = try await client.startExecSession(execID)
        try await client.resizeExec(execID, rows: 33, columns: 101)
        session.send(Array("stty size; echo marker-$((40+2)); exit 5\n".utf8))
        let output = try await readAll(session, until: { $0.contains("marker-42") && $0.contains("33 101") })
        #expect(output.contains("33 101"), "exec output: \(output)")
        #expect(output.contains("marker-42"), "exec output: \(output)")
        #expect(try await client.runExec(containerID: id, command: ["true"]) == 0)

        try await client.pause(id)
        try await client.unpause(id)
        try await client.restart(id, timeout: 0)
        try await client.kill(id, signal: .kill)
        try await client.stop(id)
        #expect(try await client.inspectContainer(id).state?.running == false)
    }

    private static func readAll(
        _ session: ExecSession, until done: @escaping @Sendable (String) -> Bool
    ) async throws
        -> String
    {
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
                try await Task.sleep(for: .seconds(20))
                return "<timed out>"
            }
            let first = try await group.next() ?? ""
            group.cancelAll()
            session.close()
            return first
        }
    }
}
