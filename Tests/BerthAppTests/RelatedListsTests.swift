import DashboardCore
import EngineAPI
import Testing

@testable import BerthApp

/// `:services`' tasks and nodes, fetched only for the question before a removal, are used again while the services
/// say the same, for a minute at most (`RelatedLists`).
@Suite struct RelatedListsTests {
    @Test func keptListsServeTheSameAnswerWithinTheirAge() {
        let kept = RelatedLists()
        #expect(kept.lists(for: 1, within: .seconds(60)) == nil)
        kept.keep([Array("[]".utf8), Array("null".utf8)], for: 1)
        #expect(kept.lists(for: 1, within: .seconds(60)) == [Array("[]".utf8), Array("null".utf8)])
        // The services changed: fetched again.
        #expect(kept.lists(for: 2, within: .seconds(60)) == nil)
        #expect(kept.lists(for: nil, within: .seconds(60)) == nil)
        // Too old.
        #expect(kept.lists(for: 1, within: .zero) == nil)
    }

    @Test func theAnswerIgnoresOrderAndRelativeTimes() {
        func row(_ id: String, _ cell: String) -> ResourceRow {
            ResourceRow(host: .main, id: id, cells: [cell], sortValues: [.text(id)])
        }
        let a = ResourceFeed.answer([row("x", "1 second ago"), row("y", "")])
        #expect(a == ResourceFeed.answer([row("y", "3 seconds ago"), row("x", "")]))
        #expect(a != ResourceFeed.answer([row("x", "")]))
        #expect(ServicesView.definition.relatedReuseSeconds == 60)
        // Lists whose columns come from the related ones never reuse them.
        #expect(ViewRegistry.resourceViews.filter { $0.relatedReuseSeconds > 0 }.map(\.id) == [ServicesView.id])
    }
}
