import EngineAPI
import EngineClient
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The hijacked exec stream on exchanges recorded from the real engine, replayed with the timing a test needs:
/// the output arriving in the same read as the 101 head, and half-closing in both directions.
@Suite("Exec hijack on recorded exchanges")
struct ExecHijackTests {
    /// `POST /exec/{id}/start` for `sh -c 'echo hello-from-exec; exit 0'` with a TTY, as Docker 20.10.24 answered.
    static let recordedUpgrade =
        "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\n"
        + "Upgrade: tcp\r\nApi-Version: 1.41\r\nDocker-Experimental: false\r\nOstype: linux\r\n"
        + "Server: Docker/20.10.24+dfsg1 (linux)\r\n\r\n"
    static let recordedOutput = "hello-from-exec\r\n"

    func collect(_ session: ExecSession) async throws -> String {
        var text = ""
        for try await chunk in session.output { text += String(decoding: chunk, as: UTF8.self) }
        return text
    }

    @Test func outputInTheSameReadAsThe101HeadIsKept() async throws {
        let requests = Locked<[String]>([])
        let peer = try MisbehavingPeer("exec-101") { fd, request in
            requests.withLock { $0.append(request) }
            // One write: head and output together, then the engine hangs up as when the process exits.
            _ = RawSocket.send(fd, Self.recordedUpgrade + Self.recordedOutput)
        }
        defer { peer.stop() }
        let client = EngineClient(host: .unixSocket(path: peer.path), apiVersion: APIVersion(major: 1, minor: 41))
        let session = try await client.startExecSession("0123abcd")
        let output = try await collect(session)
        #expect(output == Self.recordedOutput)
        let request = requests.value.first ?? ""
        #expect(request.hasPrefix("POST /v1.41/exec/0123abcd/start HTTP/1.1"))
        #expect(request.lowercased().contains("upgrade: tcp"))
        #expect(request.contains("Content-Length: 27"))
    }

    @Test func closingTheSessionHalfClosesAndOutputStillArrives() async throws {
        let sawEOF = Locked(false)
        let peer = try MisbehavingPeer("exec-half") { fd, _ in
            _ = RawSocket.send(fd, Self.recordedUpgrade)
            // Wait for the client's half-close (EOF on our read side), then answer and hang up.
            sawEOF.withLock { $0 = RawSocket.waitForPeerClose(fd, timeout: .seconds(30)) }
            _ = RawSocket.send(fd, "bye\r\n")
        }
        defer { peer.stop() }
        let client = EngineClient(host: .unixSocket(path: peer.path), apiVersion: APIVersion(major: 1, minor: 41))
        let session = try await client.startExecSession("0123abcd")
        session.close()
        let output = try await collect(session)
        #expect(sawEOF.value)
        #expect(output == "bye\r\n")
    }

    @Test func refusalBeforeTheUpgradeIsTheEnginesError() async throws {
        let peer = try MisbehavingPeer("exec-409") { fd, _ in
            let body = #"{"message":"Container 0123 is not running"}"#
            _ = RawSocket.send(
                fd,
                "HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                    + body)
        }
        defer { peer.stop() }
        let client = EngineClient(host: .unixSocket(path: peer.path), apiVersion: APIVersion(major: 1, minor: 41))
        await #expect(throws: EngineError.conflict("Container 0123 is not running")) {
            _ = try await client.startExecSession("0123abcd")
        }
    }
}
