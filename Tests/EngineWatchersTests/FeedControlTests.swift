import Testing

@testable import BerthApp

/// The logs feed's flow control: a batch goes out only once the reducer acknowledged the one before, so at most
/// one batch waits in the event loop; a reload request ends the feed's run.
@Suite("Logs feed acknowledgements")
struct FeedControlTests {
    func next(_ control: FeedControl) async -> Int? {
        await control.nextBatch(lines: 1, log: { _ in }, id: "c1")
    }

    @Test func theNextBatchWaitsForTheAcknowledgementOfThePrevious() async {
        let control = FeedControl()
        #expect(await next(control) == 1, "the first batch goes at once")
        let second = Task { await next(control) }
        #expect(await eventually { await control.isWaitingForAck })
        await control.ack(1)
        #expect(await second.value == 2)
        await control.ack(2)
        #expect(await next(control) == 3, "already acknowledged: no wait")
    }

    @Test func aStaleAcknowledgementDoesNotReleaseTheNextBatch() async {
        let control = FeedControl()
        #expect(await next(control) == 1)
        await control.ack(1)
        #expect(await next(control) == 2)
        let third = Task { await next(control) }
        #expect(await eventually { await control.isWaitingForAck })
        // The reducer repeats an old acknowledgement (a batch of an older feed instance, say): still waiting.
        await control.ack(1)
        #expect(await eventually { await control.isWaitingForAck })
        await control.ack(2)
        #expect(await third.value == 3)
    }

    @Test func acknowledgementsFoldIntoTheHighest() async {
        let control = FeedControl()
        #expect(await next(control) == 1)
        await control.ack(1)
        #expect(await next(control) == 2)
        // Acknowledgements that arrive while nobody waits are kept, the highest winning.
        await control.ack(2)
        await control.ack(1)
        #expect(await next(control) == 3)
    }

    @Test func closingEndsAWaitAndEveryLaterBatch() async {
        let control = FeedControl()
        #expect(await next(control) == 1)
        let second = Task { await next(control) }
        #expect(await eventually { await control.isWaitingForAck })
        await control.close()
        #expect(await second.value == nil)
        await control.ack(1)
        #expect(await next(control) == nil)
    }

    @Test func cancellingTheWaitingDelivererClosesTheFeed() async {
        let control = FeedControl()
        #expect(await next(control) == 1)
        let second = Task { await next(control) }
        #expect(await eventually { await control.isWaitingForAck })
        second.cancel()
        #expect(await second.value == nil)
        await control.ack(1)
        #expect(await next(control) == nil, "the feed is over")
        #expect(await control.waitForReload() == false)
    }

    @Test func aReloadRequestIsSeenWheneverItCame() async {
        let early = FeedControl()
        await early.requestReload()
        #expect(await early.waitForReload())

        let waiting = FeedControl()
        let reload = Task { await waiting.waitForReload() }
        await waiting.requestReload()
        #expect(await reload.value)

        // A request made before the feed closed still counts; without one, closing answers false.
        let beforeClose = FeedControl()
        await beforeClose.requestReload()
        await beforeClose.close()
        #expect(await beforeClose.waitForReload())

        let closed = FeedControl()
        let none = Task { await closed.waitForReload() }
        await closed.close()
        #expect(await none.value == false)
    }
}
