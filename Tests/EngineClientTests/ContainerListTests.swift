import EngineAPI
import EngineClient
import Foundation
import Testing

@testable import EngineWatchers

@Suite("ContainerList merging")
struct ContainerListTests {
    func row(
        _ id: String, created: Int64, state: String = "running", status: String = "Up 1 second"
    )
        -> ContainerSummary
    {
        ContainerSummary(id: id, names: ["/\(id)"], created: created, state: state, status: status)
    }

    @Test func replaceAllOrdersNewestFirstAndReportsChange() {
        var list = ContainerList()
        var changed = list.replaceAll([row("a", created: 1), row("c", created: 3), row("b", created: 3)])
        #expect(changed)
        #expect(list.rows.map(\.id) == ["b", "c", "a"])
        changed = list.replaceAll([row("a", created: 1), row("b", created: 3), row("c", created: 3)])
        #expect(!changed)
        changed = list.replaceAll([row("a", created: 1)])
        #expect(changed)
        #expect(list.rows.map(\.id) == ["a"])
        changed = list.replaceAll([])
        #expect(changed)
        changed = list.replaceAll([])
        #expect(!changed)
    }

    @Test func duplicateRowsFromTheEngineAreKeptOnce() {
        var list = ContainerList()
        list.replaceAll([row("a", created: 1), row("a", created: 1, status: "later")])
        #expect(list.rows.count == 1)
    }

    @Test func applyUpsertsFetchedRows() {
        var list = ContainerList(rows: [row("a", created: 1), row("b", created: 2)])
        // A new container.
        var changed = list.apply(fetched: [row("c", created: 3)], requested: ["c"])
        #expect(changed)
        #expect(list.rows.map(\.id) == ["c", "b", "a"])
        // A changed one keeps its place.
        changed = list.apply(fetched: [row("a", created: 1, state: "exited", status: "Exited (0)")], requested: ["a"])
        #expect(changed)
        #expect(list.rows.last?.status == "Exited (0)")
        // An unchanged fetch is not a change.
        changed = list.apply(fetched: [row("b", created: 2)], requested: ["b"])
        #expect(!changed)
    }

    @Test func requestedButNotReturnedMeansGone() {
        var list = ContainerList(rows: [row("a", created: 1), row("b", created: 2)])
        var changed = list.apply(fetched: [row("a", created: 1, status: "Up 2 seconds")], requested: ["a", "b"])
        #expect(changed)
        #expect(list.rows.map(\.id) == ["a"])
        // Unrequested rows are never dropped.
        changed = list.apply(fetched: [], requested: ["zzz"])
        #expect(!changed)
        #expect(list.rows.map(\.id) == ["a"])
    }

    @Test func aFetchedRowWhoseCreationTimeMovedIsSortedAgain() {
        var list = ContainerList(rows: [row("a", created: 1), row("b", created: 2), row("c", created: 3)])
        let changed = list.apply(fetched: [row("a", created: 5)], requested: ["a"])
        #expect(changed)
        #expect(list.rows.map(\.id) == ["a", "c", "b"])
    }

