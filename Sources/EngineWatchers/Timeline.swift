/// A clock seen as the time since the watcher started: what the watchers need from any `Clock<Duration>`.
///
/// The watchers take `any Clock<Duration>` so tests can drive them with a clock they advance by hand; an
/// existential clock's instants cannot be stored or compared, so they are kept here as offsets from the start.
struct Timeline: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    init(_ clock: any Clock<Duration>) {
        self.init(opening: clock)
    }

    private init<C: Clock<Duration>>(opening clock: C) {
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        sleeper = { offset in try await clock.sleep(until: start.advanced(by: offset), tolerance: nil) }
    }

    /// Time since the start.
    var now: Duration { elapsed() }

    /// Sleeps until `offset` after the start; throws `CancellationError` when the task is cancelled.
    func sleep(until offset: Duration) async throws {
        try await sleeper(offset)
    }

    func sleep(for duration: Duration) async throws {
        try await sleeper(now + duration)
    }
}
