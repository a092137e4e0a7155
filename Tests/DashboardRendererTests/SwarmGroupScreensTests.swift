import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import TerminalUI
import Testing

/// `:services` with a stack's row, open then folded, and `:secrets`, on answers recorded from a real swarm.
@Suite struct SwarmGroupScreensTests {
    static func screen(_ view: ViewID, _ rows: [ResourceRow], size: Size) -> AppState {
        var state = Fixtures.state(size: size)
        _ = Fixtures.press(&state, .character(":"))
        for c in view.name { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        _ = Dashboard.reduce(&state, .resources(.rows(view, .main, rows)))
        return state
    }

    static func services() throws -> [ResourceRow] {
        try ServicesView.definition.rows(try EngineFixtures.bytes("swarm-services-secrets.json"), .main, Fixtures.now)
    }

    @Test func aStacksRowOpenThenFolded() throws {
        var state = Self.screen(ServicesView.id, try Self.services(), size: Size(width: 100, height: 8))
        let open = DashboardView.render(state)
        expectSnapshot(open, named: "services-stack-open-100x8")
        #expect(open.plainText.contains("▾ shop") && open.plainText.contains("2 services"))
        #expect(open.plainText.contains("2 services") && open.plainText.contains("shop_db"))
        _ = Fixtures.press(&state, .enter)
        let folded = DashboardView.render(state)
        expectSnapshot(folded, named: "services-stack-folded-100x8")
        #expect(folded.plainText.contains("▸ shop") && !folded.plainText.contains("shop_db"))
        // Folding moves no column: the titles stay where they were.
        func titles(_ grid: CellGrid) -> String? {
            grid.plainText.split(separator: "\n").dropFirst().first.map(String.init)
        }
        #expect(titles(folded) == titles(open))
    }

    @Test func secretsAndTheServicesUsingThem() throws {
        let rows = try #require(SecretsView.definition.relatedRows)
        let secrets = try rows(
            try EngineFixtures.bytes("swarm-secrets.json"),
            [try EngineFixtures.bytes("swarm-services-secrets.json")], .main, 1_796_566_184 + 3600)
        let state = Self.screen(SecretsView.id, secrets, size: Size(width: 120, height: 6))
        let grid = DashboardView.render(state)
        expectSnapshot(grid, named: "secrets-120x6")
        #expect(grid.plainText.contains("shop_db, shop_web"))
    }
}
