import EngineAPI
import EngineClient
import EngineWatchers
import Foundation
import Synchronization
import Testing

/// The container monitor against the real engine, including the engine vanishing and coming back.
@Suite("Real engine: ContainerMonitor", .enabled(if: TestEngine.shouldRun))
struct MonitorIntegrationTests {
    /// Everything the monitor published, in order.
    actor Log {
        var updates: [MonitorUpdate] = []
        func add(_ update: MonitorUpdate) { updates.append(update) }

        var latestRows: [ContainerSummary]? {
            for update in updates.reversed() {
                if case .containers(let rows) = update { return rows }
            }
            return nil
        }

        var connectedCount: Int {
            updates.filter {
                if case .connected = $0 { return true }
                return false
            }.count
        }

        var disconnects: [(String, Duration)] {
            updates.compactMap {
                if case .disconnected(let reason, let retry) = $0 { return (reason, retry) }
                return nil
            }
        }

        func row(_ id: String) -> ContainerSummary? { latestRows?.first(where: { $0.id == id }) }

        /// How many list updates after the first `skip` changed the row of `id`, starting from `baseline` (other
        /// tests' containers change the list too, so counting updates alone would not do).
        func changes(of id: String, after skip: Int, from baseline: ContainerSummary?) -> Int {
            var previous = baseline
            var count = 0
            for update in updates.dropFirst(skip) {
                guard case .containers(let rows) = update else { continue }
                let row = rows.first(where: { $0.id == id })
                if row != previous { count += 1 }
                previous = row
            }
            return count
        }
    }

    /// Runs a monitor on `host` for the duration of `body`; `transport` replaces the engine's socket.
    func withMonitor<T>(
        host: EngineHost, reconcile: Duration = .seconds(30), transport: (any EngineTransport)? = nil,
        _ body: (ContainerMonitor, Log) async throws -> T
    ) async throws -> T {
        let monitor = ContainerMonitor(
            host: host, reconcileInterval: reconcile, transport: transport, clock: ContinuousClock())
        let log = Log()
        let runner = Task { await monitor.run() }
        let reader = Task {
            for await update in monitor.updates { await log.add(update) }
        }
        defer {
            runner.cancel()
            reader.cancel()
        }
        return try await body(monitor, log)
    }

