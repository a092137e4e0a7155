import DashboardCore
import Synchronization
import Testing

@testable import BerthApp

/// How often a Swarm view asks the manager: every second while its list moves, every ten once still, every thirty
/// once still for a minute, and quick again at the first sign of movement.
@Suite struct ReconcilePaceTests {
    final class ManualTime: Sendable {
        private let elapsed = Mutex(Duration.zero)
        var now: Duration { elapsed.withLock { $0 } }
        func advance(_ duration: Duration) { elapsed.withLock { $0 += duration } }
    }

    @Test func stillThenCalmThenQuickAgain() {
        let time = ManualTime()
        let pace = ReconcilePace(now: { time.now })
        let services = ServicesView.definition
        pace.fetched(1)
        #expect(pace.interval(services) == 10, "a view just opened is still, not calm")
        time.advance(.seconds(59))
        pace.fetched(1)
        #expect(pace.interval(services) == 10)
        time.advance(.seconds(1))
        #expect(pace.interval(services) == 30, "a minute without movement")
        pace.fetched(2)
        #expect(pace.interval(services) == 1, "a changed answer: busy")
        time.advance(.seconds(20))
        #expect(pace.interval(services) == 10, "busy for 20 s, then still")
        time.advance(.seconds(40))
        #expect(pace.interval(services) == 30)
        pace.moved()
        #expect(pace.interval(services) == 1, "an event: busy")
    }

    @Test func everySwarmViewCalmsDownAndNoOtherViewDoes() {
        let time = ManualTime()
        let pace = ReconcilePace(now: { time.now })
        time.advance(.seconds(120))
        for definition in [ServicesView.definition, NodesView.definition, TasksView.definition] {
            #expect(pace.interval(definition) == 30, "\(definition.title)")
        }
        for definition in ViewRegistry.resourceViews where definition.busyReconcileSeconds == 0 {
            #expect(definition.calmReconcileSeconds == 0, "\(definition.title) has no busy pace to come back to")
        }
    }
}
