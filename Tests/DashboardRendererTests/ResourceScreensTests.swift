import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import TerminalUI
import Testing

/// The volumes, networks and df screens, and the remove and prune dialogs, on answers recorded from Docker 20.10 and
/// Podman 4.3.
@Suite struct ResourceScreensTests {
    static func containers(_ fixture: String) throws -> [ContainerSummary] {
        try JSONCoding.decode([ContainerSummary].self, from: try EngineFixtures.bytes(fixture))
    }

    /// Both engines with their recorded containers, `view` on screen with its recorded rows.
    static func screen(_ view: ViewID, docker: String, podman: String, size: Size) throws -> AppState {
        var state = Fixtures.twoHosts(
            docker: try containers("containers-mounts-docker.json"),
            podman: try containers("containers-mounts-podman.json"), size: size)
        _ = Fixtures.press(&state, .character(":"))
        for c in view.name { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        let definition = try #require(ViewRegistry.definition(view))
        for (host, fixture) in [(Fixtures.docker, docker), (Fixtures.podman, podman)] {
            let rows = try definition.rows(try EngineFixtures.bytes(fixture), host, Fixtures.now)
            _ = Dashboard.reduce(&state, .resources(.rows(view, host, rows)))
            _ = Dashboard.reduce(&state, .resources(.fetched(view, host, at: Fixtures.now - 90)))
        }
        return state
    }

    @Test func volumesWithSizesMeasuredAMinuteAgo() throws {
        var state = try Self.screen(
            VolumesView.id, docker: "volumes-docker.json", podman: "volumes-podman.json",
            size: Size(width: 140, height: 12))
        for (host, fixture) in [(Fixtures.docker, "system-df-docker.json"), (Fixtures.podman, "system-df-podman.json")]
        {
            let usage = try JSONCoding.decode(DiskUsage.self, from: try EngineFixtures.bytes(fixture))
            let measurement = Measurement(at: Fixtures.now - 70, figures: VolumesView.figures(usage))
            _ = Dashboard.reduce(&state, .resources(.measured(VolumesView.id, host, measurement)))
        }
        let grid = DashboardView.render(state)
        expectSnapshot(grid, named: "volumes-two-hosts-140x12")
        #expect(grid.plainText.contains("sizes measured About a minute ago"))
    }

    @Test func networksOfBothEngines() throws {
        let state = try Self.screen(
            NetworksView.id, docker: "networks-docker.json", podman: "networks-podman.json",
            size: Size(width: 140, height: 12))
        expectSnapshot(DashboardView.render(state), named: "networks-two-hosts-140x12")
    }

    @Test func diskUsageOfBothEngines() throws {
        let state = try Self.screen(
            DiskUsageView.id, docker: "system-df-docker.json", podman: "system-df-podman.json",
            size: Size(width: 100, height: 14))
        let grid = DashboardView.render(state)
        expectSnapshot(grid, named: "df-two-hosts-100x14")
        #expect(grid.plainText.contains("measured About a minute ago"))
    }

    @Test func theRemoveQuestionAndTheEnginesRefusal() throws {
        var state = try Self.screen(
            VolumesView.id, docker: "volumes-docker.json", podman: "volumes-podman.json",
            size: Size(width: 100, height: 16))
        _ = Fixtures.press(&state, .character("/"))
        for c in "views-data" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter, .character("D"))
        expectSnapshot(DashboardView.render(state), named: "remove-volume-question-100x16")
        guard case .resourceDialog(.confirmRemove(let request)) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        _ = Fixtures.press(&state, .character("y"))
        let refusal = EngineError.fromResponse(
            status: 409, body: try EngineFixtures.bytes("error-409-volume-in-use-docker.json"))
        _ = Dashboard.reduce(&state, .resources(.removed(request, .refused(refusal.description))))
        let grid = DashboardView.render(state)
        expectSnapshot(grid, named: "remove-volume-refused-100x16")
        #expect(grid.plainText.contains("volume is in use"))
        #expect(!grid.plainText.contains("force"))
    }

    /// An image's size counts the layers it shares with images that stay: an image prune's total is "up to" it.
    @Test func anImagePrunesTotalIsAnUpperBound() throws {
        var state = try Self.screen(
            ImagesView.id, docker: "images-docker.json", podman: "images-podman.json", size: Size(width: 90, height: 20)
        )
        _ = Fixtures.press(&state, .character("P"))
        guard case .resourceDialog(.prune(let dialog)) = state.mode else {
            Issue.record("no prune question: \(state.mode)")
            return
        }
        let kind = dialog.kind
        #expect(kind == .danglingImages || kind == .unusedImages)
        let preview = PrunePreview(
            kind: kind, items: [PruneItem(id: "sha256:1", name: "demo/tmp:1", size: 1_984_241)],
            takenAtNanos: Fixtures.now)
        _ = Dashboard.reduce(&state, .resources(.prunePreviewed(Fixtures.docker, preview)))
        _ = Dashboard.reduce(
            &state,
            .resources(
                .prunePreviewed(Fixtures.podman, PrunePreview(kind: kind, items: [], takenAtNanos: Fixtures.now))))
        let text = DashboardView.render(state).plainText
        #expect(text.contains("up to 1.98MB"), "\(text)")
        #expect(text.contains("Layers these images share"), "\(text)")
    }

