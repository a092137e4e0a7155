import EngineAPI
import Testing

@Suite("Events as a container's timeline")
struct TimelineTests {
    static func steps(_ fixture: String, host: HostID = .main) throws -> [TimelineEvent] {
        try Fixture.lines(fixture).compactMap { line in
            TimelineEvent(try JSONCoding.decode(EngineEvent.self, from: line), host: host)
        }
    }

    @Test func dockerEventsBecomeStepsWithExitCodesSignalsAndHealth() throws {
        let steps = try Self.steps("events-container.jsonl")
        // exec and rename are noise for "why did it die".
        #expect(!steps.contains { $0.verb.hasPrefix("exec") || $0.verb == "rename" })
        #expect(steps.first?.verb == "create")
        #expect(steps.first?.name == "fx-health")
        let deaths = steps.filter { $0.verb == "die" }
        #expect(deaths.count == 2)
        #expect(deaths.allSatisfy { $0.exitCode != nil })
        #expect(deaths.contains { $0.exitCode == 137 && $0.detail == "exit 137 killed (SIGKILL)" && $0.isTrouble })
        let kills = steps.filter { $0.verb == "kill" }
        #expect(kills.map(\.detail).contains("SIGKILL"))
        #expect(kills.map(\.detail).contains("SIGTERM"))
        let health = try #require(steps.first { $0.verb == "health_status" })
        #expect(health.health == "healthy")
        #expect(health.detail == "healthy")
        #expect(!health.isTrouble)
        #expect(steps.map(\.timeNanos) == steps.map(\.timeNanos).sorted())
    }

    @Test func podmanEventsToo() throws {
        let steps = try Self.steps("podman43-events.jsonl", host: HostID("podman"))
        #expect(steps.allSatisfy { $0.container.host == HostID("podman") })
        #expect(steps.contains { $0.verb == "die" && $0.exitCode == 137 })
        // Podman's `remove` is Docker's `destroy`; its `init` and `cleanup` are not shown.
        #expect(steps.contains { $0.verb == "destroy" })
        #expect(!steps.contains { $0.verb == "init" || $0.verb == "cleanup" })
        let older = try Self.steps("events-podman.jsonl")
        #expect(older.contains { $0.verb == "die" && $0.exitCode == 0 && !$0.isTrouble })
    }

    @Test func unusualEventsDoNotBecomeSteps() {
        #expect(TimelineEvent(EngineEvent(type: "container", action: "die"), host: .main) == nil)
        #expect(TimelineEvent(EngineEvent(type: "image", action: "delete", actor: .init(id: "x")), host: .main) == nil)
        let bare = TimelineEvent(EngineEvent(action: "oom", actor: .init(id: "0123456789abcdef"), time: 5), host: .main)
        #expect(bare?.name == "0123456789ab")
        #expect(bare?.timeNanos == 5_000_000_000)
        #expect(bare?.detail == "out of memory")
        #expect(bare?.isTrouble == true)
        let oddSignal = TimelineEvent(
            EngineEvent(action: "kill", actor: .init(id: "a", attributes: ["signal": "64"]), time: 1), host: .main)
        #expect(oddSignal?.detail == "signal 64")
    }

    static func death(secondsAgo: Int64, now: Int64) -> TimelineEvent {
        TimelineEvent(
            container: ContainerRef(host: .main, id: "c"), name: "c", verb: "die", exitCode: 3,
            timeNanos: (now - secondsAgo) * 1_000_000_000)
    }

    @Test func threeDeathsAMinuteIsACrashLoop() {
        let now: Int64 = 1_790_000_000
        let looping = (0..<12).map { Self.death(secondsAgo: Int64($0) * 20 + 1, now: now) }
        let rate = DeathRate(looping, now: now, minutes: 15)
        #expect(rate.perMinute.count == 15)
        #expect(rate.lastMinute == 3)
        #expect(rate.total == 12)
        #expect(rate.perMinute.suffix(4) == [3, 3, 3, 3])
        #expect(rate.isCrashLoop)

        let once = DeathRate([Self.death(secondsAgo: 30, now: now)], now: now)
        #expect(!once.isCrashLoop)
        // Spaced out by the engine's back-off: one death a minute, minute after minute.
        let backedOff = DeathRate((0..<4).map { Self.death(secondsAgo: Int64($0) * 60 + 10, now: now) }, now: now)
        #expect(backedOff.lastMinute == 1)
        #expect(backedOff.isCrashLoop)
        let old = DeathRate((0..<5).map { Self.death(secondsAgo: 3600 + Int64($0), now: now) }, now: now)
        #expect(old.total == 0)
    }
}
