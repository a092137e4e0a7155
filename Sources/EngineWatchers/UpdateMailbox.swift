import Synchronization

/// Hands monitor updates to the single consumer, coalescing what the consumer has not taken yet.
///
/// Every `.containers` carries the whole list, so a consumer that falls behind (the UI thread busy running an
/// interactive shell, say) only needs the newest one; queueing them all would grow memory with every event.
/// Consecutive `.containers` and consecutive `.disconnected` updates therefore replace each other, while
/// `.connected` is never dropped or reordered. The queue grows by at most three entries per reconnect cycle.
final class UpdateMailbox: Sendable {
    private struct State {
        var queue: [MonitorUpdate] = []
        var waiter: CheckedContinuation<MonitorUpdate?, Never>?
        /// The producer is done: drain the queue, then end.
        var finished = false
        /// The consumer is gone: drop everything.
        var cancelled = false
    }

    private let state = Mutex(State())

    func post(_ update: MonitorUpdate) {
        let handoff: (CheckedContinuation<MonitorUpdate?, Never>, MonitorUpdate)? = state.withLock { state in
            guard !state.finished, !state.cancelled else { return nil }
            if let waiter = state.waiter {
                // A waiting consumer means the queue is empty.
                state.waiter = nil
                return (waiter, update)
            }
            if let last = state.queue.last, last.supersedes(by: update) {
                state.queue[state.queue.count - 1] = update
            } else {
                state.queue.append(update)
            }
            return nil
        }
        if let (waiter, update) = handoff { waiter.resume(returning: update) }
    }

    /// The next update, or nil once the producer finished and the queue is empty, or the consumer was cancelled.
    func next() async -> MonitorUpdate? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<MonitorUpdate?, Never>) in
                var displaced: CheckedContinuation<MonitorUpdate?, Never>?
                let ready: MonitorUpdate?? = state.withLock { state in
                    if state.cancelled { return .some(nil) }
                    if !state.queue.isEmpty { return .some(state.queue.removeFirst()) }
                    if state.finished { return .some(nil) }
                    // A second consumer breaks the contract; end the first rather than leak its continuation.
                    displaced = state.waiter
                    state.waiter = continuation
                    return .none
                }
                displaced?.resume(returning: nil)
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            cancel()
        }
    }

    /// The producer is done; the consumer still gets what is queued.
    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The consumer is gone.
    func cancel() {
        let waiter = state.withLock { state in
            state.cancelled = true
            state.queue.removeAll()
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }
}

extension MonitorUpdate {
    /// Whether `next`, queued right after `self`, makes `self` pointless to deliver.
    fileprivate func supersedes(by next: MonitorUpdate) -> Bool {
        switch (self, next) {
        case (.containers, .containers), (.disconnected, .disconnected): return true
        default: return false
        }
    }
}
