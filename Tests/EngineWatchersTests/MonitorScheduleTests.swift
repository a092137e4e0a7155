import EngineAPI
import EngineClient
import Synchronization
import Testing

@testable import EngineWatchers

/// The container monitor's timing, on a scripted engine and a test clock: coalescing, settling, reconciling, backing
/// off. Every step waits for the monitor to be idle on the clock before the clock moves, so no real time matters.
@Suite("ContainerMonitor schedule (scripted engine, test clock)")
struct MonitorScheduleTests {
    /// Everything the monitor published, in order.
    actor Updates {
        var items: [MonitorUpdate] = []
        func add(_ update: MonitorUpdate) { items.append(update) }

        var lists: [[ContainerSummary]] {
            items.compactMap {
                if case .containers(let rows) = $0 { return rows }
                return nil
            }
        }

        var connectedCount: Int {
            items.filter {
                if case .connected = $0 { return true }
                return false
            }.count
        }

        var retries: [Duration] {
            items.compactMap {
                if case .disconnected(_, let retry) = $0 { return retry }
                return nil
            }
        }
    }

    struct Harness {
        let engine: ScriptedEngine
        let clock: TestClock
        let transport: ScriptedTransport
        let monitor: ContainerMonitor
        let updates: Updates

        /// The requests for the list the monitor keeps: every container, or those an event named.
        var listRequests: [EngineRequest] {
            transport.requests(to: "/containers/json").filter { !$0.query.contains { $0 == ("all", "0") } }
        }
    }

    /// Runs a monitor on a scripted engine for the duration of `body`; `drain: false` leaves its updates unread, and
    /// `down` starts with the engine gone.
    func withMonitor(
        drain: Bool = true, down: EngineError? = nil, engine: ScriptedEngine? = nil,
        _ body: (Harness) async throws -> Void
    ) async throws {
        let engine = try engine ?? ScriptedEngine()
        if let down { engine.goDown(down) }
        let clock = TestClock()
        let transport = engine.transport(clock: clock)
        let monitor = ContainerMonitor(
            host: .unixSocket(path: "/scripted/docker.sock"), reconcileInterval: .seconds(30), transport: transport,
            clock: clock)
        let updates = Updates()
        let runner = Task { await monitor.run() }
        let reader = Task {
            guard drain else { return }
            for await update in monitor.updates { await updates.add(update) }
        }
        defer {
            runner.cancel()
            reader.cancel()
        }
        try await body(Harness(engine: engine, clock: clock, transport: transport, monitor: monitor, updates: updates))
    }

    /// Connected, first list published, and idle: only the reconcile timer sleeps.
    func settledAfterConnecting(_ h: Harness) async -> Bool {
        guard await eventually({ await h.updates.lists.count == 1 && h.engine.events != nil }) else { return false }
        return await h.clock.waitForSleepers([.seconds(30)])
    }

