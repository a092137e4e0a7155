import EngineAPI
import Foundation
import Testing

@testable import EngineClient

/// An engine across a real network link (`scripts/test-netns`): ssh reaches it through a veth pair between two
/// network namespaces. Taking the link down must make the client say the engine is unreachable within ten
/// seconds, without hanging; bringing it back must let it reconnect.
@Suite("Engine across a network link", .enabled(if: RemoteTestEnvironment.hasNetns), .serialized)
struct NetworkIntegrationTests {
    struct Link {
        var namespace: String
        var device: String

        func set(_ state: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            process.arguments = ["-n", namespace, "link", "set", device, state]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw RemoteTestEnvironment.Missing(name: "ip -n \(namespace) link set \(device) \(state)")
            }
        }
    }

    func link() throws -> Link {
        Link(
            namespace: try RemoteTestEnvironment.require("BERTH_TEST_NETNS_CLIENT"),
            device: try RemoteTestEnvironment.require("BERTH_TEST_NETNS_LINK"))
    }

    func host() throws -> EngineHost {
        try EngineHost.parse("ssh://" + (try RemoteTestEnvironment.require("BERTH_TEST_NETNS_HOST")))
    }

    @Test func theRemoteEngineWorksAcrossTheLink() async throws {
        let (client, _) = try await EngineClient.connect(host: try host(), timeout: .seconds(20))
        let info = try await client.send(Endpoints.systemInfo)
        // dockerd runs in a UTS namespace of its own: the engine is "another machine".
        #expect(String(decoding: info.body, as: UTF8.self).contains(#""Name":"berth-remote""#))
        try await RemoteExercise.run(client, hint: "netns")
    }

    @Test func aLinkThatGoesDownIsReportedWithinTenSecondsAndRecovers() async throws {
        let link = try link()
        let (client, _) = try await EngineClient.connect(host: try host(), timeout: .seconds(20))
        let since = try await EngineClient.ping(host: client.host).engineTime
        let (events, eventsTask) = Recorder<EngineEvent>.draining(client.containerEvents(since: since))
        defer { eventsTask.cancel() }
        // A kept-alive request connection and a live stream, both about to lose their network.
        _ = try await client.send(Endpoints.ping)
        try await Task.sleep(for: .milliseconds(500))

        try link.set("down")
        var restored = false
        defer { if !restored { try? link.set("up") } }
        let clock = ContinuousClock()
        let start = clock.now

        // A request: refused or timed out, never hanging.
        let requestError = await engineError(within: .seconds(10)) {
            _ = try await client.send(Endpoints.ping, timeout: .seconds(8))
        }
        #expect(requestError?.isConnectionFailure == true, "\(String(describing: requestError))")
        // The stream: its connection dies with the link (ssh keepalives), within ten seconds.
        let streamEnded = await eventually(within: .seconds(10) - (clock.now - start), every: .milliseconds(50)) {
            await events.finished
        }
        #expect(streamEnded, "the event stream still runs \(clock.now - start) after the link went down")
        let streamError = await events.failure
        #expect((streamError as? EngineError)?.isConnectionFailure == true, "\(String(describing: streamError))")
        #expect("\(String(describing: streamError))".contains("unreachable"), "\(String(describing: streamError))")
        print(
            "link down: request: \(String(describing: requestError)); stream ended after \(clock.now - start): \(String(describing: streamError))"
        )
        #expect(clock.now - start < .seconds(11))

        try link.set("up")
        restored = true
        let recovered = await eventually(within: .seconds(30), every: .milliseconds(500)) {
            (try? await client.send(Endpoints.ping, timeout: .seconds(5)))?.status == 200
        }
        #expect(recovered, "no answer within 30 s of the link coming back")
        #expect(try await client.listContainers().count >= 0)
    }
}
