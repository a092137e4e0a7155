import EngineAPI
import EngineClient
import Foundation
import Synchronization
import Testing

/// The private engine the integration tests use (`scripts/test-engine start`).
///
/// `BERTH_TEST_DOCKER_HOST` names its socket. Without it the integration tests are skipped, unless
/// `BERTH_REQUIRE_ENGINE=1`, in which case they run and fail, so CI cannot pass by silently skipping them.
enum TestEngine {
    static let environment = ProcessInfo.processInfo.environment
    static let hostSetting = environment["BERTH_TEST_DOCKER_HOST"].flatMap { $0.isEmpty ? nil : $0 }
    static let isRequired = environment["BERTH_REQUIRE_ENGINE"] == "1"
    /// For `.enabled(if:)`: run when there is an engine, or when one is required (and then fail without it).
    static let shouldRun = hostSetting != nil || isRequired
    static let image = "berth-test/busybox:latest"

    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "no test engine: set BERTH_TEST_DOCKER_HOST (see scripts/test-engine)" }
    }

    static func host() throws -> EngineHost {
        guard let hostSetting else {
            Issue.record("BERTH_REQUIRE_ENGINE=1 but BERTH_TEST_DOCKER_HOST is not set")
            throw Unavailable()
        }
        return try EngineHost.resolve(flag: hostSetting, environment: [:])
    }

    static func socketPath() throws -> String {
        guard case .unixSocket(let path) = try host() else { throw Unavailable() }
        return path
    }

    static func client() async throws -> EngineClient {
        try await EngineClient.connect(host: host(), timeout: .seconds(30)).0
    }

    static func uniqueName(_ hint: String) -> String {
        "berth-it-\(hint)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Creates a container running `cmd` (not started), passes its ID to `body`, and force-removes it afterwards,
    /// whether `body` succeeded or not.
    static func withContainer<T>(
        _ client: EngineClient, name: String, cmd: [String] = ["sleep", "100000"],
        _ body: (String) async throws -> T
    ) async throws -> T {
        let created = try await client.decode(
            ContainerCreateResponse.self,
            Endpoints.createContainer(name: name, image: image, cmd: cmd, labels: ["berth.test": "1"]))
        do {
            let result = try await body(created.id)
            try? await client.remove(created.id, force: true, volumes: true)
            return result
        } catch {
            try? await client.remove(created.id, force: true, volumes: true)
            throw error
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes; the polling interval is not a synchronisation point.
func eventually(
    isolation: isolated (any Actor)? = #isolation, within timeout: Duration,
    every interval: Duration = .milliseconds(10), _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: interval)
    }
}

/// Collects what a stream yields from a background task, so tests can wait for a condition with a deadline.
actor Recorder<Element: Sendable> {
    private(set) var items: [Element] = []
    private(set) var finished = false
    private(set) var failure: (any Error)?

    func add(_ item: Element) { items.append(item) }

    func finish(_ error: (any Error)?) {
        finished = true
        failure = error
    }

    /// Starts draining `stream` into a new recorder; cancel the returned task to stop.
    static func draining<S: AsyncSequence & Sendable>(_ stream: S) -> (Recorder<Element>, Task<Void, Never>)
    where S.Element == Element {
        let recorder = Recorder<Element>()
        let task = Task {
            do {
                for try await item in stream { await recorder.add(item) }
                await recorder.finish(nil)
            } catch {
                await recorder.finish(error)
            }
        }
        return (recorder, task)
    }

    /// Waits until `predicate` holds for the items so far, or `timeout` passes.
    func wait(within timeout: Duration, _ predicate: @Sendable ([Element]) -> Bool) async -> Bool {
        await eventually(within: timeout) { predicate(items) }
    }
}

/// A lock-protected value that escaping `@Sendable` closures (fake-engine handlers) can share with the test.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result>(_ body: (inout sending Value) -> sending Result) -> sending Result {
        mutex.withLock(body)
    }

    var value: Value { mutex.withLock { $0 } }
}
