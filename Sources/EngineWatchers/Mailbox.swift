import Synchronization

/// A channel from any number of producers to one consumer, whose unread values may fold into each other.
///
/// Every hand-over between berth's watchers and their consumers is one of these: the monitor's updates (a newer
/// list replaces an unread one, `.connected` is never dropped), wake-ups (one pending wake-up is as good as ten),
/// log lines between the socket reader and the deliverer (unread lines append to each other, and the reader waits
/// while too many are unread), a feed's acknowledgements (the highest wins).
///
/// - Producers `post` and never wait, or `send`, which waits while the unread values are over the limit
///   (`isFull`) until the consumer takes some.
/// - A posted value is merged into the newest unread value when `merge` says so; otherwise it queues behind it.
///   Nothing else is ever dropped or reordered.
/// - The consumer takes values in order with `next()`, or `for await`, or `next(orWhen:)` to also wake on a timer.
/// - `finish()` means no more values: the consumer still gets the unread ones, then nil.
/// - `cancel()`, or cancelling the consumer's task while it waits, means the consumer is gone: unread values are
///   dropped, later posts are refused, and waiting producers return.
///
/// One consumer at a time: a second one waiting at once ends the first one's wait as if the mailbox had ended.
public final class Mailbox<Element: Sendable>: Sendable, AsyncSequence {
    /// Whether `new`, posted while `unread` is the newest unread value, folds into it (then `unread` is updated in
    /// place and `true` returned). Runs under the mailbox's lock: keep it short and never touch the mailbox from it.
    public typealias Merge = @Sendable (_ unread: inout Element, _ new: Element) -> Bool

    /// What a wait with a timer got.
    public enum Delivery: Sendable {
        case value(Element)
        /// The timer ran out first.
        case timedOut
        /// The mailbox finished and everything was taken, or the consumer was cancelled.
        case ended
    }

    private struct Consumer {
        var id: UInt64
        var continuation: CheckedContinuation<Delivery, Never>
    }

    private struct Producer {
        var id: UInt64
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var unread: [Element] = []
        /// No more values will be posted.
        var finished = false
        /// The consumer is gone.
        var cancelled = false
        var consumer: Consumer?
        var producers: [Producer] = []
        var lastID: UInt64 = 0

        var isOpen: Bool { !finished && !cancelled }

        mutating func makeID() -> UInt64 {
            lastID &+= 1
            return lastID
        }
    }

    private let state = Mutex(State())
    private let merge: Merge
    private let isFull: (@Sendable (_ unread: [Element]) -> Bool)?

    /// - Parameters:
    ///   - merge: folds a new value into the newest unread one; by default nothing folds and every value queues.
    ///   - isFull: when `send` must wait for the consumer; without it `send` never waits.
    public init(merge: @escaping Merge = { _, _ in false }, isFull: (@Sendable (_ unread: [Element]) -> Bool)? = nil) {
        self.merge = merge
        self.isFull = isFull
    }

    /// A mailbox where the newest value replaces an unread one: the consumer only ever sees the latest.
    public static func latest() -> Mailbox<Element> {
        Mailbox(merge: { unread, new in
            unread = new
            return true
        })
    }

    // MARK: - Producing

    /// Hands `value` over without waiting. Returns false, dropping it, once the mailbox finished or its consumer is
    /// gone.
    @discardableResult
    public func post(_ value: Element) -> Bool {
        let (accepted, waiting) = state.withLock { state -> (Bool, CheckedContinuation<Delivery, Never>?) in
            guard state.isOpen else { return (false, nil) }
            // A waiting consumer means nothing is unread: the value goes straight to it.
            if let consumer = state.consumer {
                state.consumer = nil
                return (true, consumer.continuation)
            }
            if !state.unread.isEmpty, merge(&state.unread[state.unread.count - 1], value) { return (true, nil) }
            state.unread.append(value)
            return (true, nil)
        }
        waiting?.resume(returning: .value(value))
        return accepted
    }