    @Test func firstListArrivesFastThenFollowsCreateChangeAndRemoval() async throws {
        let host = try TestEngine.host()
        let client = try await TestEngine.client()
        let start = ContinuousClock.now
        try await withMonitor(host: host) { _, log in
            #expect(await eventually(within: .seconds(15)) { await log.latestRows != nil })
            let firstRows = ContinuousClock.now - start
            // About 20 ms on an idle engine; the bound is loose because the other tests load the same engine (and
            // both cores) in parallel, which has pushed this past 500 ms.
            #expect(firstRows < .seconds(2), "first rows after \(firstRows)")
            guard case .connected(let monitorClient, let info) = await log.updates.first else {
                Issue.record("the first update is not .connected: \(await log.updates)")
                return
            }
            #expect(monitorClient.apiVersion == client.apiVersion)
            #expect(!info.version.isEmpty)

            let name = TestEngine.uniqueName("monitor")
            try await TestEngine.withContainer(client, name: name) { id in
                #expect(await eventually(within: .seconds(15)) { await log.row(id)?.lifecycle == .created })
                #expect(await log.row(id)?.displayName == name)
                try await client.start(id)
                #expect(await eventually(within: .seconds(15)) { await log.row(id)?.lifecycle == .running })
                try await client.pause(id)
                #expect(
                    await eventually(within: .seconds(15)) { await log.row(id)?.status?.hasSuffix("(Paused)") == true })
                try await client.remove(id, force: true, volumes: true)
                #expect(
                    await eventually(within: .seconds(15)) {
                        await log.latestRows?.contains(where: { $0.id == id }) == false
                    })
            }
            #expect(await log.connectedCount == 1)
            let disconnects = await log.disconnects
            #expect(disconnects.isEmpty, "\(disconnects)")
        }
    }

    /// Events of a container with 10,000 labels of 1 KB are each over 10 MB, past the event stream's line limit.
    /// The monitor cannot read them, so it fetches the whole list instead, and keeps its event stream: the row comes
    /// and goes with no disconnect, although the periodic full list is a minute away.
    @Test func eventsTooLongToReadBringAFullListNotADisconnect() async throws {
        let host = try TestEngine.host()
        let client = try await TestEngine.client()
        try await withMonitor(host: host, reconcile: .seconds(60)) { _, log in
            #expect(await eventually(within: .seconds(15)) { await log.latestRows != nil })
            let created = try await client.decode(
                ContainerCreateResponse.self,
                Endpoints.createContainer(
                    name: TestEngine.uniqueName("big-events"), image: TestEngine.image, cmd: ["sleep", "100000"],
                    labels: HostileEngineIntegrationTests.bigLabels.merging(["berth.test": "1"]) { $1 }))
            let id = created.id
            do {
                #expect(await eventually(within: .seconds(20)) { await log.row(id) != nil })
                try await client.remove(id, force: true, volumes: true)
            } catch {
                try? await client.remove(id, force: true, volumes: true)
                throw error
            }
            #expect(
                await eventually(within: .seconds(20)) {
                    await log.latestRows?.contains(where: { $0.id == id }) == false
                })
            let disconnects = await log.disconnects
            #expect(disconnects.isEmpty, "\(disconnects)")
            #expect(await log.connectedCount == 1)
        }
    }

    /// A container that keeps exiting with code 3 under its restart policy: the monitor inspects it after each
    /// death, so its row carries the restart count and the last exit code.
    @Test func aDyingContainerCarriesItsRestartCountAndExitCode() async throws {
        let host = try TestEngine.host()
        let client = try await TestEngine.client()
        try await withMonitor(host: host) { _, log in
            #expect(await eventually(within: .seconds(15)) { await log.latestRows != nil })
            let created = try await client.decode(
                ContainerCreateResponse.self,
                Endpoints.createContainer(
                    name: TestEngine.uniqueName("dying"), image: TestEngine.image, cmd: ["sh", "-c", "exit 3"],
                    labels: ["berth.test": "1"], restartPolicy: .init(name: "on-failure", maximumRetryCount: 2)))
            defer { Task { try? await client.remove(created.id, force: true, volumes: true) } }
            try await client.start(created.id)
            // Two restarts, then the engine gives up and the container stays exited with code 3. The inspect after
            // the second restart can find it running (exit code 0, restart count 2) just before the list shows the
            // last exit; the one after the last death comes a moment later.
            #expect(
                await eventually(within: .seconds(30)) {
                    let row = await log.row(created.id)
                    return row?.lastExit?.restartCount == 2 && row?.lastExit?.exitCode == 3
                        && ContainerStatusText.exitCode(row?.status) == 3
                })
            let exit = await log.row(created.id)?.lastExit
            #expect(exit?.exitCode == 3)
            #expect(exit?.oomKilled == false)
        }
    }

    @Test func burstsAreCoalescedAndNoiseIgnored() async throws {
        let host = try TestEngine.host()
        let client = try await TestEngine.client()
        try await withMonitor(host: host) { _, log in
            #expect(await eventually(within: .seconds(15)) { await log.latestRows != nil })
            try await TestEngine.withContainer(client, name: TestEngine.uniqueName("burst")) { id in
                #expect(await eventually(within: .seconds(15)) { await log.row(id) != nil })
                try await client.start(id)
                #expect(await eventually(within: .seconds(15)) { await log.row(id)?.lifecycle == .running })
                let before = await log.updates.count
                let baseline = await log.row(id)
                // Exec events are noise (the exact request count is checked against a misbehaving peer).
                for _ in 0..<3 {
                    let exec = try await client.decode(
                        ExecCreated.self,
                        EngineRequest(.post, "/containers/\(id)/exec", jsonBody: Array(#"{"Cmd":["true"]}"#.utf8)))
                    _ = try await client.send(
                        EngineRequest(.post, "/exec/\(exec.id)/start", jsonBody: Array(#"{"Detach":true}"#.utf8)))
                }
                // A burst of events on one container. (Not pause/unpause/pause: the engine records those states
                // asynchronously, so an immediate second pause can be refused as "already paused".)
                for _ in 0..<3 { try await client.kill(id, signal: .hup) }  // PID 1 ignores SIGHUP
                try await client.pause(id)
                #expect(await eventually(within: .seconds(15)) { await log.row(id)?.lifecycle == .paused })
                // Four events in quick succession end in the right state with few updates; exec noise adds none.
                let changes = await log.changes(of: id, after: before, from: baseline)
                #expect(changes <= 3, "\(changes) updates for one burst")
            }
        }
    }

    @Test func reconnectsWhenTheEngineVanishesAndReturns() async throws {
        let upstream = try TestEngine.socketPath()
        let path = RawSocket.temporaryPath("proxy")
        var proxy = try SocketProxy(path: path, upstream: upstream)
        defer { proxy.stop() }
        try await withMonitor(host: .unixSocket(path: path)) { monitor, log in
            #expect(await eventually(within: .seconds(15)) { await log.latestRows != nil })

            // The daemon "dies": every connection drops and the socket disappears.
            proxy.stop()
            #expect(await eventually(within: .seconds(15)) { await log.disconnects.count >= 2 })
            let disconnects = await log.disconnects
            #expect(disconnects.map(\.1).prefix(2) == [.milliseconds(500), .seconds(1)])
            #expect(disconnects.last?.0 == EngineError.socketMissing(path: path).description)

            // It comes back: the monitor reconnects and publishes a fresh list.
            proxy = try SocketProxy(path: path, upstream: upstream)
            #expect(await eventually(within: .seconds(6)) { await log.connectedCount == 2 })
            #expect(
                await eventually(within: .seconds(15)) {
                    guard case .containers = await log.updates.last else { return false }
                    return true
                })
            // And it keeps following events on the new connection.
            let client = try await TestEngine.client()
            try await TestEngine.withContainer(client, name: TestEngine.uniqueName("reconnect")) { id in
                #expect(await eventually(within: .seconds(15)) { await log.row(id) != nil })
            }
            await monitor.reconcileNow()
        }
    }

    /// Runs a monitor on `host` whose event stream says nothing and whose periodic list is an hour away, once its
    /// first list is in.
    func withSilentMonitor(
        host: EngineHost, _ body: (ContainerMonitor, Log, SilentEventsTransport) async throws -> Void
    ) async throws {
        let transport = SilentEventsTransport(host: host)
        try await withMonitor(host: host, reconcile: .seconds(3600), transport: transport) { monitor, log in
            #expect(await eventually(within: .seconds(15)) { await log.latestRows != nil })
            try await body(monitor, log, transport)
        }
    }

    /// With the event stream silenced, only a reconcile can show a container that came or went.
    @Test func reconcileNowRefreshesTheList() async throws {
        let host = try TestEngine.host()
        let client = try await TestEngine.client()
        try await withSilentMonitor(host: host) { monitor, log, _ in
            try await TestEngine.withContainer(client, name: TestEngine.uniqueName("reconcile")) { id in
                #expect(await log.row(id) == nil, "no event told the monitor")
                await monitor.reconcileNow()
                #expect(await eventually(within: .seconds(15)) { await log.row(id) != nil })
                try await client.remove(id, force: true, volumes: true)
                #expect(await log.row(id) != nil, "no event told the monitor")
                await monitor.reconcileNow()
                #expect(
                    await eventually(within: .seconds(15)) {
                        await log.latestRows?.contains(where: { $0.id == id }) == false
                    })
            }
            #expect(await log.connectedCount == 1)
            #expect(await log.disconnects.isEmpty)
        }
    }

    /// A row asked for with `refetch` comes again in a request for that row alone, without an event and without a
    /// full list: a running container's STATUS moves on from the words it had when it was first fetched.
    @Test func refetchAsksForThoseRowsAlone() async throws {
        let host = try TestEngine.host()
        let client = try await TestEngine.client()
        try await withSilentMonitor(host: host) { monitor, log, transport in
            try await TestEngine.withContainer(client, name: TestEngine.uniqueName("refetch")) { id in
                try await client.start(id)
                await monitor.reconcileNow()
                #expect(await eventually(within: .seconds(15)) { await log.row(id)?.lifecycle == .running })
                let before = await log.row(id)?.status
                let fullLists = transport.containerLists.filter { !$0.contains("filters") }.count
                // The engine words STATUS in whole seconds.
                try await Task.sleep(for: .seconds(2.2))
                await monitor.refetch([id])
                #expect(await eventually(within: .seconds(15)) { await log.row(id)?.status != before })
                #expect(transport.containerLists.filter { !$0.contains("filters") }.count == fullLists)
                #expect(transport.containerLists.last?.contains(id) == true, "\(transport.containerLists)")
            }
        }
    }

    /// Podman works out every container's state to answer any list, so rows asked for again within
    /// `costlyRefetchSpacing` are not fetched again.
    @Test(.enabled(if: TestPodman.shouldRun)) func podmanIsAskedForRowsEveryFewSecondsAtMost() async throws {
        let client = try await TestPodman.client()
        let host = try EngineHost.resolve(flag: TestPodman.hostSetting ?? "", environment: [:])
        try await withSilentMonitor(host: host) { monitor, log, transport in
            try await TestEngine.withContainer(client, name: TestEngine.uniqueName("pm-refetch")) { id in
                await monitor.reconcileNow()
                #expect(await eventually(within: .seconds(15)) { await log.row(id) != nil })
                func filtered() -> Int { transport.containerLists.filter { $0.contains("filters") }.count }
                let before = filtered()
                await monitor.refetch([id])
                #expect(await eventually(within: .seconds(10)) { filtered() == before + 1 })
                await monitor.refetch([id])
                // Nothing to poll for: the ask must not reach Podman at all.
                try await Task.sleep(for: .seconds(1))
                #expect(filtered() == before + 1, "\(transport.containerLists)")
            }
        }
    }

    /// The real engine, except that its event stream says nothing until it is closed. Keeps the queries of the
    /// container lists asked for.
    struct SilentEventsTransport: EngineTransport {
        let host: EngineHost
        /// A class, so that copies of the transport share it.
        private final class Queries: Sendable {
            let all = Mutex<[String]>([])
        }
        private let lists = Queries()

        init(host: EngineHost) {
            self.host = host
        }

        /// The query of each `/containers/json` request, in order.
        var containerLists: [String] { lists.all.withLock { $0 } }

        func perform(_ request: EngineRequest, version: APIVersion, timeout: Duration) async throws -> EngineResponse {
            if request.path == "/containers/json" {
                lists.all.withLock { $0.append(request.query.map { "\($0.0)=\($0.1)" }.joined(separator: "&")) }
            }
            return try await EngineClient(host: host, apiVersion: version).send(request, timeout: timeout)
        }

        func readBody(
            _ request: EngineRequest, version: APIVersion, readAhead: Int, _ body: ([UInt8]) async throws -> Void
        ) async throws {
            guard request.path != "/events" else {
                // Ends only when the monitor closes the stream (cancels this task).
                _ = await Mailbox<Void>().next()
                throw CancellationError()
            }
            try await EngineClient(host: host, apiVersion: version).readBody(request, readAhead: readAhead, body)
        }
    }

    @Test func cancellingRunEndsTheUpdates() async throws {
        let monitor = ContainerMonitor(host: try TestEngine.host())
        let runner = Task { await monitor.run() }
        let (updates, drain) = Recorder<MonitorUpdate>.draining(monitor.updates)
        defer { drain.cancel() }
        #expect(await updates.wait(within: .seconds(15)) { $0.count >= 2 })
        runner.cancel()
        #expect(await eventually(within: .seconds(15)) { await updates.finished })
    }

    struct ExecCreated: Decodable, Sendable {
        let id: String
        enum CodingKeys: String, CodingKey { case id = "Id" }
    }
}
