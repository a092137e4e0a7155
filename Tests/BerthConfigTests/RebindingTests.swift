import BerthConfig
import DashboardCore
import DashboardFixtures
import DashboardRenderer
import TerminalUI
import Testing

/// A config file's keys reach dispatch, the status-line hints and the help overlay: they all read `AppState.keymap`.
@Suite struct RebindingTests {
    static func configured(_ text: String) throws -> AppState {
        let (config, problems) = BerthConfig.parse(text)
        try #require(problems == [])
        var state = Fixtures.state()
        _ = Dashboard.reduce(&state, .configure(config.preferences))
        return state
    }

    @Test func aRemappedKeyRunsItsCommandAndTheOldKeyNothing() throws {
        var state = try Self.configured("[keys.list]\nstart-stop = \"S\"\n")
        #expect(state.selectedContainer?.lifecycle == .running)
        _ = Dashboard.reduce(&state, .key(.character("s")))
        #expect(state.mode == .normal)
        _ = Dashboard.reduce(&state, .key(.character("S")))
        guard case .confirming(let confirmation) = state.mode else {
            Issue.record("S did not ask to stop: \(state.mode)")
            return
        }
        #expect(confirmation.command == .stop)
    }

    @Test func hintsAndHelpShowTheUsersKeys() throws {
        let state = try Self.configured("[keys.list]\nstart-stop = \"S\"\n[keys.global]\nhelp = \"F1\"\n")
        let hints = KeyHints.current(state)
        #expect(hints.contains { $0.command == "start-stop" && $0.label == "S" })
        #expect(hints.contains { $0.command == "help" && $0.label == "F1" })
        let help = KeyHints.helpSections(state).flatMap(\.bindings)
        #expect(help.contains { $0.command == "start-stop" && $0.label == "S" })
        var shown = state
        _ = Dashboard.reduce(&shown, .key(.function(1)))
        #expect(shown.mode == .help)
        let screen = DashboardView.render(shown).plainText
        #expect(screen.contains("S "))
        #expect(screen.contains("F1"))
    }

    @Test func aCommandThatNeedsNoQuestionRunsAtOnce() throws {
        var state = try Self.configured("[confirm]\nstop = false\nrestart = false\n")
        let ref = try #require(state.selectedContainer?.ref)
        let effects = Dashboard.reduce(&state, .key(.character("s")))
        #expect(state.mode == .normal)
        #expect(effects.contains { if case .perform(.stop, ref, _) = $0 { return true } else { return false } })
    }

    @Test func helpSaysAsksFirstOnlyOfCommandsThatDo() throws {
        let state = try Self.configured("[confirm]\nstop = false\n")
        #expect(state.keymap[.list].binding("start-stop")?.help == "start, or stop")
        #expect(state.keymap[.list].binding("restart")?.help == "restart (asks first)")
    }

    @Test func killWithoutTheQuestionSendsThePickedSignal() throws {
        var state = try Self.configured("[confirm]\nkill = false\n")
        _ = Dashboard.reduce(&state, .key(.character("K")))
        let effects = Dashboard.reduce(&state, .key(.enter))
        #expect(state.mode == .normal)
        #expect(effects.contains { if case .perform(.kill, _, _) = $0 { return true } else { return false } })
    }

    @Test func removeStillAsks() throws {
        var state = try Self.configured("[confirm]\nstop = false\nrestart = false\npause = false\nkill = false\n")
        _ = Dashboard.reduce(&state, .key(.character("D")))
        guard case .confirming = state.mode else {
            Issue.record("remove did not ask")
            return
        }
    }

    @Test func theFirstViewAndPaneOpen() throws {
        let state = try Self.configured("[start]\npane = \"logs\"\n")
        #expect(state.pane == .logs)
        #expect(state.focus == .list)
        var images = Fixtures.state()
        let (config, _) = BerthConfig.parse("[start]\nview = \"images\"\n")
        let effects = Dashboard.reduce(&images, .configure(config.preferences))
        #expect(images.view == ViewID("images"))
        #expect(images.subscriptions.contains(.resources(ViewID("images"), host: .main)))
        _ = effects
    }
}
