import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

@Suite struct BulkActionsTests {
    /// Marks the rows named, in list order.
    static func mark(_ names: [String], in state: inout AppState) {
        for name in names {
            state.selection = state.containers.first { $0.displayName == name }?.ref
            _ = Fixtures.press(&state, .character(" "))
        }
    }

    static func names(_ effects: [Effect]) -> [String] {
        effects.compactMap { effect in
            if case .perform(_, _, let name) = effect { return name }
            return nil
        }
    }

    @Test func stopAsksOnceListingTheMarkedRowsThenStopsEach() {
        var state = Fixtures.state()
        Self.mark(["web-1", "db-1", "batch"], in: &state)
        #expect(state.marked.count == 3)
        _ = Fixtures.press(&state, .character("s"))
        guard case .bulk(let dialog) = state.mode else {
            Issue.record("no bulk question: \(state.mode)")
            return
        }
        #expect(dialog.command == .stop)
        // In the order the list shows them.
        #expect(dialog.targets.map(\.name) == ["db-1", "web-1"])
        #expect(dialog.skipped == ["batch (not running)"])
        #expect(dialog.question == "Stop 2 containers?")
        let effects = Fixtures.press(&state, .character("y"))
        #expect(Self.names(effects) == ["db-1", "web-1"])
        #expect(effects.allSatisfy { if case .perform(.stop, _, _) = $0 { true } else { false } })
        #expect(state.pending.count == 2)
        #expect(state.marked.map(\.id) == [state.containers.first { $0.displayName == "batch" }!.id])
        // Each row reports; the last one sums up.
        let db = dialog.targets[0]
        let web = dialog.targets[1]
        _ = Dashboard.reduce(&state, .commandFinished(.stop, container: web.container, name: web.name, error: nil))
        #expect(state.status?.text == "Stopped web-1")
        _ = Dashboard.reduce(
            &state, .commandFinished(.stop, container: db.container, name: db.name, error: "permission denied"))
        #expect(state.status?.text == "Stopped 1 of 2: web-1; could not stop db-1: permission denied")
        #expect(state.status?.kind == .error)
        #expect(state.bulk == nil)
        #expect(state.messages.entries.contains { $0.message.text == "Stopped web-1" })
    }

    @Test func anyOtherKeyCancelsAndNothingHappens() {
        var state = Fixtures.state()
        Self.mark(["web-1", "db-1"], in: &state)
        _ = Fixtures.press(&state, .character("r"))
        guard case .bulk(let dialog) = state.mode else {
            Issue.record("no bulk question")
            return
        }
        #expect(dialog.question == "Restart 2 containers?")
        #expect(Fixtures.press(&state, .character("n")).isEmpty)
        #expect(state.mode == .normal)
        #expect(state.pending.isEmpty)
        #expect(state.marked.count == 2)
    }

    @Test func killPicksTheSignalThenAsks() {
        var state = Fixtures.state()
        Self.mark(["web-1", "worker-1", "fresh"], in: &state)
        _ = Fixtures.press(&state, .character("K"))
        #expect(KeyDispatch.mode(state) == .killPicker)
        _ = Fixtures.press(&state, .character("2"))
        guard case .bulk(let dialog) = state.mode else {
            Issue.record("no bulk question")
            return
        }
        #expect(dialog.command == .kill(.kill))
        #expect(dialog.question == "Send KILL to 2 containers?")
        #expect(dialog.skipped == ["fresh (not running)"])
        let effects = Fixtures.press(&state, .character("y"))
        #expect(Self.names(effects).sorted() == ["web-1", "worker-1"])
    }

    @Test func removeForcesOnlyTheRunningOnesAndOffersVolumes() {
        var state = Fixtures.state()
        Self.mark(["web-1", "batch"], in: &state)
        _ = Fixtures.press(&state, .character("D"))
        guard case .bulk(let dialog) = state.mode else {
            Issue.record("no bulk question")
            return
        }
        #expect(dialog.question == "Remove 2 containers? 1 is running and will be forced.")
        _ = Fixtures.press(&state, .character("v"))
        let effects = Fixtures.press(&state, .character("y"))
        let commands = effects.compactMap { effect -> ContainerCommand? in
            if case .perform(let command, _, _) = effect { return command }
            return nil
        }
        #expect(commands == [.remove(force: true, volumes: true), .remove(force: false, volumes: true)])
    }

    @Test func startWhenNoneRunsAndReadOnlyRefuses() {
        var state = Fixtures.state()
        Self.mark(["batch", "fresh"], in: &state)
        _ = Fixtures.press(&state, .character("s"))
        guard case .bulk(let dialog) = state.mode else {
            Issue.record("no bulk question")
            return
        }
        #expect(dialog.command == .start)
        #expect(dialog.targets.count == 2)

        var readOnly = Fixtures.state(readOnly: true)
        Self.mark(["web-1", "db-1"], in: &readOnly)
        #expect(Fixtures.press(&readOnly, .character("s")).isEmpty)
        #expect(readOnly.mode == .normal)
        #expect(readOnly.status?.kind == .error)
    }
}
