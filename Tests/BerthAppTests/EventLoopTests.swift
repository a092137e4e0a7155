import BerthApp
import EngineAPI
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The event loop end to end on a terminal that records frames: keys in, frames out, hosts that are missing or
/// never answer, and quitting.
@Suite struct EventLoopTests {
    static func configuration(_ hosts: [(String, String)]) -> DashboardConfiguration {
        DashboardConfiguration(
            hosts: hosts.map { HostConfiguration(id: HostID($0.0), host: .unixSocket(path: $0.1)) }, readOnly: true)
    }

    static func log() throws -> DiagnosticLog { try DiagnosticLog(path: nil) }

    /// Whether the loop gave the terminal back within 10 s and returned 0 (never waits on a loop that did not end).
    static func ended(_ run: Task<Int32, Never>, _ backend: RecordingBackend) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while !backend.isStopped, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        guard backend.isStopped else {
            Issue.record("the loop did not end; last frame:\n\(backend.lastFrame)")
            return false
        }
        return await run.value == 0
    }

    /// A Unix socket that accepts connections and never answers, for as long as the test holds it.
    final class SilentEngine: @unchecked Sendable {
        // Only touched by init and deinit, which cannot overlap.
        let path: String
        private let fd: Int32

        init() throws {
            path = NSTemporaryDirectory() + "berth-silent-\(UUID().uuidString.prefix(8)).sock"
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                for (index, byte) in path.utf8.enumerated() where index < buffer.count - 1 { buffer[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        }

        deinit {
            close(fd)
            unlink(path)
        }
    }

    @Test func keysReachTheScreenAndQuitEndsTheLoop() async throws {
        let backend = RecordingBackend()
        let log = try Self.log()
        let run = Task {
            await DashboardApp.run(
                Self.configuration([("gone", "/nonexistent/berth-test.sock")]), backend: backend, log: log)
        }
        #expect(await backend.waitForFrame(containing: "berth"))
        #expect(await backend.waitForFrame(containing: "engine unreachable"))
        backend.press(.character("?"))
        #expect(await backend.waitForFrame(containing: "any key closes"))
        backend.press(.escape)
        #expect(await backend.waitForFrame { !$0.contains("any key closes") })
        backend.press(.character("q"))
        #expect(await Self.ended(run, backend))
    }

    @Test func aSilentEngineAndAMissingOneDoNotHoldUpKeys() async throws {
        let silent = try SilentEngine()
        let backend = RecordingBackend()
        let log = try Self.log()
        let run = Task {
            await DashboardApp.run(
                Self.configuration([("silent", silent.path), ("gone", "/nonexistent/berth-test.sock")]),
                backend: backend, log: log)
        }
        // Keys are answered at once, whatever the engines are doing.
        #expect(await backend.waitForFrame(containing: "berth"))
        backend.press(.character(":"))
        #expect(await backend.waitForFrame(seconds: 2) { $0.contains(":█") })
        #expect(!backend.lastFrame.contains("silent: Docker"))
        backend.press(.character("i"), .tab, .enter)
        #expect(await backend.waitForFrame(containing: "REPOSITORY:TAG"))
        // The missing one is said to be down; the silent one times out and is said to be down too.
        #expect(await backend.waitForFrame { $0.contains("gone: unreachable") || $0.contains("gone ✗") })
        #expect(await backend.waitForFrame { $0.contains("silent: unreachable") || $0.contains("silent ✗") })
        backend.press(.character("q"))
        #expect(await Self.ended(run, backend))
    }

    /// With the test engine: its rows reach a frame, and a filter typed as keys narrows them.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["BERTH_TEST_DOCKER_HOST"] != nil))
    func rowsFromARealEngineReachAFrame() async throws {
        let address = try #require(ProcessInfo.processInfo.environment["BERTH_TEST_DOCKER_HOST"])
        let host = try EngineHost.resolve(flag: address, environment: [:])
        guard case .unixSocket(let path) = host else { return }
        let backend = RecordingBackend()
        let log = try Self.log()
        let run = Task { await DashboardApp.run(Self.configuration([("docker", path)]), backend: backend, log: log) }
        #expect(await backend.waitForFrame(containing: "Docker Engine"))
        #expect(await backend.waitForFrame(containing: "NAME"))
        backend.press(.character("/"))
        for c in "no-such-container-here" { backend.press(.character(c)) }
        #expect(await backend.waitForFrame(containing: "No containers match"))
        backend.press(.enter, .character("q"))
        #expect(await Self.ended(run, backend))
    }
}