    @Test func dockersRunningContainersAreShownWhileItsWholeListIsSlow() async throws {
        try await withMonitor(engine: try ScriptedEngine(holdsWholeList: true)) { h in
            #expect(
                await eventually {
                    await h.updates.items.contains { if case .runningContainers = $0 { true } else { false } }
                })
            let names = await h.updates.items.compactMap { update -> [String]? in
                if case .runningContainers(let rows) = update { return rows.map(\.displayName).sorted() }
                return nil
            }
            #expect(names == [["api-1", "cache-1", "db-1", "idle-paused", "queue-1", "web-1", "worker-1"]])
            #expect(await h.updates.lists.isEmpty, "the whole list is still held")
            h.transport.releaseOldest()
            #expect(await eventually { await h.updates.lists.count == 1 })
            #expect(await h.updates.lists.first?.count == 12)
            let order = await h.updates.items.map { update in
                switch update {
                case .connected: "connected"
                case .runningContainers: "running"
                case .containers: "containers"
                case .disconnected: "disconnected"
                }
            }
            #expect(order == ["connected", "running", "containers"])
        }
    }

    /// The hook before the first list (where Podman waits for its turn) holds the list back, once.
    @Test func theFirstListWaitsForTheHookBeforeIt() async throws {
        let engine = try ScriptedEngine(ping: "podman43-ping-headers.txt")
        let clock = TestClock()
        let transport = engine.transport(clock: clock)
        let gate = Mailbox<Void>()
        let pings = Mutex<[String?]>([])
        let monitor = ContainerMonitor(
            host: .unixSocket(path: "/scripted/podman.sock"), reconcileInterval: .seconds(30), transport: transport,
            clock: clock,
            beforeFirstList: { ping in
                pings.withLock { $0.append(ping.server) }
                _ = await gate.next()
            })
        let runner = Task { await monitor.run() }
        defer { runner.cancel() }
        #expect(await eventually { pings.withLock { $0.count } == 1 })
        #expect(pings.withLock { $0 } == ["Libpod/4.3.1 (linux)"])
        #expect(transport.requests(to: "/containers/json").isEmpty, "no list before the hook returns")
        gate.post(())
        #expect(await eventually { transport.requests(to: "/containers/json").count == 1 })
        // A reconnect does not wait again: the event stream breaks, the backoff passes, the list is asked for.
        #expect(await clock.waitForSleepers([.seconds(30)]))
        engine.goDown(.unreachable("connection lost: reset"))
        #expect(await clock.waitForSleepers([.milliseconds(500)]))
        engine.comeBack()
        clock.advance(to: .milliseconds(500))
        #expect(await eventually { transport.requests(to: "/containers/json").count == 2 })
        #expect(pings.withLock { $0.count } == 1)
    }

    /// The safety-net list comes less often for a long list: every 30 s up to 250 containers, every 2 min at 1,000.
    @Test func aLongListIsReconciledLessOften() {
        let base = Duration.seconds(30)
        #expect(ContainerMonitor.reconcileInterval(base, rows: 0) == .seconds(30))
        #expect(ContainerMonitor.reconcileInterval(base, rows: 250) == .seconds(30))
        #expect(ContainerMonitor.reconcileInterval(base, rows: 251) == .seconds(60))
        #expect(ContainerMonitor.reconcileInterval(base, rows: 1_000) == .seconds(120))
        #expect(ContainerMonitor.reconcileInterval(base, rows: 1_100) == .seconds(150))
    }

    @Test func podmanIsAskedForItsWholeListOnly() async throws {
        try await withMonitor(engine: try ScriptedEngine(ping: "podman43-ping-headers.txt")) { h in
            #expect(await settledAfterConnecting(h))
            let lists = h.transport.requests(to: "/containers/json")
            #expect(lists.count == 1)
            #expect(lists.allSatisfy { $0.query.contains { $0 == ("all", "1") } })
            #expect(!(await h.updates.items.contains { if case .runningContainers = $0 { true } else { false } }))
        }
    }

    @Test func aBurstOnTwoContainersCostsOneNarrowedListAfterTheWindow() async throws {
        try await withMonitor { h in
            #expect(await settledAfterConnecting(h))
            #expect(h.listRequests.count == 1)
            #expect(Recording.filteredIDs(h.listRequests[0]) == nil, "the first list is the whole list")
            let web = h.engine.id(of: "web-1")
            let db = h.engine.id(of: "db-1")
            h.engine.edit(web, replacing: #""State":"running""#, with: #""State":"paused""#)
            let events = try #require(h.engine.events)
            events.send(
                lines: try Recording.events(["pause", "exec_die", "kill", "kill"], about: web)
                    + Recording.events(["die", "stop"], about: db))
            #expect(await eventually { await h.monitor.eventsNoted == 6 })

            // The first event opened the coalescing window; nothing is fetched while it is open.
            #expect(await h.clock.waitForSleepers([.seconds(30), .milliseconds(50)]))
            #expect(h.listRequests.count == 1)

            h.clock.advance(to: .milliseconds(50))
            // One request for both containers; then the settle timer waits to fetch them once more.
            #expect(await h.clock.waitForSleepers([.seconds(30), .milliseconds(550)]))
            #expect(h.listRequests.count == 2)
            #expect(h.listRequests.last.flatMap(Recording.filteredIDs) == [web, db].sorted())
            #expect(await eventually { await h.updates.lists.count == 2 })
            #expect(await h.updates.lists.last?.first(where: { $0.id == web })?.lifecycle == .paused)

            h.clock.advance(to: .milliseconds(550))
            #expect(await h.clock.waitForSleepers([.seconds(30), .milliseconds(600)]))
            h.clock.advance(to: .milliseconds(600))
            #expect(await eventually { h.listRequests.count == 3 })
            #expect(h.listRequests.last.flatMap(Recording.filteredIDs) == [web, db].sorted())

            // A removal costs no request at all. Its list is the next publication: the recheck, which changed
            // nothing, published nothing.
            events.send(lines: try Recording.events(["destroy"], about: db))
            #expect(await h.clock.waitForSleepers([.seconds(30), .milliseconds(650)]))
            h.clock.advance(to: .milliseconds(650))
            #expect(await eventually { await h.updates.lists.count == 3 })
            #expect(await h.updates.lists.last?.contains(where: { $0.id == db }) == false)
            #expect(h.listRequests.count == 3)
            #expect(await h.clock.waitForSleepers([.seconds(30)]))
            #expect(await h.updates.connectedCount == 1)
        }
    }

    @Test func noiseCostsNothing() async throws {
        try await withMonitor { h in
            #expect(await settledAfterConnecting(h))
            let web = h.engine.id(of: "web-1")
            let events = try #require(h.engine.events)
            events.send(lines: try Recording.events(["exec_die", "exec_die"], about: web))
            #expect(await eventually { await h.monitor.eventsNoted == 2 })
            // A real event afterwards is the first to open a window: the noise opened none.
            events.send(lines: try Recording.events(["rename"], about: web))
            #expect(await eventually { await h.monitor.eventsNoted == 3 })
            #expect(await h.clock.waitForSleepers([.seconds(30), .milliseconds(50)]))
            h.clock.advance(to: .milliseconds(50))
            #expect(await eventually { h.listRequests.count == 2 })
            #expect(h.listRequests.last.flatMap(Recording.filteredIDs) == [web])
        }
    }

    @Test func theWholeListIsFetchedEveryReconcileInterval() async throws {
        try await withMonitor { h in
            #expect(await settledAfterConnecting(h))
            let batch = h.engine.id(of: "batch-ok")
            // An engine that missed an event: only the reconcile can notice.
            h.engine.remove(batch)
            h.clock.advance(to: .seconds(30))
            #expect(await h.clock.waitForSleepers([.seconds(60)]))
            #expect(await eventually { h.listRequests.count == 2 })
            #expect(Recording.filteredIDs(h.listRequests[1]) == nil)
            #expect(await eventually { await h.updates.lists.count == 2 })
            #expect(await h.updates.lists.last?.contains(where: { $0.id == batch }) == false)
        }
    }

    /// While the list is off screen the periodic full list is skipped; back on screen, the skipped one is fetched
    /// at once.
    @Test func aSkippedReconcileIsFetchedWhenTheListIsBack() async throws {
        try await withMonitor { h in
            #expect(await settledAfterConnecting(h))
            await h.monitor.setPeriodicReconcile(false)
            h.clock.advance(to: .seconds(30))
            #expect(await h.clock.waitForSleepers([.seconds(60)]))
            h.clock.advance(to: .seconds(60))
            #expect(await h.clock.waitForSleepers([.seconds(90)]))
            #expect(h.listRequests.count == 1, "no periodic list while off screen")
            await h.monitor.setPeriodicReconcile(true)
            #expect(await eventually { h.listRequests.count == 2 })
            #expect(Recording.filteredIDs(h.listRequests[1]) == nil)
            h.clock.advance(to: .seconds(90))
            #expect(await eventually { h.listRequests.count == 3 })
        }
    }

    /// `reconcileNow` fetches the whole list at once (no coalescing wait) and publishes only a change.
    @Test func reconcileNowFetchesTheWholeListAtOnce() async throws {
        try await withMonitor { h in
            #expect(await settledAfterConnecting(h))
            await h.monitor.reconcileNow()
            #expect(await eventually { h.listRequests.count == 2 })
            #expect(Recording.filteredIDs(h.listRequests[1]) == nil)
            #expect(h.transport.records.last?.at == .zero, "no time passed")
            // The same list again: nothing new is published. A change then is.
            let web = h.engine.id(of: "web-1")
            h.engine.edit(web, replacing: "Up 2 minutes", with: "Up 3 minutes")
            await h.monitor.reconcileNow()
            #expect(await eventually { await h.updates.lists.count == 2 })
            #expect(await eventually { h.listRequests.count == 3 })
            #expect(await h.updates.lists.last?.first(where: { $0.id == web })?.status == "Up 3 minutes")
        }
    }

    /// A consumer that reads late gets the connect and the newest list only (not the running containers that came
    /// ahead of the first whole list, nor the lists since).
    @Test func aLateConsumerGetsTheConnectAndTheNewestList() async throws {
        try await withMonitor(drain: false) { h in
            // Connected, the running containers, the whole list.
            #expect(await eventually { await h.monitor.updatesPublished == 3 })
            let web = h.engine.id(of: "web-1")
            for minutes in [3, 4] {
                h.engine.edit(web, replacing: "Up \(minutes - 1) minutes", with: "Up \(minutes) minutes")
                await h.monitor.reconcileNow()
                #expect(await eventually { await h.monitor.updatesPublished == minutes + 1 })
            }
            var iterator = h.monitor.updates.makeAsyncIterator()
            guard case .connected = await iterator.next() else {
                Issue.record("the first update is not .connected")
                return
            }
            guard case .containers(let rows) = await iterator.next() else {
                Issue.record("the second update is not a list")
                return
            }
            #expect(rows.first(where: { $0.id == web })?.status == "Up 4 minutes")
        }
    }

    @Test func anEngineThatIsGoneIsRetriedWithBackoffThenFollowedAgain() async throws {
        let gone = EngineError.socketMissing(path: "/scripted/docker.sock")
        try await withMonitor(down: gone) { h in
            // 0.5 s, 1, 2, 4, then 5 s for good, each after the previous failure: no real time passes.
            var now = Duration.zero
            for delay in [0.5, 1, 2, 4, 5, 5] as [Double] {
                now += .milliseconds(Int(delay * 1000))
                #expect(await h.clock.waitForSleepers([now]))
                h.clock.advance(to: now)
            }
            #expect(await eventually { h.transport.requests(to: "/_ping").count == 7 })
            #expect(await h.clock.waitForSleepers([now + .seconds(5)]))
            #expect(await h.updates.retries.last == .seconds(5))

            h.engine.comeBack()
            now += .seconds(5)
            h.clock.advance(to: now)
            #expect(await eventually { await h.updates.connectedCount == 1 && h.engine.events != nil })
            #expect(await h.clock.waitForSleepers([now + .seconds(30)]))

            // The event stream breaks: a session that had connected starts the backoff over.
            h.engine.goDown(.unreachable("connection lost: reset"))
            #expect(await h.clock.waitForSleepers([now + .milliseconds(500)]))
            #expect(await eventually { await h.updates.retries.last == .milliseconds(500) })
        }
    }
}
