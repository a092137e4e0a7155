import EngineAPI
import Testing

@testable import EngineClient

/// The connection pool against the real engine (`TestEngine`): its idle connections and their timeout.
@Suite("Real engine: connection pool", .enabled(if: TestEngine.shouldRun))
struct ConnectionPoolIntegrationTests {
    let v141 = APIVersion(major: 1, minor: 41)

    func ping(_ pool: ConnectionPool) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        _ = try await pool.perform(Endpoints.ping, version: v141, deadline: deadline, timeout: .seconds(10))
    }

    /// Idle connections close after the timeout, except the kept one, which a request much later still reuses.
    @Test func idleConnectionsTimeOutButTheKeptOne() async throws {
        let pool = ConnectionPool(
            connector: UnixConnector(path: try TestEngine.socketPath()),
            limits: .init(inFlight: 4, idle: 4, idleTimeout: .milliseconds(200), kept: 1))
        defer { pool.closeIdle() }
        // Three at once need three connections; all three go idle.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 { group.addTask { try await ping(pool) } }
            try await group.waitForAll()
        }
        #expect(pool.idleCount >= 1)
        #expect(await eventually(within: .seconds(5)) { pool.idleCount == 1 }, "idle: \(pool.idleCount)")
        // Well past the timeout, the kept one is still there, and still works.
        try await Task.sleep(for: .milliseconds(600))
        #expect(pool.idleCount == 1)
        try await ping(pool)
        #expect(pool.idleCount == 1)
    }

    /// Without a kept connection, every idle one closes.
    @Test func withoutAKeptConnectionAllIdleOnesClose() async throws {
        let pool = ConnectionPool(
            connector: UnixConnector(path: try TestEngine.socketPath()),
            limits: .init(inFlight: 4, idle: 4, idleTimeout: .milliseconds(200)))
        defer { pool.closeIdle() }
        try await ping(pool)
        #expect(await eventually(within: .seconds(5)) { pool.idleCount == 0 }, "idle: \(pool.idleCount)")
    }
}
