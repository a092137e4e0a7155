import EngineAPI
import Foundation
import Testing

@testable import EngineClient

/// Requests per second and latency per request over each transport, printed for `scripts/bench-remote`. It measures,
/// it asserts nothing about speed; it runs only with `BERTH_BENCH=1`.
@Suite("Transport benchmark", .enabled(if: ProcessInfo.processInfo.environment["BERTH_BENCH"] == "1"), .serialized)
struct TransportBenchmark {
    static let requests = Int(ProcessInfo.processInfo.environment["BERTH_BENCH_REQUESTS"] ?? "") ?? 300

    func hosts() throws -> [(String, EngineHost)] {
        var hosts: [(String, EngineHost)] = []
        if let unix = RemoteTestEnvironment.value("BERTH_TEST_DOCKER_HOST") {
            hosts.append(("unix", try EngineHost.parse(unix)))
        }
        if RemoteTestEnvironment.value("BERTH_TEST_TLS_HOST") != nil {
            hosts.append(
                (
                    "tls",
                    try RemoteTestEnvironment.tcpHost(
                        "BERTH_TEST_TLS_HOST", tls: try RemoteTestEnvironment.verifiedTLS())
                ))
        }
        if RemoteTestEnvironment.value("BERTH_TEST_SSH_HOST") != nil {
            hosts.append(("ssh dial-stdio", try EngineHost.parse("ssh://berth-ssh")))
            hosts.append(("ssh forwarding", try EngineHost.parse("ssh://berth-nodocker")))
        }
        if let netns = RemoteTestEnvironment.value("BERTH_TEST_NETNS_HOST") {
            hosts.append(("ssh across veth", try EngineHost.parse("ssh://\(netns)")))
        }
        return hosts
    }

    @Test func requestsPerSecondAndLatency() async throws {
        print("transport         | first request | sequential req/s | p50     | p90     | p99     | 8 at once req/s")
        for (name, host) in try hosts() {
            let clock = ContinuousClock()
            let coldStart = clock.now
            let (client, _) = try await EngineClient.connect(host: host, timeout: .seconds(30))
            let cold = clock.now - coldStart
            var latencies: [Duration] = []
            let sequentialStart = clock.now
            for _ in 0..<Self.requests {
                let start = clock.now
                _ = try await client.send(Endpoints.listContainers(all: true))
                latencies.append(clock.now - start)
            }
            let sequential = Double(Self.requests) / seconds(clock.now - sequentialStart)
            latencies.sort()
            func percentile(_ p: Double) -> String {
                milliseconds(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))])
            }
            let concurrentStart = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<(Self.requests / 8) {
                            _ = try await client.send(Endpoints.listContainers(all: true))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let concurrent = Double(Self.requests / 8 * 8) / seconds(clock.now - concurrentStart)
            let row = [
                name.padding(toLength: 17, withPad: " ", startingAt: 0),
                milliseconds(cold).padding(toLength: 13, withPad: " ", startingAt: 0),
                String(format: "%16.0f", sequential), percentile(0.5), percentile(0.9), percentile(0.99),
                String(format: "%15.0f", concurrent),
            ]
            print(row.joined(separator: " | "))
        }
    }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func milliseconds(_ duration: Duration) -> String {
        String(format: "%5.2f ms", seconds(duration) * 1000)
    }
}
