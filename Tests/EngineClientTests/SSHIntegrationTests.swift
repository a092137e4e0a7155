import EngineAPI
import Foundation
import Testing

@testable import EngineClient

/// ssh:// through the system's ssh to a real OpenSSH server on loopback (`scripts/test-sshd`), whose users reach
/// the test engine: one with the docker CLI (dial-stdio), one without (stream-local forwarding), and failures.
@Suite("ssh engine", .enabled(if: RemoteTestEnvironment.hasSSH), .serialized)
struct SSHIntegrationTests {
    static var engineSocket: String? {
        RemoteTestEnvironment.value("BERTH_TEST_DOCKER_HOST").map { $0.replacingOccurrences(of: "unix://", with: "") }
    }

    func host(_ alias: String, path: String = "") throws -> EngineHost {
        _ = try RemoteTestEnvironment.require("BERTH_TEST_SSH_HOST")
        return try EngineHost.parse("ssh://\(alias)\(path)")
    }

    /// ssh processes berth runs for `alias` right now.
    func sshProcesses(for alias: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { entry in
            guard Int(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else {
                return false
            }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.first == "ssh" && arguments.contains("BatchMode=yes") && arguments.contains(alias)
        }.count
    }

    @Test func dialStdioCarriesEverything() async throws {
        let host = try host("berth-ssh")
        let (client, info) = try await EngineClient.connect(host: host, timeout: .seconds(20))
        #expect(!info.version.isEmpty)
        // The remote login's DOCKER_HOST names the socket.
        #expect(client.connectionMethod == .sshDialStdio(socketPath: Self.engineSocket))
        try await RemoteExercise.run(client, hint: "ssh-dial")
    }

    @Test func withoutADockerCLIStreamLocalForwardingCarriesEverything() async throws {
        let host = try host("berth-nodocker")
        let (client, _) = try await EngineClient.connect(host: host, timeout: .seconds(20))
        #expect(client.connectionMethod == .sshStreamLocal(socketPath: Self.engineSocket ?? ""))
        try await RemoteExercise.run(client, hint: "ssh-fwd")
    }

    @Test func theURLPathNamesTheSocket() async throws {
        let socket = try #require(Self.engineSocket)
        let (client, _) = try await EngineClient.connect(
            host: try host("berth-nodocker", path: socket), timeout: .seconds(20))
        #expect(client.connectionMethod == .sshStreamLocal(socketPath: socket))
        #expect(try await client.send(Endpoints.ping).status == 200)
    }

    @Test func requestsReuseConnectionsInsteadOfStartingSSHEachTime() async throws {
        let (client, _) = try await EngineClient.connect(host: try host("berth-ssh"), timeout: .seconds(20))
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<40 { _ = try await client.send(Endpoints.ping) }
        let perRequest = (clock.now - start) / 40
        // Sequential requests share one kept-alive connection: one ssh process, not forty.
        #expect(sshProcesses(for: "berth-ssh") <= 2, "ssh processes: \(sshProcesses(for: "berth-ssh"))")
        #expect(perRequest < .milliseconds(100), "per request: \(perRequest)")
        // Concurrent requests are bounded by the pool.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<30 { group.addTask { _ = try await client.listContainers() } }
            try await group.waitForAll()
        }
        #expect(client.transport.pool.idleCount <= client.transport.pool.limits.inFlight)
        #expect(sshProcesses(for: "berth-ssh") <= client.transport.pool.limits.inFlight + 1)
    }

    @Test func unknownHostKeyIsRefusedQuickly() async throws {
        let error = await engineError(within: .seconds(10)) {
            _ = try await EngineClient.connect(host: try host("berth-unknownkey"), timeout: .seconds(10))
        }
        #expect(
            error?.description.contains("host key") == true && error?.description.contains("unknown") == true,
            "\(String(describing: error))")
    }

    @Test func changedHostKeyIsRefused() async throws {
        let error = await engineError(within: .seconds(10)) {
            _ = try await EngineClient.connect(host: try host("berth-changedkey"), timeout: .seconds(10))
        }
        #expect(error?.description.contains("CHANGED") == true, "\(String(describing: error))")
    }

    @Test func aKeyTheServerRefusesSaysHowToAuthenticate() async throws {
        let error = await engineError(within: .seconds(10)) {
            _ = try await EngineClient.connect(host: try host("berth-wrongkey"), timeout: .seconds(10))
        }
        #expect(error?.description.contains("authentication") == true, "\(String(describing: error))")
        #expect(error?.description.contains("ssh-agent") == true, "\(String(describing: error))")
    }

    @Test func aUserWhoMayNotUseTheSocketIsToldSo() async throws {
        let error = await engineError(within: .seconds(10)) {
            _ = try await EngineClient.connect(host: try host("berth-nogroup"), timeout: .seconds(10))
        }
        #expect(error?.description.contains("permission denied") == true, "\(String(describing: error))")
        #expect(error?.description.contains("berth-nogroup") == true, "\(String(describing: error))")
    }

    @Test func anEngineThatIsDownIsNamedAsSuch() async throws {
        let dead = try RemoteTestEnvironment.require("BERTH_TEST_SSH_DIR") + "/dead.sock"
        for alias in ["berth-ssh", "berth-nodocker"] {
            let error = await engineError(within: .seconds(10)) {
                _ = try await EngineClient.connect(host: try host(alias, path: dead), timeout: .seconds(10))
            }
            #expect(error?.description.contains("not running") == true, "\(alias): \(String(describing: error))")
        }
        let missing = await engineError(within: .seconds(10)) {
            _ = try await EngineClient.connect(host: try host("berth-ssh", path: "/nonexistent/engine.sock"))
        }
        #expect(missing?.description.contains("no engine socket at /nonexistent/engine.sock") == true)
    }
}
