import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// The rows a resource view shows are kept between actions; they must always be what filtering and sorting the
/// view's rows would give now.
@Suite struct ShownRowsTests {
    /// The view's rows filtered and sorted from scratch, without the kept ones.
    static func fresh(_ state: AppState) -> [ResourceRow] {
        var uncached = state
        uncached.resources[state.view]?.shown = nil
        return uncached.visibleRows(state.view)
    }

    @Test func keptRowsFollowTheRowsTheFilterAndTheOrder() throws {
        var state = try ResourceViewTests.state()
        #expect(state.resources[ImagesView.id]?.shown != nil, "kept after the rows arrived")
        #expect(state.visibleRows(ImagesView.id) == Self.fresh(state))
        // Moving the cursor keeps them as they were.
        let before = state.resources[ImagesView.id]?.shown
        _ = Fixtures.press(&state, .character("j"))
        #expect(state.resources[ImagesView.id]?.shown == before)
        // A filter, the order, new rows: each makes them again.
        _ = Fixtures.press(&state, .character("/"), .character("b"), .character("u"), .enter)
        #expect(state.visibleRows(ImagesView.id) == Self.fresh(state))
        #expect(state.visibleRows(ImagesView.id).allSatisfy { $0.cells[0].contains("bu") || $0.id.hasPrefix("bu") })
        _ = Fixtures.press(&state, .character("O"))
        #expect(state.visibleRows(ImagesView.id) == Self.fresh(state))
        _ = Fixtures.press(&state, .escape)
        let rows = try ResourceViewTests.images("images-docker.json", host: Fixtures.docker)
        _ = Dashboard.reduce(&state, .resources(.rows(ImagesView.id, Fixtures.docker, Array(rows.prefix(1)))))
        #expect(state.visibleRows(ImagesView.id) == Self.fresh(state))
        // A stale copy is never used: change the rows behind its back and the view still shows the truth.
        state.resources[ImagesView.id]?.rows.removeAll()
        #expect(state.visibleRows(ImagesView.id).isEmpty)
    }

    @Test func keptWidthsAreTheWidestCells() throws {
        let state = try ResourceViewTests.state()
        let widths = try #require(state.shownColumnWidths(ImagesView.id))
        let rows = state.visibleRows(ImagesView.id)
        for (index, column) in ImagesView.definition.columns.enumerated() {
            let widest = rows.map { TerminalText.width($0.cells[index]) }.max() ?? 0
            #expect(widths.widest[index] == max(widest, TerminalText.width(column.title) + 1))
            #expect(widths.empty[index] == rows.allSatisfy { $0.cells[index].isEmpty })
        }
    }
}
