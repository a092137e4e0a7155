import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// The status line's messages are kept with their times, and `:messages` shows them.
@Suite struct MessagesTests {
    static let longError =
        "OCI runtime exec failed: exec failed: unable to start container process: exec: \"/nonexistent/bin/tool\": "
        + "stat /nonexistent/bin/tool: no such file or directory: unknown"

    static func type(_ state: inout AppState, _ text: String) {
        for c in text { _ = Fixtures.press(&state, .character(c)) }
    }

    @Test func messagesAreLoggedWithTheirTimes() {
        var state = Fixtures.state()
        _ = Dashboard.reduce(&state, .tick(now: Fixtures.now + 5))
        _ = Dashboard.reduce(&state, .execFinished(name: "web-1", exitCode: nil, error: Self.longError))
        let entry = state.messages.entries.last
        #expect(entry?.time == Fixtures.now + 5)
        #expect(entry?.message.text == "Exec in web-1 failed: \(Self.longError)")
        #expect(entry?.message.kind == .error)
        // News that leaves the message standing does not log it again; a key that says nothing logs nothing.
        _ = Dashboard.reduce(&state, .tick(now: Fixtures.now + 6))
        _ = Fixtures.press(&state, .character("j"))
        #expect(state.messages.entries.count == 1)
        // The same words after a key are a new message.
        _ = Fixtures.press(&state, .character("a"))
        _ = Fixtures.press(&state, .character("a"))
        #expect(
            state.messages.entries.suffix(2).map(\.message.text) == [
                "Showing running containers only", "Showing all containers",
            ])
    }

    /// Every row of a bulk command has its own line in `:messages`, the last one too, then the summary.
    @Test func everyRowOfABulkCommandIsLoggedThenTheSummary() throws {
        var state = Fixtures.state()
        let running = state.containers.filter { $0.lifecycle.isAlive }.prefix(3)
        #expect(running.count == 3)
        state.marked = Set(running.map(\.ref))
        _ = Fixtures.press(&state, .character("r"))
        let effects = Fixtures.press(&state, .character("y"))
        let before = state.messages.entries.count
        for effect in effects {
            guard case .perform(let command, let ref, let name) = effect else { continue }
            _ = Dashboard.reduce(&state, .commandFinished(command, container: ref, name: name, error: nil))
        }
        let logged = state.messages.entries.dropFirst(before).map(\.message.text)
        #expect(logged.count == 4, "\(logged)")
        for row in running {
            #expect(logged.dropLast().contains("Restarted \(state.label(row))"), "\(logged)")
        }
        #expect(logged.last?.hasPrefix("Restarted 3 of 3") == true, "\(logged)")
    }

    @Test func onlyTheLastHundredAreKept() {
        var state = Fixtures.state()
        for i in 0..<150 {
            let ref = ContainerRef(host: .main, id: "x")
            _ = Dashboard.reduce(&state, .commandFinished(.stop, container: ref, name: "n\(i)", error: nil))
        }
        #expect(state.messages.entries.count == MessageLog.capacity)
        #expect(state.messages.entries.first?.message.text.contains("n50") == true)
    }

    @Test func colonMessagesOpensThemAndAnyKeyCloses() {
        var state = Fixtures.state()
        _ = Dashboard.reduce(&state, .execFinished(name: "web-1", exitCode: nil, error: Self.longError))
        _ = Fixtures.press(&state, .character(":"))
        Self.type(&state, "mes")
        _ = Fixtures.press(&state, .tab)
        #expect(state.mode == .commandLine(text: "messages"))
        _ = Fixtures.press(&state, .enter)
        #expect(state.mode == .messages)
        #expect(KeyDispatch.mode(state) == .messages)
        // q closes the messages; it does not quit.
        _ = Fixtures.press(&state, .character("q"))
        #expect(state.mode == .normal)
        #expect(!state.isQuitting)
        // `:me` is enough.
        _ = Fixtures.press(&state, .character(":"))
        Self.type(&state, "me")
        _ = Fixtures.press(&state, .enter)
        #expect(state.mode == .messages)
    }
}
