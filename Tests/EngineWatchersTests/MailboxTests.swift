import EngineWatchers
import Synchronization
import Testing

/// The one hand-over primitive of the watchers: order, merging, limits, finishing, cancelling, timers.
@Suite("Mailbox")
struct MailboxTests {
    @Test func valuesArriveInOrderAndFinishDrainsFirst() async {
        let mailbox = Mailbox<Int>()
        #expect(mailbox.post(1))
        #expect(mailbox.post(2))
        mailbox.finish()
        #expect(!mailbox.post(3), "a finished mailbox refuses values")
        #expect(await mailbox.next() == 1)
        #expect(await mailbox.next() == 2)
        #expect(await mailbox.next() == nil)
        #expect(await mailbox.next() == nil, "and stays ended")
    }

    @Test func aWaitingConsumerGetsThePostedValue() async {
        let mailbox = Mailbox<String>()
        let consumer = Task { await mailbox.next() }
        #expect(await eventually { mailbox.hasWaitingConsumer })
        mailbox.post("hello")
        #expect(await consumer.value == "hello")
    }

    @Test func latestReplacesWhatIsUnread() async {
        let mailbox = Mailbox<Int>.latest()
        for value in 1...5 { mailbox.post(value) }
        #expect(mailbox.unreadCount == 1)
        #expect(await mailbox.next() == 5)
        mailbox.post(6)
        #expect(await mailbox.next() == 6)
    }

    /// The monitor's rule: lists replace lists, but a connect is never merged away or reordered.
    @Test func mergeFoldsOnlyWhereTheRuleSays() async {
        enum Update: Equatable, Sendable {
            case connected(Int)
            case list(Int)
        }
        let mailbox = Mailbox<Update>(merge: { unread, new in
            guard case .list = unread, case .list = new else { return false }
            unread = new
            return true
        })
        for update in [Update.list(1), .list(2), .connected(1), .list(3), .list(4), .connected(2)] {
            mailbox.post(update)
        }
        mailbox.finish()
        var received: [Update] = []
        for await update in mailbox { received.append(update) }
        #expect(received == [.list(2), .connected(1), .list(4), .connected(2)])
    }

    @Test func cancellingTheWaitingConsumerEndsTheMailbox() async {
        let mailbox = Mailbox<Int>()
        let consumer = Task { await mailbox.next() }
        #expect(await eventually { mailbox.hasWaitingConsumer })
        consumer.cancel()
        #expect(await consumer.value == nil)
        #expect(!mailbox.post(1), "the consumer is gone: values are refused")
        #expect(mailbox.unreadCount == 0)
    }

