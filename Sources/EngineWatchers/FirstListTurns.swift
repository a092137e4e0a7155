import EngineAPI
import Synchronization

/// Lets an engine whose container list is costly ask for it after the other engines have answered theirs, when
/// berth starts watching several at once.
///
/// Podman works out every container's state to list them: about 0.3 s of CPU for a hundred. Asked at the same
/// moment as Docker, on a machine with two cores, it takes the CPU that Docker's answer and berth's first frame
/// need, and the first rows come 50 to 90 ms later. Podman's own rows come after Docker's either way. So such an
/// engine waits until every other engine berth started has listed its containers (or failed to), and never longer
/// than `limit`: a slow or dead engine holds nobody back for more than that.
public final class FirstListTurns: Sendable {
    private struct State {
        /// Engines whose first list has not come yet, and that others may wait for.
        var pending: Set<HostID> = []
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waits not yet resumed.
        var active: Set<UInt64> = []
        /// Waits cancelled before their continuation was stored.
        var cancelled: Set<UInt64> = []
        var nextToken: UInt64 = 0
    }

    /// The longest an engine waits for the others.
    public let limit: Duration
    private let state = Mutex(State())
    private let timeline: Timeline

    public init(limit: Duration = .milliseconds(150), clock: any Clock<Duration> = ContinuousClock()) {
        self.limit = limit
        self.timeline = Timeline(clock)
    }

    /// `host` is starting: those who wait, wait for its first list.
    public func expect(_ host: HostID) {
        state.withLock { _ = $0.pending.insert(host) }
    }

    /// `host` has listed its containers, failed to, or gone: nobody waits for it any more.
    public func listed(_ host: HostID) {
        let released = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.pending.remove(host)
            guard state.pending.isEmpty else { return [] }
            state.active.subtract(state.waiters.keys)
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in released { waiter.resume() }
    }

    /// Waits until every other expected engine has listed its containers, or `limit` has passed. `host` itself
    /// stops being waited for first, so two engines that both wait do not wait for each other.
    public func waitForOthers(_ host: HostID) async {
        listed(host)
        let token = state.withLock { state in
            state.nextToken += 1
            state.active.insert(state.nextToken)
            return state.nextToken
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await self.timeline.sleep(for: self.limit) }
            group.addTask { await self.untilNoneLeft(token) }
            await group.next()
            group.cancelAll()
        }
    }

    private func untilNoneLeft(_ token: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending.isEmpty || state.cancelled.remove(token) != nil {
                        state.active.remove(token)
                        return true
                    }
                    state.waiters[token] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiter = state.waiters.removeValue(forKey: token) {
                    state.active.remove(token)
                    return waiter
                }
                // Not stored yet: the wait sees this when it gets there. Already resumed: nothing to do.
                if state.active.contains(token) { state.cancelled.insert(token) }
                return nil
            }
            waiter?.resume()
        }
    }
}
