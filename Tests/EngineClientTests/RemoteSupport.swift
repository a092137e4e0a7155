import EngineAPI
import EngineClient
import Foundation
import Testing

/// The remote engines `scripts/test-tls`, `scripts/test-sshd` and `scripts/test-netns` start; their export lines
/// name them. Without them these tests are skipped, unless `BERTH_REQUIRE_REMOTE=1`, which makes them run and fail.
enum RemoteTestEnvironment {
    static let environment = ProcessInfo.processInfo.environment
    static let isRequired = environment["BERTH_REQUIRE_REMOTE"] == "1"

    static func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var hasTLS: Bool { isRequired || value("BERTH_TEST_TLS_HOST") != nil }
    static var hasSSH: Bool { isRequired || value("BERTH_TEST_SSH_HOST") != nil }
    static var hasNetns: Bool { isRequired || value("BERTH_TEST_NETNS_HOST") != nil }

    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not set (see scripts/test-tls, scripts/test-sshd, scripts/test-netns)" }
    }

    static func require(_ name: String) throws -> String {
        guard let value = value(name) else {
            Issue.record("\(name) is not set")
            throw Missing(name: name)
        }
        return value
    }

    /// A tcp:// engine address from `name` with `tls`.
    static func tcpHost(_ name: String, tls: TLSOptions?) throws -> EngineHost {
        try EngineHost.parse(try require(name), tls: tls)
    }

    static func certificate(_ file: String) throws -> String {
        try require("BERTH_TEST_TLS_CERTS") + "/" + file
    }

    static func verifiedTLS(ca: String = "ca.pem") throws -> TLSOptions {
        TLSOptions(
            verify: true, caCertificatePath: try certificate(ca), certificatePath: try certificate("cert.pem"),
            keyPath: try certificate("key.pem"))
    }

    /// An ssh:// engine address: `BERTH_TEST_SSH_HOST` is the alias in the test ssh config, with `suffix` (a user
    /// alias or a socket path) as the tests need.
    static func sshHost(_ variable: String = "BERTH_TEST_SSH_HOST", path: String = "") throws -> EngineHost {
        try EngineHost.parse("ssh://" + (try require(variable)) + path)
    }
}

/// Runs `body` and returns the `EngineError` it threw, recording an issue if it threw something else or nothing.
func engineError(
    within limit: Duration, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) async -> EngineError? {
    let start = ContinuousClock.now
    do {
        try await body()
        Issue.record("expected a failure", sourceLocation: sourceLocation)
        return nil
    } catch let error as EngineError {
        let took = ContinuousClock.now - start
        #expect(took < limit, "took \(took)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected an EngineError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
