import EngineAPI
import Foundation
import Testing

@testable import EngineClient

#if canImport(Glibc)
import Glibc
#endif

/// How the client fails against missing, dead, broken and hostile engines. No real engine needed.
@Suite("Client failure modes")
struct ClientFailureTests {
    let v141 = APIVersion(major: 1, minor: 41)

    func client(_ path: String) -> EngineClient {
        EngineClient(host: .unixSocket(path: path), apiVersion: v141)
    }

    @Test func missingSocketIsSocketMissing() async {
        let path = RawSocket.temporaryPath("missing")
        await #expect(throws: EngineError.socketMissing(path: path)) {
            _ = try await EngineClient.connect(host: .unixSocket(path: path))
        }
        await #expect(throws: EngineError.socketMissing(path: "/nonexistent-dir/docker.sock")) {
            _ = try await client("/nonexistent-dir/docker.sock").listContainers()
        }
    }

    @Test func socketWithoutListenerIsUnreachable() async throws {
        let path = RawSocket.temporaryPath("refused")
        let fd = try RawSocket.bound(path, listening: false)
        defer {
            close(fd)
            unlink(path)
        }
        do {
            _ = try await client(path).send(Endpoints.ping)
            Issue.record("connected to a socket nobody listens on")
        } catch let error as EngineError {
            guard case .unreachable(let why) = error else {
                Issue.record("expected .unreachable, got \(error)")
                return
            }
            #expect(why.contains("connection refused"))
            #expect(error.isConnectionFailure)
        }
    }

    /// Root ignores socket permissions, so this one only runs as an ordinary user; `errnoMapping` covers the rest.
    @Test(.enabled(if: geteuid() != 0)) func unreadableSocketIsPermissionDenied() async throws {
        let path = RawSocket.temporaryPath("denied")
        let fd = try RawSocket.bound(path, listening: true)
        defer {
            close(fd)
            unlink(path)
        }
        chmod(path, 0)
        await #expect(throws: EngineError.permissionDenied(path: path)) {
            _ = try await client(path).send(Endpoints.ping)
        }
    }

    @Test func errnoMapping() {
        let path = "/run/docker.sock"
        #expect(ErrorMapping.connectError(errno: ENOENT, socketPath: path) == .socketMissing(path: path))
        #expect(ErrorMapping.connectError(errno: ENOTDIR, socketPath: path) == .socketMissing(path: path))
        #expect(ErrorMapping.connectError(errno: EACCES, socketPath: path) == .permissionDenied(path: path))
        #expect(ErrorMapping.connectError(errno: EPERM, socketPath: path) == .permissionDenied(path: path))
        #expect(
            ErrorMapping.connectError(errno: ECONNREFUSED, socketPath: path)
                == .unreachable("nothing is listening on /run/docker.sock (connection refused)"))
        #expect(
            ErrorMapping.connectError(errno: EAGAIN, socketPath: path)
                == .unreachable("cannot connect to /run/docker.sock: Resource temporarily unavailable"))
    }

    @Test func garbageIsAProtocolViolation() async throws {
        let engine = try MisbehavingPeer { fd, _ in RawSocket.send(fd, "SSH-2.0-OpenSSH_9.2\r\n\r\n") }
        defer { engine.stop() }
        do {
            _ = try await client(engine.path).send(Endpoints.ping)
            Issue.record("garbage was accepted")
        } catch let error as EngineError {
            guard case .protocolViolation = error else {
                Issue.record("expected .protocolViolation, got \(error)")
                return
            }
        }
    }

    @Test func connectionEndingMidResponseIsAnError() async throws {
        let engine = try MisbehavingPeer { fd, _ in
            RawSocket.send(
                fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n[{\"Id\":")
        }
        defer { engine.stop() }
        do {
            _ = try await client(engine.path).listContainers()
            Issue.record("a cut answer was accepted")
        } catch let error as EngineError {
            switch error {
            case .unreachable, .protocolViolation: #expect(error.isConnectionFailure)
            default: Issue.record("expected .unreachable or .protocolViolation, got \(error)")
            }
        }
    }

    @Test func silentEngineTimesOut() async throws {
        let engine = try MisbehavingPeer { fd, _ in _ = RawSocket.waitForPeerClose(fd, timeout: .seconds(10)) }
        defer { engine.stop() }
        let start = ContinuousClock.now
        do {
            _ = try await client(engine.path).send(Endpoints.ping, timeout: .milliseconds(300))
            Issue.record("no answer was accepted")
        } catch let error as EngineError {
            guard case .unreachable(let why) = error else {
                Issue.record("expected .unreachable, got \(error)")
                return
            }
            #expect(why.contains("no complete answer within 0.3 s"))
        }
        let elapsed = ContinuousClock.now - start
        // The upper bound only proves the deadline fired; a loaded CI machine can be slow to schedule.
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(20))
    }

    /// The engine may close a connection (a TLS alert, an idle timeout) between its checkout and the request's
    /// write; the pipeline is then torn down, the write never reaches the response handler, and closing the channel
    /// again at the deadline fails nothing. The request must still end, at once and with a reason.
    @Test func requestOnATornDownConnectionEndsAtOnce() async throws {
        let engine = try MisbehavingPeer { fd, _ in _ = RawSocket.waitForPeerClose(fd, timeout: .seconds(10)) }
        defer { engine.stop() }
        let connection = try await PooledConnection.open(
            using: UnixConnector(path: engine.path), timeout: .seconds(5))
        connection.close()
        try await connection.channel.closeFuture.get()
        // Handler removal runs after the close itself; one more turn of the event loop lets it finish.
        try await connection.channel.eventLoop.submit {}.get()
        let start = ContinuousClock.now
        await #expect(throws: PooledConnection.Failure.self) {
            _ = try await connection.execute(
                Endpoints.ping, version: v141, deadline: start.advanced(by: .seconds(60)), timeout: .seconds(60))
        }
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func oversizedBodyIsRefused() async throws {
        let engine = try MisbehavingPeer { fd, _ in
            let size = HTTPTransport.maxBodyBytes + 1
            guard RawSocket.send(fd, "HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\n\r\n") else { return }
            let chunk = [UInt8](repeating: UInt8(ascii: " "), count: 1 << 20)
            var sent = 0
            while sent < size, RawSocket.send(fd, Array(chunk.prefix(size - sent))) { sent += chunk.count }
        }
        defer { engine.stop() }
        await #expect(throws: EngineError.protocolViolation("the answer is larger than 64 MiB")) {
            _ = try await client(engine.path).send(Endpoints.version)
        }
    }

    @Test func errorStatusCarriesTheEngineMessage() async throws {
        let engine = try MisbehavingPeer { fd, request in
            let body = #"{"message":"page not found for \#(request.split(separator: " ")[1])"}"#
            RawSocket.send(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        }
        defer { engine.stop() }
        await #expect(throws: EngineError.notFound("page not found for /v1.41/containers/x/json")) {
            _ = try await client(engine.path).inspectContainer("x")
        }
    }

    @Test func badJSONIsADecodingError() async throws {
        let engine = try MisbehavingPeer { fd, _ in
            RawSocket.send(fd, "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n{\"Id\": 42}\n\n")
        }
        defer { engine.stop() }
        do {
            _ = try await client(engine.path).listContainers()
            Issue.record("bad JSON decoded")
        } catch let error as EngineError {
            guard case .decoding = error else {
                Issue.record("expected .decoding, got \(error)")
                return
            }
        }
    }

    @Test func requestsCarryHostAndFraming() async throws {
        let seen = Locked<[String]>([])
        let engine = try MisbehavingPeer { fd, request in
            seen.withLock { $0.append(request) }
            RawSocket.send(fd, "HTTP/1.1 204 No Content\r\n\r\n")
        }
        defer { engine.stop() }
        try await client(engine.path).pause("abc")
        _ = try await client(engine.path).send(Endpoints.createContainer(name: "n", image: "i"))
        let requests = seen.withLock { $0 }
        #expect(requests.count == 2)
        let pause = requests[0].lowercased()
        #expect(pause.hasPrefix("post /v1.41/containers/abc/pause http/1.1"))
        #expect(pause.contains("host: docker"))
        #expect(pause.contains("content-length: 0"))
        #expect(!pause.contains("transfer-encoding"))
        let create = requests[1].lowercased()
        #expect(create.contains("content-type: application/json"))
        #expect(create.contains("content-length: "))
    }

    @Test func pingWithoutVersionHeaderUsesOldestSupported() async throws {
        let engine = try MisbehavingPeer { fd, _ in
            RawSocket.send(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nDate: Thu, 01 Jan 1970 00:01:00 GMT\r\n\r\nOK")
        }
        defer { engine.stop() }
        let ping = try await EngineClient.ping(host: .unixSocket(path: engine.path), timeout: .seconds(30))
        #expect(ping.apiVersion == APIVersion.oldestSupported)
        #expect(ping.engineTime == 60)
    }

    @Test func eventStreamSkipsOddLinesButNotAFloodOfThem() async throws {
        let engine = try MisbehavingPeer { fd, request in
            let lines: [String]
            if request.contains("since=1") {
                lines = [
                    #"{"Type":"container","Action":"start","Actor":{"ID":"a"}}"#, "not json", "[1,2]",
                    #"{"Type":"container","Action":"die","Actor":{"ID":"a"}}"#,
                ]
            } else {
                lines = Array(repeating: "garbage", count: 20)
            }
            RawSocket.send(
                fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            for line in lines {
                let chunk = line + "\n"
                RawSocket.send(fd, String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n")
            }
            RawSocket.send(fd, "0\r\n\r\n")
        }
        defer { engine.stop() }
        var verbs: [String] = []
        for try await event in client(engine.path).containerEvents(since: 1) { verbs.append(event.verb) }
        #expect(verbs == ["start", "die"])
        await #expect(throws: EngineError.self) {
            for try await _ in client(engine.path).containerEvents(since: 2) {}
        }
    }

    @Test func streamErrorStatusThrowsTheEngineMessage() async throws {
        let engine = try MisbehavingPeer { fd, _ in
            let body = #"{"message":"No such container: x"}"#
            RawSocket.send(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        }
        defer { engine.stop() }
        await #expect(throws: EngineError.notFound("No such container: x")) {
            for try await _ in client(engine.path).streamBytes(EngineRequest(.get, "/containers/x/logs")) {}
        }
    }

    /// Dropping a byte stream must close the socket, or every abandoned logs/stats pane would leak a connection.
    @Test func cancellingAByteStreamClosesTheSocket() async throws {
        let closed = Locked(false)
        let engine = try MisbehavingPeer { fd, _ in
            RawSocket.send(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            RawSocket.send(fd, "6\r\nhello\n\r\n")
            let sawClose = RawSocket.waitForPeerClose(fd, timeout: .seconds(30))
            closed.withLock { $0 = sawClose }
        }
        defer { engine.stop() }
        var received: [UInt8] = []
        // Breaking out of the loop drops the (temporary) stream.
        for try await chunk in client(engine.path).streamBytes(EngineRequest(.get, "/containers/x/logs")) {
            received += chunk
            break
        }
        #expect(received == Array("hello\n".utf8))
        #expect(await eventually(within: .seconds(30)) { closed.withLock { $0 } })

        // And cancelling the consuming task does the same.
        let closedAgain = Locked(false)
        let answered = Locked(false)
        let quiet = try MisbehavingPeer { fd, _ in
            RawSocket.send(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            answered.withLock { $0 = true }
            let sawClose = RawSocket.waitForPeerClose(fd, timeout: .seconds(30))
            closedAgain.withLock { $0 = sawClose }
        }
        defer { quiet.stop() }
        let consumer = Task {
            for try await _ in client(quiet.path).streamBytes(EngineRequest(.get, "/events")) {}
        }
        // Cancelled once the stream is open (on a loaded machine the connection can take longer than any fixed pause).
        #expect(await eventually(within: .seconds(30)) { answered.withLock { $0 } })
        consumer.cancel()
        #expect(await eventually(within: .seconds(30)) { closedAgain.withLock { $0 } })
    }

    @Test func slowConsumerGetsEveryByteInOrder() async throws {
        let total = 2000
        let engine = try MisbehavingPeer { fd, _ in
            RawSocket.send(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for index in 0..<total {
                let line = "\(index)\n"
                guard RawSocket.send(fd, String(line.utf8.count, radix: 16) + "\r\n" + line + "\r\n") else { return }
            }
            RawSocket.send(fd, "0\r\n\r\n")
        }
        defer { engine.stop() }
        var bytes: [UInt8] = []
        var chunks = 0
        for try await chunk in client(engine.path).streamBytes(EngineRequest(.get, "/x")) {
            bytes += chunk
            chunks += 1
            if chunks % 50 == 0 { try await Task.sleep(for: .milliseconds(2)) }
        }
        let expected = (0..<total).map { "\($0)\n" }.joined()
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }
}

@Suite("Response collection")
struct ResponseCollectorTests {
    @Test func endWithoutHeadIsAViolation() {
        var collector = ResponseCollector(limit: 10)
        #expect(throws: EngineError.self) { _ = try collector.consume(.end(nil)) }
    }

    @Test func headerLookupIgnoresCase() {
        let response = EngineResponse(status: 200, headers: [("Api-Version", "1.41")], body: [])
        #expect(response.header("API-Version") == "1.41")
        #expect(response.header("date") == nil)
    }
}
