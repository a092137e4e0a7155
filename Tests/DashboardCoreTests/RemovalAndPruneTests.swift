import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// `D` and `P` in the resource views: nothing is removed without a question that names it, a refusal shows the
/// engine's reason and offers force only where the engine has it, and a prune lists every item before `y`.
@Suite struct RemovalAndPruneTests {
    /// The images view of two engines, the cursor on `name` of `host`.
    static func images(selecting name: String, host: HostID, readOnly: Bool = false) throws -> AppState {
        var state = try ResourceViewTests.state()
        state.readOnly = readOnly
        let rows = state.visibleRows(ImagesView.id)
        let index = try #require(rows.firstIndex { $0.host == host && $0.cells.first == name })
        _ = Fixtures.press(&state, .character("g"))
        for _ in 0..<index { _ = Fixtures.press(&state, .character("j")) }
        return state
    }

    @Test func removingAnImageAsksNamingItThenRemovesIt() throws {
        var state = try Self.images(selecting: "demo/tmp:1", host: Fixtures.docker)
        #expect(Fixtures.press(&state, .character("D")).isEmpty)
        guard case .resourceDialog(.confirmRemove(let request)) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        #expect(
            request.question
                == "Remove image demo/tmp:1 (6b2ba3bbe9c9) on docker? It has 1 more tag: only this one goes, the image stays."
        )
        #expect(request.target.reference == "demo/tmp:1" && request.host == Fixtures.docker && !request.force)
        // Any other key cancels, and says nothing was removed.
        var cancelled = state
        #expect(Fixtures.press(&cancelled, .character("n")).isEmpty)
        #expect(cancelled.mode == .normal && cancelled.status?.text == "Cancelled: nothing was removed")
        #expect(Fixtures.press(&state, .character("y")) == [.resources(.remove(request))])
        #expect(state.status?.text == "Removing image demo/tmp:1 (6b2ba3bbe9c9) on docker…")
        // A second D on the same row while it goes says so.
        _ = Fixtures.press(&state, .character("D"))
        #expect(state.mode == .normal && state.status?.text.contains("being removed already") == true)
        // Done: the list is fetched again from that engine (not every engine sends an event for every removal).
        #expect(
            Dashboard.reduce(&state, .resources(.removed(request, .removed("Untagged demo/tmp:1")))) == [
                .resources(.fetch(ImagesView.id, hosts: [Fixtures.docker]))
            ])
        #expect(state.status == StatusMessage("Untagged demo/tmp:1", kind: .success))
    }

    @Test func aRefusalShowsTheEnginesReasonAndForceIsASecondChoice() throws {
        var state = try Self.images(selecting: "berth-test/busybox:latest", host: Fixtures.docker)
        _ = Fixtures.press(&state, .character("D"))
        guard case .resourceDialog(.confirmRemove(let request)) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        _ = Fixtures.press(&state, .character("y"))
        let reason = "conflict: unable to remove repository reference (must force) - container 7ba38e214969 is using it"
        _ = Dashboard.reduce(&state, .resources(.removed(request, .refused(reason))))
        #expect(state.mode == .resourceDialog(.removeRefused(request, reason: reason)))
        #expect(KeyHints.current(state).contains { $0.label == "F" && $0.text == "force" })
        var forced = request
        forced.force = true
        #expect(Fixtures.press(&state, .character("F")) == [.resources(.remove(forced))])
        #expect(state.status?.text.hasPrefix("Force-removing image berth-test/busybox:latest") == true)
    }

    @Test func aVolumeInUseCannotBeForced() throws {
        var state = Fixtures.twoHosts()
        _ = Fixtures.press(&state, .character(":"))
        for c in "volumes" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        let rows = VolumesView.rows(
            [VolumeSummary(name: "data", driver: "local")], host: Fixtures.docker, now: Fixtures.now)
        _ = Dashboard.reduce(&state, .resources(.rows(VolumesView.id, Fixtures.docker, rows)))
        _ = Fixtures.press(&state, .character("D"))
        guard case .resourceDialog(.confirmRemove(let request)) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        #expect(request.question == "Remove volume data on docker?")
        #expect(Fixtures.press(&state, .character("y")) == [.resources(.remove(request))])
        _ = Dashboard.reduce(&state, .resources(.removed(request, .refused("remove data: volume is in use - [abc]"))))
        #expect(!KeyHints.current(state).contains { $0.text == "force" })
        #expect(Fixtures.press(&state, .character("F")).isEmpty)
        #expect(state.mode == .normal)
    }

    @Test func enterShowsTheObjectsDocumentAndAnyOtherKeyClosesIt() throws {
        var state = try Self.images(selecting: "demo/tmp:1", host: Fixtures.docker)
        #expect(
            Fixtures.press(&state, .enter) == [
                .resources(.inspect(ImagesView.id, host: Fixtures.docker, reference: "demo/tmp:1"))
            ])
        guard case .resourceDialog(.inspect(let overlay)) = state.mode else {
            Issue.record("no overlay: \(state.mode)")
            return
        }
        #expect(overlay.title == "image demo/tmp:1 (6b2ba3bbe9c9) on docker" && overlay.lines == nil)
        // A document for another object (an earlier Enter) is not shown here.
        _ = Dashboard.reduce(&state, .resources(.inspected(Fixtures.podman, reference: "demo/tmp:1", lines: ["x"])))
        #expect(state.mode == .resourceDialog(.inspect(overlay)))
        let lines = (0..<100).map { "line \($0)" }
        _ = Dashboard.reduce(&state, .resources(.inspected(Fixtures.docker, reference: "demo/tmp:1", lines: lines)))
        _ = Fixtures.press(&state, .character("G"))
        guard case .resourceDialog(.inspect(let scrolled)) = state.mode else { return }
        #expect(scrolled.scroll == 100 - (state.size.height - 6))
        _ = Fixtures.press(&state, .character("x"))
        #expect(state.mode == .normal)
    }

    @Test func readOnlyRefusesRemovingAndPruning() throws {
        var state = try Self.images(selecting: "demo/tmp:1", host: Fixtures.docker, readOnly: true)
        #expect(Fixtures.press(&state, .character("D")).isEmpty)
        #expect(state.mode == .normal && state.status?.text.contains("--read-only") == true)
        #expect(Fixtures.press(&state, .character("P")).isEmpty)
        #expect(state.mode == .normal)
        var effects = Fixtures.press(&state, .character(":"))
        for c in "prune volumes" { effects += Fixtures.press(&state, .character(c)) }
        effects += Fixtures.press(&state, .enter)
        #expect(effects.isEmpty && state.mode == .normal && state.status?.text.contains("--read-only") == true)
        #expect(!KeyHints.current(state).contains { $0.text == "remove" || $0.text == "prune" })
    }

    static let dangling = PruneItem(id: "sha256:842aa643e909", name: "<none>:<none> 842aa643e909", size: 1_984_241)

    @Test func aPruneListsEveryItemBeforeItAsksAndComparesTheResult() throws {
        var state = try ResourceViewTests.state()
        #expect(
            Fixtures.press(&state, .character("P")) == [
                .resources(.previewPrune(.danglingImages, hosts: [Fixtures.docker, Fixtures.podman]))
            ])
        // While the engines answer, y does nothing.
        #expect(Fixtures.press(&state, .character("y")).isEmpty)
        let docker = PrunePreview(kind: .danglingImages, items: [Self.dangling], takenAtNanos: Fixtures.now)
        let podman = PrunePreview(kind: .danglingImages, items: [], takenAtNanos: Fixtures.now)
        _ = Dashboard.reduce(&state, .resources(.prunePreviewed(Fixtures.docker, docker)))
        guard case .resourceDialog(.prune(let previewing)) = state.mode else {
            Issue.record("no dialog: \(state.mode)")
            return
        }
        #expect(previewing.phase == .previewing)
        _ = Dashboard.reduce(&state, .resources(.prunePreviewed(Fixtures.podman, podman)))
        guard case .resourceDialog(.prune(let ready)) = state.mode else { return }
        #expect(ready.phase == .ready && ready.items.map(\.item) == [Self.dangling])
        // Only the engine with something to prune is asked to.
        #expect(
            Fixtures.press(&state, .character("y")) == [
                .resources(.prune([HostPrune(host: Fixtures.docker, preview: docker)]))
            ])
        let outcome = PruneOutcome(removed: [Self.dangling], kept: [], unexpected: [], spaceReclaimed: 0)
        #expect(
            Dashboard.reduce(&state, .resources(.pruned(.danglingImages, Fixtures.docker, outcome))) == [
                .resources(.fetch(ImagesView.id, hosts: [Fixtures.docker]))
            ])
        guard case .resourceDialog(.prune(let done)) = state.mode else { return }
        #expect(done.phase == .done)
        #expect(state.status == StatusMessage("Pruned 1 image (reclaimed 0B), as previewed", kind: .success))
        _ = Fixtures.press(&state, .character("q"))
        #expect(state.mode == .normal && !state.isQuitting)
    }

    @Test func aResultThatDiffersFromThePreviewSaysSo() {
        var dialog = PruneDialog(kind: .volumes, hosts: [Fixtures.docker])
        dialog.previews[Fixtures.docker] = PrunePreview(
            kind: .volumes, items: [PruneItem(id: "a", name: "a"), PruneItem(id: "b", name: "b")], takenAtNanos: 0)
        dialog.outcomes[Fixtures.docker] = PruneOutcome(
            removed: [PruneItem(id: "a", name: "a")], kept: [PruneItem(id: "b", name: "b")], unexpected: ["c"],
            spaceReclaimed: 2_000)
        #expect(dialog.summary == "Pruned 1 volume (reclaimed 2kB); 1 not in the preview, 1 of the preview kept")
    }

    @Test func nothingToPruneClosesWithoutAsking() throws {
        var state = try ResourceViewTests.state()
        _ = Fixtures.press(&state, .character("P"))
        for host in [Fixtures.docker, Fixtures.podman] {
            let preview = PrunePreview(kind: .danglingImages, items: [], takenAtNanos: Fixtures.now)
            _ = Dashboard.reduce(&state, .resources(.prunePreviewed(host, preview)))
        }
        #expect(!KeyHints.current(state).contains { $0.text == "prune" })
        #expect(Fixtures.press(&state, .character("y")).isEmpty)
        #expect(state.mode == .normal && state.status?.text == "Nothing to prune: no dangling images")
    }

    @Test func anEngineThatCannotPreviewIsLeftOut() throws {
        var state = try ResourceViewTests.state()
        _ = Fixtures.press(&state, .character("P"))
        let docker = PrunePreview(kind: .danglingImages, items: [Self.dangling], takenAtNanos: Fixtures.now)
        _ = Dashboard.reduce(&state, .resources(.prunePreviewed(Fixtures.docker, docker)))
        _ = Dashboard.reduce(&state, .resources(.prunePreviewFailed(.danglingImages, Fixtures.podman, "timed out")))
        #expect(
            Fixtures.press(&state, .character("y")) == [
                .resources(.prune([HostPrune(host: Fixtures.docker, preview: docker)]))
            ])
    }

    @Test func theCommandLinePrunesByNameOrPicks() throws {
        var state = Fixtures.twoHosts()
        var effects = Fixtures.press(&state, .character(":"))
        for c in "prune vol" { effects += Fixtures.press(&state, .character(c)) }
        effects += Fixtures.press(&state, .tab)
        #expect(state.mode == .commandLine(text: "prune volumes"))
        effects += Fixtures.press(&state, .enter)
        #expect(effects == [.resources(.previewPrune(.volumes, hosts: [Fixtures.docker, Fixtures.podman]))])
        _ = Fixtures.press(&state, .escape)
        #expect(state.mode == .normal)
        _ = Fixtures.press(&state, .character(":"))
        for c in "prune" { _ = Fixtures.press(&state, .character(c)) }
        _ = Fixtures.press(&state, .enter)
        #expect(state.mode == .resourceDialog(.prunePicker(index: 0)))
        _ = Fixtures.press(&state, .character("j"))
        #expect(
            Fixtures.press(&state, .enter) == [
                .resources(.previewPrune(.danglingImages, hosts: [Fixtures.docker, Fixtures.podman]))
            ])
        _ = Fixtures.press(&state, .escape)
        _ = Fixtures.press(&state, .character(":"))
        for c in "prune bogus" { _ = Fixtures.press(&state, .character(c)) }
        #expect(Fixtures.press(&state, .enter).isEmpty)
        #expect(state.status?.kind == .error && state.status?.text.contains("not one of") == true)
    }

    @Test func onlyConnectedEnginesArePreviewed() throws {
        var state = Fixtures.twoHosts()
        _ = Dashboard.reduce(&state, .engineUnreachable(Fixtures.podman, reason: "gone", retryInSeconds: 3))
        _ = Fixtures.press(&state, .character(":"))
        for c in "prune networks" { _ = Fixtures.press(&state, .character(c)) }
        #expect(
            Fixtures.press(&state, .enter) == [.resources(.previewPrune(.networks, hosts: [Fixtures.docker]))])
        // The preview says the other engine is left out.
        guard case .resourceDialog(.prune(let dialog)) = state.mode else {
            Issue.record("no dialog: \(state.mode)")
            return
        }
        #expect(dialog.previewErrors == [Fixtures.podman: "not connected"])
    }
}