    /// Hands `value` over, then waits while the unread values are over the limit (`isFull`).
    ///
    /// Returns false when the value was refused (the mailbox finished or its consumer is gone). Returns early,
    /// true, when the mailbox ends or the calling task is cancelled while it waits.
    @discardableResult
    public func send(_ value: Element) async -> Bool {
        guard post(value) else { return false }
        guard let isFull else { return true }
        let id = state.withLock { $0.makeID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let wait = state.withLock { state -> Bool in
                    // Checked under the lock the cancellation handler also takes, so a cancel cannot slip between.
                    guard state.isOpen, !Task.isCancelled, isFull(state.unread) else { return false }
                    state.producers.append(Producer(id: id, continuation: continuation))
                    return true
                }
                if !wait { continuation.resume() }
            }
        } onCancel: {
            let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.producers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.producers.remove(at: index).continuation
            }
            waiting?.resume()
        }
        return true
    }

    /// No more values: the consumer gets what is unread, then nil. Waiting producers return.
    public func finish() {
        let (consumer, producers) = state.withLock { state in
            state.finished = true
            defer {
                state.consumer = nil
                state.producers = []
            }
            return (state.consumer, state.producers)
        }
        consumer?.continuation.resume(returning: .ended)
        for producer in producers { producer.continuation.resume() }
    }

    /// The consumer is gone: unread values are dropped, later posts refused, and every waiter returns.
    public func cancel() {
        let (consumer, producers) = state.withLock { state in
            state.cancelled = true
            state.unread = []
            defer {
                state.consumer = nil
                state.producers = []
            }
            return (state.consumer, state.producers)
        }
        consumer?.continuation.resume(returning: .ended)
        for producer in producers { producer.continuation.resume() }
    }

    // MARK: - Consuming

    /// The next value, waiting for one; nil once the mailbox finished and everything was taken, or the consumer was
    /// cancelled (cancelling the waiting task cancels the mailbox).
    public func next() async -> Element? {
        if case .value(let value) = await receive(timer: nil) { return value }
        return nil
    }

    /// The next value, or `.timedOut` when `timer` returns before one arrives.
    ///
    /// `timer` runs in a task of its own, started only when there is nothing to take yet and cancelled as soon as
    /// the wait is over; typically it sleeps on a clock. A time-out leaves the mailbox as it was.
    public func next(orWhen timer: @escaping @Sendable () async -> Void) async -> Delivery {
        await receive(timer: timer)
    }

    /// How many values are unread (after merging); for tests and diagnostics.
    public var unreadCount: Int { state.withLock { $0.unread.count } }

    /// Whether the consumer waits in `next()`; for tests.
    public var hasWaitingConsumer: Bool { state.withLock { $0.consumer != nil } }

    /// How many producers wait in `send`; for tests.
    public var waitingProducers: Int { state.withLock { $0.producers.count } }

    private func receive(timer: (@Sendable () async -> Void)?) async -> Delivery {
        let id = state.withLock { $0.makeID() }
        var timerTask: Task<Void, Never>?
        let delivery = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Delivery, Never>) in
                var displaced: CheckedContinuation<Delivery, Never>?
                var released: [Producer] = []
                let ready = state.withLock { state -> Delivery? in
                    if Task.isCancelled {
                        state.cancelled = true
                        state.unread = []
                    }
                    if state.cancelled { return .ended }
                    if !state.unread.isEmpty {
                        let value = state.unread.removeFirst()
                        if let isFull, !isFull(state.unread) {
                            released = state.producers
                            state.producers = []
                        }
                        return .value(value)
                    }
                    if state.finished { return .ended }
                    displaced = state.consumer?.continuation
                    state.consumer = Consumer(id: id, continuation: continuation)
                    return nil
                }
                displaced?.resume(returning: .ended)
                for producer in released { producer.continuation.resume() }
                if let ready {
                    continuation.resume(returning: ready)
                } else if let timer {
                    timerTask = Task { [weak self] in
                        await timer()
                        self?.expire(id)
                    }
                }
            }
        } onCancel: {
            cancel()
        }
        timerTask?.cancel()
        return delivery
    }

    /// Ends the wait `id` with `.timedOut`, if it is still the one waiting.
    private func expire(_ id: UInt64) {
        let waiting = state.withLock { state -> CheckedContinuation<Delivery, Never>? in
            guard let consumer = state.consumer, consumer.id == id else { return nil }
            state.consumer = nil
            return consumer.continuation
        }
        waiting?.resume(returning: .timedOut)
    }

    // MARK: - AsyncSequence

    public struct AsyncIterator: AsyncIteratorProtocol {
        let mailbox: Mailbox<Element>

        public mutating func next() async -> Element? {
            await mailbox.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(mailbox: self)
    }
}
