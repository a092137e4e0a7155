import Synchronization

/// Decides which delivered keys may still act.
///
/// Keys are numbered in the order they are delivered (their read sequence: 1, 2, 3, ...). A hand-over of the
/// terminal (exec, Ctrl-Z) or a discard of typeahead marks every number delivered so far as stale. The event loop
/// asks about each key in turn, in the same order, so the n-th question is about key n: keys typed together with
/// `e` are in the loop's queue before the shell starts, and still are when it ends, but they are stale by then.
final class KeyGate: Sendable {
    private struct Counts {
        /// The read sequence of the last key delivered.
        var delivered: UInt64 = 0
        /// The read sequence of the last key the event loop asked about.
        var asked: UInt64 = 0
        /// Keys up to this read sequence must not act.
        var staleThrough: UInt64 = 0
    }

    private let counts = Mutex(Counts())

    /// Numbers a key as it is delivered; returns its read sequence.
    @discardableResult
    func deliver() -> UInt64 {
        counts.withLock { counts in
            counts.delivered += 1
            return counts.delivered
        }
    }

    /// Every key delivered so far was read too early: before a hand-over, or before a dialog was on the screen.
    func discardDelivered() {
        counts.withLock { $0.staleThrough = $0.delivered }
    }

    /// The event loop takes the next delivered key: true when it may act on it.
    func admitNext() -> Bool {
        counts.withLock { counts in
            counts.asked += 1
            return counts.asked > counts.staleThrough
        }
    }
}
