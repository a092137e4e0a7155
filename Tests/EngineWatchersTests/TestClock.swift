import Synchronization
import Testing

/// A clock that moves only when the test moves it: a sleeper waits until `advance` passes its deadline.
///
/// `sleepers` shows who waits for what, so a test can wait (with a real deadline) until the code under test is
/// idle on the clock before moving it: every step then happens in a known order, with no real time passing.
final class TestClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        /// Time since the clock was made.
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var id: UInt64
        var deadline: Duration
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Duration = .zero
        var sleepers: [Sleeper] = []
        var lastID: UInt64 = 0
    }

    private let state = Mutex(State())

    var now: Instant { Instant(offset: state.withLock { $0.now }) }
    var minimumResolution: Duration { .zero }

    /// Time since the clock was made.
    var elapsed: Duration { state.withLock { $0.now } }

    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state in
            state.lastID += 1
            return state.lastID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { state -> Result<Void, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline.offset <= state.now { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline.offset, continuation: continuation))
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// The deadlines of the tasks sleeping now, soonest first.
    var sleepers: [Duration] {
        state.withLock { $0.sleepers.map(\.deadline).sorted() }
    }

    /// Moves the clock to `offset` (never backwards) and wakes every sleeper due by then, soonest first.
    func advance(to offset: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, offset)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    func advance(by duration: Duration) {
        advance(to: elapsed + duration)
    }

    /// Waits, polling on the real clock, until the sleepers' deadlines satisfy `condition`; false after `timeout`.
    func waitForSleepers(
        within timeout: Duration = .seconds(10), _ condition: @Sendable ([Duration]) -> Bool
    ) async -> Bool {
        await eventually(within: timeout) { condition(self.sleepers) }
    }

    /// Waits until exactly `deadlines` (offsets from the start, in any order) are the sleepers' deadlines.
    func waitForSleepers(_ deadlines: [Duration], within timeout: Duration = .seconds(10)) async -> Bool {
        let wanted = deadlines.sorted()
        let found = await waitForSleepers(within: timeout) { $0 == wanted }
        if !found { Issue.record("sleepers \(sleepers), expected \(wanted)") }
        return found
    }
}

/// Polls `condition` (every millisecond of real time) until it holds or `timeout` passes.
///
/// Used only to wait for the code under test to reach a state it will reach by itself; the polling interval is not
/// a synchronisation point.
func eventually(
    within timeout: Duration = .seconds(10), _ condition: @Sendable () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(1))
    }
}
