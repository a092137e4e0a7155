import Testing

@testable import CursesBackend

/// Keys read before a hand-over or a dialog are dropped; keys read after act.
@Suite struct KeyGateTests {
    @Test func keysDeliveredBeforeADiscardAreStaleAndLaterOnesAct() {
        let gate = KeyGate()
        // `e` and `r` typed together: both are delivered before the loop acts on `e`.
        #expect(gate.deliver() == 1)
        #expect(gate.deliver() == 2)
        #expect(gate.admitNext())  // e opens the shell...
        gate.discardDelivered()  // ...and the terminal is handed over
        #expect(!gate.admitNext())  // r, read before the hand-over, is dropped when the loop reaches it
        gate.deliver()
        #expect(gate.admitNext())  // a key typed on the dashboard afterwards acts
    }

    @Test func aDiscardWithNothingQueuedDropsNothingLater() {
        let gate = KeyGate()
        gate.discardDelivered()
        gate.deliver()
        gate.deliver()
        #expect(gate.admitNext())
        #expect(gate.admitNext())
    }

    @Test func severalDiscardsOnlyEverCoverWhatWasDelivered() {
        let gate = KeyGate()
        gate.deliver()
        gate.deliver()
        gate.deliver()
        gate.discardDelivered()
        gate.discardDelivered()
        #expect(!gate.admitNext())
        #expect(!gate.admitNext())
        #expect(!gate.admitNext())
        gate.deliver()
        #expect(gate.admitNext())
    }
}
