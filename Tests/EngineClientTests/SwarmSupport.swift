import EngineAPI
import EngineClient
import Foundation
import Testing

/// The three-node swarm the Swarm integration tests use (`scripts/test-swarm start`).
///
/// `BERTH_TEST_SWARM_MANAGER`, `BERTH_TEST_SWARM_WORKER1` and `BERTH_TEST_SWARM_WORKER2` name the engines' sockets.
/// Without them the tests are skipped, unless `BERTH_REQUIRE_SWARM=1`, which makes them run and fail.
enum TestSwarm {
    static let environment = ProcessInfo.processInfo.environment
    static let manager = environment["BERTH_TEST_SWARM_MANAGER"].flatMap { $0.isEmpty ? nil : $0 }
    static let workers = ["BERTH_TEST_SWARM_WORKER1", "BERTH_TEST_SWARM_WORKER2"].compactMap {
        environment[$0].flatMap { $0.isEmpty ? nil : $0 }
    }
    static let isRequired = environment["BERTH_REQUIRE_SWARM"] == "1"
    static let shouldRun = manager != nil || isRequired
    static let image = "berth-test/busybox:latest"

    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "no test swarm: set BERTH_TEST_SWARM_MANAGER (see scripts/test-swarm)" }
    }

    static func client(_ setting: String?) async throws -> EngineClient {
        guard let setting else {
            Issue.record("BERTH_REQUIRE_SWARM=1 but the swarm's sockets are not set")
            throw Unavailable()
        }
        return try await EngineClient.connect(
            host: try EngineHost.resolve(flag: setting, environment: [:]), timeout: .seconds(30)
        ).0
    }

    static func managerClient() async throws -> EngineClient { try await client(manager) }
    static func workerClient(_ index: Int) async throws -> EngineClient {
        try await client(index < workers.count ? workers[index] : nil)
    }

    /// The directory `scripts/test-swarm` was started with: the parent of the manager's engine folder.
    static func directory() throws -> String {
        guard let manager, let path = manager.split(separator: "://").last else { throw Unavailable() }
        return URL(fileURLWithPath: String(path)).deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// Runs `scripts/test-swarm` with `arguments` (stopping or starting a worker's engine) to completion.
    ///
    /// posix_spawn and waitpid rather than Foundation's Process, whose wait did not return once the script had
    /// started a daemon.
    static func script(_ arguments: String...) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let argv = [root.appendingPathComponent("scripts/test-swarm").path] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0) }
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        #expect(spawned == 0, "could not run \(argv[0])")
        guard spawned == 0 else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        #expect(status == 0, "scripts/test-swarm \(arguments.joined(separator: " ")) exited with \(status)")
    }

    static func uniqueName(_ hint: String) -> String {
        "berth-it-\(hint)-\(UUID().uuidString.prefix(6).lowercased())"
    }

    /// A replicated service's spec running `command` (a shell script), as JSON.
    static func spec(
        name: String, replicas: Int, command: String, labels: [String: String] = [:], pauseOnFailure: Bool = false
    ) -> [UInt8] {
        var spec: [String: Any] = [
            "Name": name,
            "Labels": labels.merging(["berth.test": "1"]) { a, _ in a },
            "TaskTemplate": [
                "ContainerSpec": ["Image": image, "Command": ["sh", "-c", command]],
                "RestartPolicy": ["Condition": "any", "Delay": 1_000_000_000],
            ],
            "Mode": ["Replicated": ["Replicas": replicas]],
        ]
        if pauseOnFailure {
            spec["UpdateConfig"] = [
                "Parallelism": 1, "FailureAction": "pause", "Monitor": 3_000_000_000, "MaxFailureRatio": 0,
            ]
        }
        return Array((try? JSONSerialization.data(withJSONObject: spec)) ?? Data())
    }

    /// Creates a service, passes its ID to `body`, and removes it afterwards, whether `body` succeeded or not.
    static func withService<T>(
        _ client: EngineClient, spec: [UInt8], _ body: (String) async throws -> T
    ) async throws -> T {
        let id = try await client.createService(spec: spec)
        do {
            let result = try await body(id)
            try? await client.removeService(id)
            return result
        } catch {
            try? await client.removeService(id)
            throw error
        }
    }

    /// The service's tasks the engine means to run, and where they run now.
    static func running(_ client: EngineClient, service: String) async throws -> [SwarmTask] {
        try await client.listTasks().filter { $0.serviceID == service && $0.isRunning && $0.desiredState == "running" }
    }
}