    /// Whatever the answer (rows changed, gone, new, moved), `apply` leaves the rows a full list of the same
    /// containers would give: 2,000 seeded rounds, each checked against `replaceAll` of what the engine now holds.
    @Test func applyAgreesWithAFullListOfTheSameContainers() {
        // A linear congruential sequence: the same numbers on every run.
        var state: UInt64 = 16
        func next(upTo bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var engine: [String: ContainerSummary] = [:]
        for index in 0..<40 {
            engine["c\(index)"] = row("c\(index)", created: Int64(next(upTo: 10)))
        }
        var list = ContainerList(rows: Array(engine.values))
        for round in 0..<2000 {
            var requested = Set<String>()
            for _ in 0..<(1 + next(upTo: 6)) {
                let id = "c\(next(upTo: 50))"
                requested.insert(id)
                switch next(upTo: 10) {
                case 0: engine[id] = nil
                case 1: engine[id] = row(id, created: Int64(next(upTo: 10)))
                default:
                    if engine[id] != nil { engine[id]?.status = "Up \(round) seconds" }
                }
            }
            let fetched = requested.compactMap { engine[$0] }
            let before = list.rows
            let changed = list.apply(fetched: fetched, requested: requested)
            var full = ContainerList()
            full.replaceAll(Array(engine.values))
            guard list.rows == full.rows, changed == (before != list.rows) else {
                Issue.record(
                    "round \(round): \(list.rows.map(\.id)) against \(full.rows.map(\.id)), changed \(changed)")
                return
            }
        }
    }

    @Test func remove() {
        var list = ContainerList(rows: [row("a", created: 1), row("b", created: 2)])
        var changed = list.remove(id: "a")
        #expect(changed)
        changed = list.remove(id: "a")
        #expect(!changed)
        #expect(list.rows.map(\.id) == ["b"])
    }

    @Test(arguments: [
        ("create", EventEffect.refetch), ("start", .refetch), ("die", .refetch), ("stop", .refetch),
        ("kill", .refetch), ("pause", .refetch), ("unpause", .refetch), ("rename", .refetch),
        ("health_status", .refetch), ("restart", .refetch), ("oom", .refetch), ("update", .refetch),
        ("destroy", .remove), ("remove", .remove),
        ("exec_create", .ignore), ("exec_start", .ignore), ("exec_die", .ignore), ("attach", .ignore),
        ("detach", .ignore), ("resize", .ignore), ("top", .ignore), ("archive-path", .ignore), ("commit", .ignore),
        ("", .ignore),
    ])
    func verbEffects(verb: String, effect: EventEffect) {
        #expect(EventEffect(verb: verb) == effect)
    }

    @Test func podmanDiedRefetchesThroughEngineEventVerb() {
        #expect(EventEffect(verb: EngineEvent(status: "died").verb) == .refetch)
        #expect(EventEffect(verb: EngineEvent(action: "health_status: healthy").verb) == .refetch)
        #expect(EventEffect(verb: EngineEvent(action: "exec_start: sh").verb) == .ignore)
    }

    @Test func backoff() {
        let delays = (0..<7).map { ReconnectBackoff.delay(afterFailures: $0) }
        #expect(
            delays == [
                .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5), .seconds(5),
            ])
    }
}

@Suite("The monitor's update mailbox")
struct UpdateMailboxTests {
    func names(_ update: MonitorUpdate?) -> String {
        switch update {
        case .connected: return "connected"
        case .containers(let rows): return "containers:\(rows.map(\.id).joined(separator: ","))"
        case .runningContainers(let rows): return "running:\(rows.map(\.id).joined(separator: ","))"
        case .disconnected(_, let retry): return "disconnected:\(retry)"
        case nil: return "end"
        }
    }

    let client = EngineClient(host: .unixSocket(path: "/x"), apiVersion: .oldestSupported)
    let info = EngineInfo(apiVersion: .oldestSupported, product: "Docker Engine", version: "1")

    @Test func laggingConsumerGetsNewestListButEveryConnected() async {
        let mailbox = ContainerMonitor.updateMailbox()
        mailbox.post(.connected(client, info))
        mailbox.post(.containers([ContainerSummary(id: "1")]))
        mailbox.post(.containers([ContainerSummary(id: "2")]))
        mailbox.post(.disconnected(reason: "gone", retryIn: .milliseconds(500)))
        mailbox.post(.disconnected(reason: "gone", retryIn: .seconds(1)))
        mailbox.post(.connected(client, info))
        mailbox.post(.containers([ContainerSummary(id: "3")]))
        mailbox.finish()
        mailbox.post(.containers([ContainerSummary(id: "after-finish")]))
        var seen: [String] = []
        while true {
            let update = await mailbox.next()
            seen.append(names(update))
            if update == nil { break }
        }
        #expect(
            seen == [
                "connected", "containers:2", "disconnected:1.0 seconds", "connected", "containers:3", "end",
            ])
    }

    @Test func waitingConsumerIsWokenAndCancellationEnds() async {
        let mailbox = ContainerMonitor.updateMailbox()
        let consumer = Task { await mailbox.next() }
        #expect(await eventually(within: .seconds(10)) { mailbox.hasWaitingConsumer })
        mailbox.post(.containers([ContainerSummary(id: "x")]))
        #expect(names(await consumer.value) == "containers:x")

        let cancelled = Task { await mailbox.next() }
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        // Cancellation means the consumer is gone for good.
        mailbox.post(.containers([]))
        #expect(await mailbox.next() == nil)
    }
}
