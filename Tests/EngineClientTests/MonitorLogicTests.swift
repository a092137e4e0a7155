import EngineAPI
import EngineClient
import EngineWatchers
import Foundation
import Testing

/// The monitor's request pattern, checked exactly against a scripted fake engine.
@Suite("ContainerMonitor request pattern")
struct MonitorLogicTests {
    /// A scripted engine: one container, an event stream the test feeds, and a record of list requests.
    final class ScriptedEngine: Sendable {
        let requests: Locked<[String]>
        /// Status texts for successive ID-filtered fetches; the last one repeats.
        let statusTexts: Locked<[String]>
        let containerExists: Locked<Bool>
        /// Event lines waiting to be sent on the open `/events` stream.
        let pendingEvents: Locked<[String]>
        let server: FakeEngine

        static let id = String(repeating: "a", count: 64)

        init() throws {
            let requests = Locked<[String]>([])
            let statusTexts = Locked(["Up 1 second"])
            let containerExists = Locked(true)
            let pendingEvents = Locked<[String]>([])
            self.requests = requests
            self.statusTexts = statusTexts
            self.containerExists = containerExists
            self.pendingEvents = pendingEvents
            server = try FakeEngine("scripted") { fd, request in
                let target = String(request.split(separator: " ")[1])
                requests.withLock { $0.append(target) }
                if target == "/_ping" {
                    RawSocket.send(
                        fd,
                        "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nDate: Mon, 23 Nov 2026 04:12:27 GMT\r\n"
                            + "Content-Length: 2\r\n\r\nOK")
                } else if target.hasPrefix("/v1.41/version") {
                    Self.json(
                        fd, #"{"Version":"99.0","ApiVersion":"1.41","Os":"linux","Components":[{"Name":"Engine"}]}"#)
                } else if target.hasPrefix("/v1.41/containers/json") {
                    let status = statusTexts.withLock { texts in
                        target.contains("filters") && texts.count > 1 ? texts.removeFirst() : texts[0]
                    }
                    let row =
                        #"{"Id":"\#(Self.id)","Names":["/one"],"Created":1,"State":"running","Status":"\#(status)"}"#
                    Self.json(fd, containerExists.value ? "[\(row)]" : "[]")
                } else if target.hasPrefix("/v1.41/events") {
                    RawSocket.send(
                        fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    while true {
                        let lines = pendingEvents.withLock { pending in
                            defer { pending.removeAll() }
                            return pending
                        }
                        if !lines.isEmpty {
                            // The whole burst in one chunk, as an engine under load sends it.
                            let chunk = lines.map { $0 + "\n" }.joined()
                            guard RawSocket.send(fd, String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n")
                            else { return }
                        }
                        if RawSocket.waitForPeerClose(fd, timeout: .milliseconds(5)) { return }
                    }
                } else {
                    RawSocket.send(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                }
            }
        }

        static func json(_ fd: Int32, _ body: String) {
            RawSocket.send(
                fd,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            )
        }

        static func event(_ action: String, id: String = ScriptedEngine.id) -> String {
            #"{"Type":"container","Action":"\#(action)","Actor":{"ID":"\#(id)","Attributes":{}},"time":1}"#
        }

        var filteredLists: Int {
            requests.value.filter { $0.contains("/containers/json") && $0.contains("filters") }.count
        }
        var fullLists: Int {
            requests.value.filter { $0.contains("/containers/json") && !$0.contains("filters") }.count
        }
    }

    @Test func burstCostsOneFetchNoiseNoneDestroyNone() async throws {
        let engine = try ScriptedEngine()
        defer { engine.server.stop() }
        let monitor = ContainerMonitor(host: .unixSocket(path: engine.server.path))
        let (updates, drain) = Recorder<MonitorUpdate>.draining(monitor.updates)
        let runner = Task { await monitor.run() }
        defer {
            runner.cancel()
            drain.cancel()
        }
        func lists() async -> [[ContainerSummary]] {
            await updates.items.compactMap {
                if case .containers(let rows) = $0 { return rows }
                return nil
            }
        }

        #expect(await eventually(within: .seconds(2)) { await lists().count == 1 })
        guard case .connected(_, let info) = await updates.items.first else {
            Issue.record("first update is not .connected")
            return
        }
        #expect(info.displayName == "Docker Engine 99.0")
        #expect(engine.fullLists == 1)
        // The event stream was opened with `since` one second before the ping's Date header.
        #expect(engine.requests.value.contains { $0.hasPrefix("/v1.41/events?since=1795407146&") })

        // Noise only: no fetch at all.
        engine.pendingEvents.withLock {
            $0 = ["exec_create: true", "exec_start: true", "exec_die", "attach", "resize"].map {
                ScriptedEngine.event($0)
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(engine.filteredLists == 0)

        // A burst of lifecycle events for one container: one filtered fetch. Like Docker under load, the engine
        // answers it with the old row; the settle recheck half a second later gets the new one.
        engine.statusTexts.withLock { $0 = ["Up 1 second", "Up 2 seconds (Paused)"] }
        engine.pendingEvents.withLock {
            $0 = ["pause", "unpause", "pause", "health_status: healthy", "exec_die"].map { ScriptedEngine.event($0) }
        }
        #expect(await eventually(within: .seconds(2)) { engine.filteredLists == 1 })
        #expect(await lists().count == 1)  // the stale answer changed nothing
        let burst = ContinuousClock.now
        #expect(await eventually(within: .seconds(2)) { await lists().last?.first?.status == "Up 2 seconds (Paused)" })
        #expect(ContinuousClock.now - burst >= .milliseconds(300))
        #expect(engine.filteredLists == 2)
        #expect(await lists().count == 2)
        // The recheck does not schedule another one.
        try await Task.sleep(for: .milliseconds(700))
        #expect(engine.filteredLists == 2)

        // destroy drops the row without asking the engine.
        engine.containerExists.withLock { $0 = false }
        engine.pendingEvents.withLock { $0 = [ScriptedEngine.event("destroy")] }
        #expect(await eventually(within: .seconds(2)) { await lists().last?.isEmpty == true })
        #expect(engine.filteredLists == 2)
        #expect(engine.fullLists == 1)
        try await Task.sleep(for: .milliseconds(100))
        #expect(engine.filteredLists == 2)

        // reconcileNow asks for one full list.
        await monitor.reconcileNow()
        #expect(await eventually(within: .seconds(2)) { engine.fullLists == 2 })
    }

    @Test func neverReachableEngineBacksOff() async throws {
        let path = RawSocket.temporaryPath("absent")
        let monitor = ContainerMonitor(host: .unixSocket(path: path))
        let (updates, drain) = Recorder<MonitorUpdate>.draining(monitor.updates)
        let runner = Task { await monitor.run() }
        defer {
            runner.cancel()
            drain.cancel()
        }
        #expect(await updates.wait(within: .seconds(3)) { $0.count >= 2 })
        let items = await updates.items
        guard case .disconnected(let reason, let retry) = items[0], case .disconnected(_, let retry2) = items[1] else {
            Issue.record("expected two .disconnected, got \(items)")
            return
        }
        #expect(reason == EngineError.socketMissing(path: path).description)
        #expect(retry == .milliseconds(500))
        #expect(retry2 == .seconds(1))
    }
}