    @Test func aPrunesPreviewAndResult() throws {
        var state = try Self.screen(
            VolumesView.id, docker: "volumes-docker.json", podman: "volumes-podman.json",
            size: Size(width: 90, height: 20))
        _ = Fixtures.press(&state, .character("P"))
        expectSnapshot(DashboardView.render(state), named: "prune-volumes-asking-90x20")
        let docker = PrunePreview(
            kind: .volumes, items: [PruneItem(id: "views-unused", name: "views-unused", size: 4096)],
            takenAtNanos: Fixtures.now)
        let podman = PrunePreview(
            kind: .volumes, items: [PruneItem(id: "pm-unused", name: "pm-unused", size: 0)], takenAtNanos: Fixtures.now)
        _ = Dashboard.reduce(&state, .resources(.prunePreviewed(Fixtures.docker, docker)))
        _ = Dashboard.reduce(&state, .resources(.prunePreviewed(Fixtures.podman, podman)))
        let preview = DashboardView.render(state)
        expectSnapshot(preview, named: "prune-volumes-preview-90x20")
        #expect(preview.plainText.contains("views-unused") && preview.plainText.contains("pm-unused"))
        _ = Fixtures.press(&state, .character("y"))
        let report = try JSONCoding.decode(
            PruneReport.self, from: try EngineFixtures.bytes("prune-volumes-docker.json"))
        _ = Dashboard.reduce(
            &state,
            .resources(
                .pruned(.volumes, Fixtures.docker, PruneOutcome(kind: .volumes, preview: docker.items, report: report)))
        )
        _ = Dashboard.reduce(
            &state,
            .resources(
                .pruned(
                    .volumes, Fixtures.podman,
                    PruneOutcome(kind: .volumes, preview: podman.items, report: PruneReport(volumesDeleted: [])))))
        let result = DashboardView.render(state)
        expectSnapshot(result, named: "prune-volumes-result-90x20")
        #expect(result.plainText.contains("kept: pm-unused"))
    }

    /// A view opened while every engine is down says why, not "Loading…" for ever; once one engine answers, the
    /// view waits for its rows as usual.
    @Test func aViewOfEnginesThatAreAllDownSaysWhy() {
        var state = Fixtures.twoHosts(size: Size(width: 100, height: 10))
        for host in [Fixtures.docker, Fixtures.podman] {
            _ = Dashboard.reduce(
                &state, .engineUnreachable(host, reason: "Engine unreachable: connection refused", retryInSeconds: 5))
        }
        _ = Fixtures.press(&state, .character(":"))
        for c in "images" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        let text = DashboardView.render(state).plainText
        #expect(text.contains("docker: Engine unreachable: connection refused"), "\(text)")
        #expect(!text.contains("Loading images"))
        // Nothing has been counted yet: the header names the view without a count.
        #expect(!text.contains("0 images"), "\(text)")
        _ = Dashboard.reduce(&state, .engineConnected(Fixtures.podman, Fixtures.podmanInfo))
        #expect(DashboardView.render(state).plainText.contains("Loading images"))
    }

    @Test func thePrunePicker() {
        var state = Fixtures.twoHosts(size: Size(width: 90, height: 16))
        _ = Fixtures.press(&state, .character(":"))
        for c in "prune" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter, .character("j"))
        expectSnapshot(DashboardView.render(state), named: "prune-picker-90x16")
    }

    @Test func anEngineNameCannotDriveTheTerminalFromADialog() {
        var state = Fixtures.twoHosts(size: Size(width: 90, height: 16))
        _ = Fixtures.press(&state, .character(":"))
        for c in "volumes" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        let rows = VolumesView.rows(
            [VolumeSummary(name: "evil\u{1B}]0;title\u{07}", driver: "local")], host: Fixtures.docker, now: Fixtures.now
        )
        _ = Dashboard.reduce(&state, .resources(.rows(VolumesView.id, Fixtures.docker, rows)))
        _ = Fixtures.press(&state, .character("D"))
        let text = DashboardView.render(state).plainText
        #expect(text.contains("evil^[]0;title^G"))
        #expect(!text.contains("\u{1B}"))
    }
}
