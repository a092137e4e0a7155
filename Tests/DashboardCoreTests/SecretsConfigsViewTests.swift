import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// `:secrets` and `:configs` on answers recorded from a real swarm: `db_password` (used by `shop_db` and
/// `shop_web`), `api_key` (by `shop_web`), `shop_nginx_conf` (by `shop_db`) and `blob_config` (by none).
@Suite struct SecretsConfigsViewTests {
    /// A little after the recordings were made (2026-12-06T14:09:44Z).
    static let now: Int64 = 1_796_566_184 + 120

    static func rows(_ definition: ResourceViewDefinition, _ list: String) throws -> [ResourceRow] {
        let rows = try #require(definition.relatedRows)
        return try rows(
            try EngineFixtures.bytes(list), [try EngineFixtures.bytes("swarm-services-secrets.json")], .main, now)
    }

    static func state(_ view: ViewID, readOnly: Bool = false) throws -> AppState {
        var state = Fixtures.state(size: Size(width: 160, height: 30), readOnly: readOnly)
        _ = Fixtures.press(&state, .character(":"))
        for c in view.name { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        _ = Dashboard.reduce(
            &state, .resources(.rows(SecretsView.id, .main, try rows(SecretsView.definition, "swarm-secrets.json"))))
        _ = Dashboard.reduce(
            &state, .resources(.rows(ConfigsView.id, .main, try rows(ConfigsView.definition, "swarm-configs.json"))))
        return state
    }

    @Test func secretsSayWhoUsesThem() throws {
        let state = try Self.state(SecretsView.id)
        #expect(state.view == SecretsView.id)
        let rows = state.visibleRows(SecretsView.id)
        #expect(rows.map { $0.cells[0] } == ["api_key", "db_password"])
        #expect(rows.map { $0.cells[5] } == ["shop_web", "shop_db, shop_web"])
        #expect(rows[1].cells[1] == "w9akrlmc8vxv" && rows[1].cells[4] == "com.example.tier=db")
        #expect(rows.allSatisfy { $0.cells[2] == "2 minutes ago" && $0.cells[3] == "2 minutes ago" })
        #expect(rows.allSatisfy { $0.tone == .normal && $0.removal?.kind == .secret })
    }

    /// Podman keeps secrets but has no services: its rows come without the list of users (the feed passes no bytes).
    @Test func secretsWithoutAServicesListStillShow() throws {
        let rows = try #require(SecretsView.definition.relatedRows)
        let listed = try rows(try EngineFixtures.bytes("swarm-secrets.json"), [[]], .main, Self.now)
        #expect(listed.map { $0.cells[0] }.sorted() == ["api_key", "db_password"])
        #expect(listed.allSatisfy { $0.cells[5].isEmpty || $0.cells[5] == "-" })
    }

    @Test func anUnusedConfigIsDimmed() throws {
        let rows = try Self.rows(ConfigsView.definition, "swarm-configs.json")
        #expect(rows.map { $0.cells[0] } == ["shop_nginx_conf", "blob_config"])
        #expect(rows.map { $0.cells[5] } == ["shop_db", ""])
        #expect(rows.map(\.tone) == [.normal, .dim])
        #expect(rows[0].removal?.kind == .config && rows[0].removal?.reference == "r0zmiek338mxfwp6x38u8vnwt")
        // Before the services list arrives nobody is known to use one, and none is dimmed.
        let alone = try ConfigsView.definition.rows(try EngineFixtures.bytes("swarm-configs.json"), .main, Self.now)
        #expect(alone.allSatisfy { $0.tone == .normal && $0.cells[5].isEmpty })
        // A manager answers `null` for no configs.
        #expect(try ConfigsView.definition.rows(Array("null".utf8), .main, Self.now).isEmpty)
    }

    @Test func removingNamesItAndSaysWhoUsesIt() throws {
        var state = try Self.state(SecretsView.id)
        let password = state.visibleRows(SecretsView.id).first { $0.id == "w9akrlmc8vxvmo1qq3q3lpv6m" }?.key
        state.resources[SecretsView.id]?.selection = password
        _ = Fixtures.press(&state, .character("D"))
        guard case .resourceDialog(.confirmRemove(let request)) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        #expect(
            request.question
                == "Remove secret db_password? Services shop_db, shop_web use it: the engine refuses while they do.")
        let effects = Fixtures.press(&state, .character("y"))
        #expect(effects == [.resources(.remove(request))])
        // The engine's refusal, in its words.
        let reason =
            "rpc error: code = InvalidArgument desc = secret 'db_password' is in use by the following services: shop_db, shop_web"
        _ = Dashboard.reduce(&state, .resources(.removed(request, .refused(reason))))
        #expect(state.mode == .resourceDialog(.removeRefused(request, reason: reason)))
        #expect(state.status?.text == "Could not remove secret db_password: \(reason)")
        var readOnly = try Self.state(SecretsView.id, readOnly: true)
        #expect(Fixtures.press(&readOnly, .character("D")).isEmpty && readOnly.mode == .normal)
    }

    @Test func enterShowsTheDocument() throws {
        var state = try Self.state(ConfigsView.id)
        // blob_config comes first by name.
        let effects = Fixtures.press(&state, .enter)
        #expect(effects == [.resources(.inspect(ConfigsView.id, host: .main, reference: "xe5f2rfo2vh2756smv15r9i7u"))])
        // The document's lines: the data decoded below it, as text.
        let document = try EngineFixtures.json("swarm-config-inspect.json")
        let lines = try #require(ConfigsView.definition.inspectLines?(document))
        #expect(lines.contains("    listen 80;"))
        let secret = try EngineFixtures.json("swarm-secret-inspect.json")
        #expect(SecretsView.definition.inspectLines?(secret).contains { $0.contains("db_password") } == true)
    }

    @Test func theyFollowTheirEventsAndTheServicesAndAWorkerIsTheWrongNode() {
        #expect(SecretsView.definition.eventTypes == ["secret", "service"])
        #expect(ConfigsView.definition.eventTypes == ["config", "service"])
        #expect(SecretsView.definition.related == [Endpoints.listServices])
        let worker = EngineError.server(
            status: 503,
            message: "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state.")
        #expect(SecretsView.definition.explainFailure?(worker) == SwarmFailure.worker)
        #expect(ConfigsView.definition.explainFailure?(worker) == SwarmFailure.worker)
        // `:` completes them.
        #expect(ViewRegistry.names.contains("secrets") && ViewRegistry.names.contains("configs"))
    }
}
