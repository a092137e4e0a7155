import EngineAPI
import Synchronization
import Testing

@testable import EngineWatchers

/// An engine that waits its turn waits for the other engines' first lists, and never past the limit.
@Suite struct FirstListTurnsTests {
    let docker = HostID("docker")
    let podman = HostID("podman")

    @Test func itsTurnComesWhenTheOthersHaveListed() async {
        let clock = TestClock()
        let turns = FirstListTurns(limit: .milliseconds(150), clock: clock)
        turns.expect(docker)
        turns.expect(podman)
        let done = Mutex(false)
        let task = Task { [podman] in
            await turns.waitForOthers(podman)
            done.withLock { $0 = true }
        }
        #expect(await clock.waitForSleepers([.milliseconds(150)]), "it waits, with the limit set")
        #expect(!done.withLock { $0 })
        turns.listed(docker)
        await task.value
        #expect(done.withLock { $0 })
        #expect(clock.elapsed == .zero, "no time passed: the other engine's list let it go")
    }

    @Test func aSilentEngineHoldsItBackNoLongerThanTheLimit() async {
        let clock = TestClock()
        let turns = FirstListTurns(limit: .milliseconds(150), clock: clock)
        turns.expect(docker)
        turns.expect(podman)
        let task = Task { [podman] in await turns.waitForOthers(podman) }
        #expect(await clock.waitForSleepers([.milliseconds(150)]))
        clock.advance(to: .milliseconds(150))
        await task.value
        // Its wait is over, and a later list from the silent engine resumes nothing twice.
        turns.listed(docker)
    }

    @Test func twoThatWaitDoNotWaitForEachOther() async {
        let clock = TestClock()
        let turns = FirstListTurns(limit: .seconds(60), clock: clock)
        let other = HostID("podman-2")
        turns.expect(podman)
        turns.expect(other)
        let first = Task { [podman] in await turns.waitForOthers(podman) }
        await turns.waitForOthers(other)
        await first.value
        #expect(clock.elapsed == .zero)
    }

    @Test func aLoneEngineDoesNotWait() async {
        let clock = TestClock()
        let turns = FirstListTurns(limit: .seconds(60), clock: clock)
        turns.expect(podman)
        await turns.waitForOthers(podman)
        #expect(clock.elapsed == .zero)
    }
}
