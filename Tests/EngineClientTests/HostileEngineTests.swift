import EngineAPI
import Foundation
import Testing

@testable import EngineClient

#if canImport(Glibc)
import Glibc
#endif

/// An engine that is broken or hostile in ways a real one cannot be made to be: garbage and cut-off documents on
/// every kind of connection, silence, odd version and date headers, and socket paths that are not sockets. Each
/// must end in a clear `EngineError` within a deadline, never a crash or a hang.
@Suite("Hostile engines")
struct HostileEngineTests {
    static let execBody = ExecCreateBody(cmd: ["sh"], tty: true, attachStdin: true)

    func client(_ path: String) -> EngineClient {
        EngineClient(host: .unixSocket(path: path), apiVersion: APIVersion(major: 1, minor: 41))
    }

    static func answer(status: String = "200 OK", _ body: String) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    /// Runs `body` and returns the `EngineError` it threw; records an issue if it succeeded or threw anything else.
    static func engineError(
        _ what: String, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) async -> EngineError? {
        do {
            try await body()
            Issue.record("\(what) succeeded", sourceLocation: sourceLocation)
        } catch let error as EngineError {
            return error
        } catch {
            Issue.record("\(what) threw \(error), not an EngineError", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test func garbageOnStreamsAndExecIsAProtocolViolation() async throws {
        let engine = try MisbehavingPeer { fd, _ in RawSocket.send(fd, "SSH-2.0-OpenSSH_9.2\r\n\r\n") }
        defer { engine.stop() }
        let client = client(engine.path)
        let logs = EngineRequest(.get, "/containers/x/logs", query: [("follow", "1")])
        let failures: [(String, EngineError?)] = [
            ("a byte stream", await Self.engineError("stream") { for try await _ in client.streamBytes(logs) {} }),
            ("the events", await Self.engineError("events") { for try await _ in client.containerEvents() {} }),
            ("a log read", await Self.engineError("log read") { try await client.readBody(logs) { _ in } }),
            ("an exec start", await Self.engineError("exec start") { _ = try await client.startExecSession("x") }),
        ]
        for (what, error) in failures {
            guard let error else { continue }
            guard case .protocolViolation = error else {
                Issue.record("\(what): expected .protocolViolation, got \(error)")
                continue
            }
        }
    }

    @Test func truncatedJSONIsADecodingError() async throws {
        let cut = #"{"Id":"4f6e2c","Names":["/web"],"State":{"Status":"running","Pid":4"#
        let engine = try MisbehavingPeer { fd, request in
            RawSocket.send(fd, Self.answer(request.hasPrefix("GET /v1.41/containers/json") ? "[" + cut : cut))
        }
        defer { engine.stop() }
        let client = client(engine.path)
        let failures: [(String, EngineError?)] = [
            ("the list", await Self.engineError("the list") { _ = try await client.listContainers() }),
            ("an inspect", await Self.engineError("an inspect") { _ = try await client.inspectContainer("web") }),
            ("top", await Self.engineError("top") { _ = try await client.top("web") }),
            ("the version", await Self.engineError("the version") { _ = try await client.engineInfo() }),
        ]
        for (what, error) in failures {
            guard let error else { continue }
            guard case .decoding(let why) = error else {
                Issue.record("\(what): expected .decoding, got \(error)")
                continue
            }
            #expect(why.contains("malformed JSON") || why.contains("corrupted"), "\(what): \(why)")
        }
        // The inspect pane parses the document itself and says where it broke.
        let document = try await client.inspectDocument("web")
        #expect(throws: JSONParseError.self) { try JSONValue.parse(document) }
    }

    @Test func anEventStreamCutMidLineKeepsWhatCameBefore() async throws {
        let engine = try MisbehavingPeer { fd, _ in
            let lines = [
                #"{"Type":"container","Action":"start","Actor":{"ID":"a"},"time":1}"# + "\n",
                #"{"Type":"container","Action":"di"#,
            ]
            RawSocket.send(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for line in lines { RawSocket.send(fd, String(line.utf8.count, radix: 16) + "\r\n" + line + "\r\n") }
            RawSocket.send(fd, "0\r\n\r\n")
        }
        defer { engine.stop() }
        var verbs: [String] = []
        for try await event in client(engine.path).containerEvents() { verbs.append(event.verb) }
        #expect(verbs == ["start"])
    }

    /// Found while writing fuzz-http-response: a refusal with a negative Content-Length trapped in the exec start.
    @Test func execRefusalWithANegativeLength() async throws {
        let engine = try MisbehavingPeer { fd, _ in
            RawSocket.send(fd, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: -5\r\n\r\nboom")
        }
        defer { engine.stop() }
        await #expect(throws: EngineError.server(status: 500, message: "boom")) {
            _ = try await client(engine.path).startExecSession("x")
        }
        func length(_ head: String) -> Int? { ResponseHead(bytes: Array(head.utf8)[...])?.contentLength }
        #expect(length("HTTP/1.1 500 X\r\nContent-Length: -5\r\n\r\n") == nil)
        #expect(length("HTTP/1.1 500 X\r\nContent-Length: 12\r\n\r\n") == 12)
    }

    /// An engine that accepts and never answers: every request and the exec start give up at their deadline.
    /// Streams are exempt by design (Docker and Podman both send a log or event stream's head only with its first
    /// line); cancelling them closes the socket (`ClientFailureTests.cancellingAByteStreamClosesTheSocket`).
    @Test func everyRequestHasADeadline() async throws {
        let engine = try MisbehavingPeer { fd, _ in _ = RawSocket.waitForPeerClose(fd, timeout: .seconds(90)) }
        defer { engine.stop() }
        let client = client(engine.path)
        let host = EngineHost.unixSocket(path: engine.path)
        typealias Call = @Sendable () async throws -> Void
        let calls: [(String, Duration, Call)] = [
            ("connect", .seconds(5), { _ = try await EngineClient.connect(host: host) }),
            ("engineInfo", .seconds(5), { _ = try await client.engineInfo() }),
            ("listContainers", .seconds(30), { _ = try await client.listContainers() }),
            ("inspectContainer", .seconds(30), { _ = try await client.inspectContainer("x") }),
            ("inspectDocument", .seconds(30), { _ = try await client.inspectDocument("x") }),
            ("top", .seconds(30), { _ = try await client.top("x") }),
            ("start", .seconds(30), { try await client.start("x") }),
            ("stop", .seconds(30), { try await client.stop("x", timeout: 0) }),
            ("restart", .seconds(30), { try await client.restart("x", timeout: 0) }),
            ("kill", .seconds(30), { try await client.kill("x", signal: .term) }),
            ("pause", .seconds(30), { try await client.pause("x") }),
            ("remove", .seconds(30), { try await client.remove("x", force: true, volumes: false) }),
            ("createExec", .seconds(30), { _ = try await client.createExec("x", body: Self.execBody) }),
            ("resizeExec", .seconds(5), { try await client.resizeExec("x", rows: 24, columns: 80) }),
            ("startExecSession", .seconds(2), { _ = try await client.startExecSession("x", timeout: .seconds(2)) }),
        ]
        let results = await withTaskGroup(of: (String, Duration, Duration, String?).self) { group in
            for (name, deadline, call) in calls {
                group.addTask {
                    let start = ContinuousClock.now
                    do {
                        try await call()
                        return (name, deadline, ContinuousClock.now - start, nil)
                    } catch {
                        return (name, deadline, ContinuousClock.now - start, String(describing: error))
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == calls.count)
        for (name, deadline, elapsed, error) in results {
            guard let error else {
                Issue.record("\(name) succeeded against a silent engine")
                continue
            }
            #expect(error.contains("within"), "\(name): \(error)")
            // At the deadline, not before. The bound above only proves the deadline fired: with every test running
            // side by side on two cores, a task can wait many seconds for a thread.
            #expect(elapsed >= deadline && elapsed < deadline * 2 + .seconds(30), "\(name) took \(elapsed)")
        }
    }

    @Test func announcedVersionsOlderNewerAndBroken() async throws {
        let seen = Locked<[String]>([])
        let announced = Locked("1.30")
        let engine = try MisbehavingPeer { fd, request in
            seen.withLock { $0.append(request.split(separator: "\r\n").first.map(String.init) ?? "") }
            if request.hasPrefix("GET /_ping") {
                let version = announced.withLock { $0 }
                RawSocket.send(
                    fd,
                    "HTTP/1.1 200 OK\r\nApi-Version: \(version)\r\n"
                        + "Date: Sun, 06 Dec 99999999999999999 00:28:37 GMT\r\nContent-Length: 2\r\n\r\nOK")
            } else {
                RawSocket.send(fd, Self.answer(#"{"Version":"1.0","Components":[{"Name":"Engine"}]}"#))
            }
        }
        defer { engine.stop() }
        let expected: [(String, APIVersion)] = [
            ("1.30", APIVersion(major: 1, minor: 30)), ("1.99", APIVersion.newestKnown),
            ("2.0", APIVersion.newestKnown), ("x.y", APIVersion.oldestSupported),
            ("1.99999999999999999999", APIVersion.oldestSupported), ("", APIVersion.oldestSupported),
        ]
        for (header, version) in expected {
            announced.withLock { $0 = header }
            seen.withLock { $0.removeAll() }
            let (client, info) = try await EngineClient.connect(host: .unixSocket(path: engine.path))
            #expect(client.apiVersion == version, "announced \(header)")
            #expect(info.apiVersion == version)
            #expect(seen.withLock { $0 } == ["GET /_ping HTTP/1.1", "GET /v\(version)/version HTTP/1.1"])
        }
        // A `Date` whose year overflowed the day count trapped (found with fuzz-http-response).
        let ping = try await EngineClient.ping(host: .unixSocket(path: engine.path))
        #expect(ping.engineTime == nil)
    }

    @Test func socketPathThatIsNoSocket() async throws {
        let directory = RawSocket.temporaryPath("dir")
        #expect(mkdir(directory, 0o700) == 0)
        defer { rmdir(directory) }
        let file = RawSocket.temporaryPath("file")
        #expect(FileManager.default.createFile(atPath: file, contents: Data("not a socket".utf8)))
        defer { unlink(file) }
        await #expect(throws: EngineError.unreachable("\(directory) is a directory, not a Unix socket")) {
            _ = try await EngineClient.connect(host: .unixSocket(path: directory))
        }
        await #expect(throws: EngineError.unreachable("\(file) is a regular file, not a Unix socket")) {
            _ = try await client(file).listContainers()
        }
        await #expect(throws: EngineError.unreachable("\(directory) is a directory, not a Unix socket")) {
            for try await _ in client(directory).containerEvents() {}
        }
        await #expect(throws: EngineError.unreachable("\(file) is a regular file, not a Unix socket")) {
            _ = try await client(file).startExecSession("x")
        }
    }
}
