import EngineAPI
import EngineClient
import EngineWatchers
import Synchronization
import Testing

/// The log follower on a scripted engine: recorded log frames in, batched lines out, then the stop and the removal,
/// with the pauses between batches on a test clock.
@Suite("LogFollower (scripted engine, test clock)")
struct LogFollowerScriptedTests {
    actor Events {
        var items: [LogFollowerEvent] = []
        func add(_ event: LogFollowerEvent) { items.append(event) }
        var lines: [LogLine] {
            items.flatMap { event -> [LogLine] in
                if case .lines(let lines) = event { return lines }
                return []
            }
        }
    }

    @Test func followsRecordedLinesThenTheStopThenTheRemoval() async throws {
        let id = "a944d7f6678049ffd083d6c48c1932e8e653629361abfdbc5eab21687ab5409c"
        let running = String(decoding: try Recording.bytes("inspect-running.json"), as: UTF8.self)
        let inspect = Mutex(running)
        let logs = BodyFeed()
        let starts = BodyFeed()
        let clock = TestClock()
        let transport = ScriptedTransport(clock: clock) { request in
            switch request.path {
            case "/containers/\(id)/json":
                return .response(EngineResponse(status: 200, headers: [], body: Array(inspect.withLock { $0 }.utf8)))
            case "/containers/\(id)/logs": return .stream(logs)
            case "/events": return .stream(starts)
            default: return .failure(.notFound("no such path \(request.path)"))
            }
        }
        let client = EngineClient(
            host: .unixSocket(path: "/scripted/docker.sock"), apiVersion: .oldestSupported, transport: transport)
        let follower = LogFollower(containerID: id, clock: clock) { client }
        let events = Events()
        let runner = Task { await follower.run { await events.add($0) } }
        defer { runner.cancel() }

        #expect(await eventually { await events.items.first == .attached(tty: false, running: true) })
        let recorded = try Recording.bytes("logs-multiplexed.bin")
        var decoder = LogFrameDecoder(framing: .multiplexed, timestamps: true)
        let expected = decoder.decode(recorded) + decoder.finish()
        #expect(expected.count > 5)
        // In two pieces cut mid-frame: the first batch goes out at once, the rest after the batch interval.
        logs.send(Array(recorded.prefix(recorded.count / 2)))
        #expect(await eventually { await !events.lines.isEmpty })
        #expect(await clock.waitForSleepers([.milliseconds(50)]))
        logs.send(Array(recorded.dropFirst(recorded.count / 2)))
        clock.advance(to: .milliseconds(50))
        // The last line has no newline: it is whole only when the stream ends.
        #expect(await eventually { await events.lines.count == expected.count - 1 })
        #expect(await events.lines == Array(expected.dropLast()))

        // The container stops: the engine ends the stream, and inspect says so.
        inspect.withLock {
            $0 = $0.replacingOccurrences(of: #""Running":true"#, with: #""Running":false"#)
                .replacingOccurrences(of: #""ExitCode":0"#, with: #""ExitCode":3"#)
        }
        logs.end()
        #expect(await clock.waitForSleepers([.milliseconds(100)]))
        clock.advance(to: .milliseconds(100))
        #expect(await eventually { await events.lines == expected })
        #expect(await clock.waitForSleepers([.milliseconds(150)]))
        clock.advance(to: .milliseconds(150))
        let finished = try JSONCoding.decode(ContainerInspect.self, from: Array(running.utf8)).finishedAtNanos
        #expect(finished != nil)
        #expect(await eventually { await events.items.last == .stopped(exitCode: 3, at: finished) })
        #expect(await eventually { transport.requests(to: "/events").count == 1 })

        // Waiting for the next start, the follower learns of the removal instead.
        starts.send(lines: try Recording.events(["destroy"], about: id))
        #expect(await eventually { await events.items.last == .unavailable("The container was removed.") })
        let batches = await events.items.filter {
            if case .lines = $0 { return true }
            return false
        }
        #expect(batches.count == 3, "two pieces and the last line: three batches")
    }
}