    @Test func aConsumerCancelledBeforeItWaitsGetsNothing() async {
        let mailbox = Mailbox<Int>()
        mailbox.post(1)
        let consumer = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await mailbox.next()
        }
        #expect(await consumer.value == nil)
        #expect(mailbox.unreadCount == 0, "unread values are dropped with the consumer")
    }

    @Test func cancelDropsUnreadValues() async {
        let mailbox = Mailbox<Int>()
        mailbox.post(1)
        mailbox.post(2)
        mailbox.cancel()
        #expect(await mailbox.next() == nil)
        #expect(!mailbox.post(3))
    }

    @Test func finishWakesAWaitingConsumer() async {
        let mailbox = Mailbox<Int>()
        let consumer = Task { await mailbox.next() }
        #expect(await eventually { mailbox.hasWaitingConsumer })
        mailbox.finish()
        #expect(await consumer.value == nil)
    }

    @Test func aSecondConsumerEndsTheFirstOnesWait() async {
        let mailbox = Mailbox<Int>()
        let first = Task { await mailbox.next() }
        #expect(await eventually { mailbox.hasWaitingConsumer })
        let second = Task { await mailbox.next() }
        #expect(await first.value == nil)
        #expect(await eventually { mailbox.hasWaitingConsumer })
        mailbox.post(7)
        #expect(await second.value == 7)
    }

    // MARK: - Limits

    /// Log lines: unread batches fold together, and the reader waits while more than the limit is unread.
    @Test func sendWaitsWhileTheUnreadValuesAreOverTheLimit() async {
        let mailbox = Mailbox<[Int]>(
            merge: { unread, new in
                unread += new
                return true
            },
            isFull: { unread in unread.reduce(0) { $0 + $1.count } > 3 })
        #expect(await mailbox.send([1, 2]), "under the limit: no wait")
        let producer = Task { await mailbox.send([3, 4]) }
        #expect(await eventually { mailbox.waitingProducers == 1 })
        #expect(await mailbox.next() == [1, 2, 3, 4], "the consumer takes the whole folded batch")
        #expect(await producer.value)
        #expect(mailbox.waitingProducers == 0)
    }

    @Test func aWaitingProducerReturnsWhenCancelled() async {
        let mailbox = Mailbox<Int>(isFull: { !$0.isEmpty })
        let producer = Task { await mailbox.send(1) }
        #expect(await eventually { mailbox.waitingProducers == 1 })
        producer.cancel()
        #expect(await producer.value, "the value was accepted; only the wait ended")
        #expect(mailbox.waitingProducers == 0)
        #expect(await mailbox.next() == 1)
    }

    @Test func waitingProducersReturnWhenTheConsumerGoes() async {
        let mailbox = Mailbox<Int>(isFull: { !$0.isEmpty })
        let producer = Task { await mailbox.send(1) }
        #expect(await eventually { mailbox.waitingProducers == 1 })
        mailbox.cancel()
        #expect(await producer.value)
        #expect(await !mailbox.send(2), "refused at once, without waiting")
    }

    @Test func waitingProducersReturnWhenFinished() async {
        let mailbox = Mailbox<Int>(isFull: { !$0.isEmpty })
        let producer = Task { await mailbox.send(1) }
        #expect(await eventually { mailbox.waitingProducers == 1 })
        mailbox.finish()
        #expect(await producer.value)
        #expect(await mailbox.next() == 1, "the consumer still gets it")
    }

    // MARK: - Timers

    @Test func aTimerEndsTheWaitButNotTheMailbox() async throws {
        let clock = TestClock()
        let mailbox = Mailbox<Int>()
        let consumer = Task { await mailbox.next(orWhen: { try? await clock.sleep(for: .seconds(1)) }) }
        #expect(await clock.waitForSleepers([.seconds(1)]))
        clock.advance(by: .seconds(1))
        guard case .timedOut = await consumer.value else {
            Issue.record("expected a time-out")
            return
        }
        #expect(mailbox.post(2), "a time-out leaves the mailbox open")
        guard case .value(2) = await mailbox.next(orWhen: { try? await clock.sleep(for: .seconds(1)) }) else {
            Issue.record("expected the value")
            return
        }
        #expect(clock.sleepers.isEmpty, "no timer is started when a value is there")
    }

    @Test func aValueBeforeTheTimerCancelsTheTimer() async {
        let clock = TestClock()
        let mailbox = Mailbox<Int>()
        let consumer = Task { await mailbox.next(orWhen: { try? await clock.sleep(for: .seconds(1)) }) }
        #expect(await clock.waitForSleepers([.seconds(1)]))
        mailbox.post(3)
        guard case .value(3) = await consumer.value else {
            Issue.record("expected the value")
            return
        }
        #expect(await clock.waitForSleepers([]), "the timer's sleep is cancelled")
        #expect(mailbox.post(4), "and a late timer does not touch the mailbox")
    }

    @Test func aTimedWaitOnAFinishedMailboxEnds() async {
        let mailbox = Mailbox<Int>()
        mailbox.finish()
        guard case .ended = await mailbox.next(orWhen: {}) else {
            Issue.record("expected the end")
            return
        }
    }

    // MARK: - Under load

    /// Many producers, one consumer: nothing is lost, duplicated or reordered per producer.
    @Test func manyProducersOneConsumer() async {
        let mailbox = Mailbox<(producer: Int, value: Int)>()
        let producers = 8
        let values = 2000
        let received = Task {
            var last = [Int](repeating: -1, count: producers)
            var count = 0
            var inOrder = true
            for await item in mailbox {
                if item.value != last[item.producer] + 1 { inOrder = false }
                last[item.producer] = item.value
                count += 1
            }
            return (count, inOrder)
        }
        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    for value in 0..<values { mailbox.post((producer, value)) }
                }
            }
        }
        mailbox.finish()
        let (count, inOrder) = await received.value
        #expect(count == producers * values)
        #expect(inOrder)
    }

    /// A bounded flood: the producer never runs more than the limit ahead, and every value arrives.
    @Test func boundedFloodKeepsToTheLimit() async {
        let limit = 50
        let mailbox = Mailbox<[Int]>(
            merge: { unread, new in
                unread += new
                return true
            },
            isFull: { unread in unread.reduce(0) { $0 + $1.count } > limit })
        let largest = Mutex(0)
        let consumer = Task {
            var total = 0
            while let batch = await mailbox.next() {
                largest.withLock { $0 = max($0, batch.count) }
                total += batch.reduce(0, +)
                await Task.yield()
            }
            return total
        }
        for value in 1...5000 { await mailbox.send([value]) }
        mailbox.finish()
        #expect(await consumer.value == (1...5000).reduce(0, +))
        // The producer waits once the unread batch is over the limit, so a batch holds at most one value more.
        #expect(largest.withLock { $0 } <= limit + 1)
    }
}
