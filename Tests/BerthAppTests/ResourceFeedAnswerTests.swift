import DashboardCore
import EngineAPI
import Testing

@testable import BerthApp

/// What a view's list says, as one number (`ResourceFeed.answer`): a list that moved is fetched at its busy pace.
@Suite struct ResourceFeedAnswerTests {
    @Test func theAnswerIgnoresOrderAndRelativeTimes() {
        func row(_ id: String, _ cell: String) -> ResourceRow {
            ResourceRow(host: .main, id: id, cells: [cell], sortValues: [.text(id)])
        }
        let a = ResourceFeed.answer([row("x", "1 second ago"), row("y", "")])
        #expect(a == ResourceFeed.answer([row("y", "3 seconds ago"), row("x", "")]))
        #expect(a != ResourceFeed.answer([row("x", "")]))
    }

    /// `:services` asks for no task or node list with its services: those are fetched only for the question
    /// before a removal (`removalDetail`).
    @Test func servicesFetchNoRelatedLists() {
        #expect(ServicesView.definition.related.isEmpty)
        #expect(ServicesView.definition.removalDetail != nil)
    }
}
