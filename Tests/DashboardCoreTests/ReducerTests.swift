import DashboardCore
import DashboardFixtures
import EngineAPI
import Foundation
import TerminalUI
import Testing

@Suite struct ReducerTests {
    @Test func runningContainersComeFirstAndTheFirstIsSelected() {
        let state = Fixtures.state()
        #expect(state.visibleContainers.map(\.displayName) == ["db-1", "web-1", "worker-1", "fresh", "batch"])
        #expect(state.selectedContainer?.displayName == "db-1")
    }

    @Test func movementKeysClampAtTheEnds() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("k"))
        #expect(state.selectedContainer?.displayName == "db-1")
        _ = Fixtures.press(&state, .character("j"), .down)
        #expect(state.selectedContainer?.displayName == "worker-1")
        _ = Fixtures.press(&state, .character("G"))
        #expect(state.selectedContainer?.displayName == "batch")
        _ = Fixtures.press(&state, .down)
        #expect(state.selectedContainer?.displayName == "batch")
        _ = Fixtures.press(&state, .home)
        #expect(state.selectedContainer?.displayName == "db-1")
        _ = Fixtures.press(&state, .pageDown)
        #expect(state.selectedContainer?.displayName == "batch")
    }

    @Test func filterMatchesNameImageAndIDAndEscClears() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("/"), .character("p"), .character("o"), .character("s"))
        #expect(state.mode == .filtering)
        #expect(state.visibleContainers.map(\.displayName) == ["db-1"])
        #expect(state.selectedContainer?.displayName == "db-1")
        _ = Fixtures.press(
            &state, .backspace, .backspace, .backspace, .character("d"), .character("d"), .character("d"))
        #expect(state.visibleContainers.map(\.displayName) == ["batch"])
        _ = Fixtures.press(&state, .enter)
        #expect(state.mode == .normal)
        #expect(state.filter == "ddd")
        _ = Fixtures.press(&state, .escape)
        #expect(state.filter.isEmpty)
        #expect(state.visibleContainers.count == 5)
    }

    @Test func slashOnAKeptFilterReplacesItWhenTypingAndEditsItOtherwise() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("/"), .character("p"), .character("o"), .character("s"), .enter)
        #expect(state.filter == "pos" && !state.filterSelected)
        _ = Fixtures.press(&state, .character("/"))
        #expect(state.filterSelected)
        _ = Fixtures.press(&state, .character("w"), .character("e"))
        #expect(state.filter == "we")
        _ = Fixtures.press(&state, .enter, .character("/"), .backspace)
        #expect(state.filter == "w")
        #expect(!state.filterSelected)
    }

    @Test func filterIgnoresCaseAndMatchesIDsFromTheStartOnly() throws {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("/"), .character("W"), .character("E"), .character("B"))
        #expect(state.visibleContainers.map(\.displayName) == ["web-1"])
        let id = try #require(state.visibleContainers.first?.id)
        state.filter = String(id.prefix(6))
        #expect(state.visibleContainers.map(\.displayName) == ["web-1"])
        state.filter = String(id.dropFirst(1).prefix(6))
        #expect(state.visibleContainers.isEmpty)
    }

    @Test func plainMatcherFoldsASCIIOnlyAndFindsEveryOffset() {
        let matcher = PlainTextMatcher("AbC", caseSensitive: false)
        #expect(matcher.matches("xxabcxx"))
        #expect(matcher.matches("ABC"))
        #expect(!matcher.matches("ab"))
        #expect(!matcher.matches(""))
        #expect(PlainTextMatcher("", caseSensitive: false).matches("anything"))
        #expect(!PlainTextMatcher("É", caseSensitive: false).matches("é"))
        #expect(PlainTextMatcher("ÉTÉ", caseSensitive: true).matches("un ÉTÉ"))
        #expect(!PlainTextMatcher("Abc", caseSensitive: true).matches("abc"))
        var text = "abcabc"
        let offsets = text.withUTF8 { bytes in
            [0, 1, 4].map { PlainTextMatcher("abc", caseSensitive: true).firstMatch(in: bytes, from: $0) }
        }
        #expect(offsets == [0, 3, nil])
    }

    @Test func removingTheSelectedContainerSaysWhatTheOpenPaneShowsNow() throws {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("j"), .character("2"))
        let removed = try #require(state.selectedContainer)
        #expect(removed.displayName == "web-1")
        _ = Dashboard.reduce(&state, .containersChanged(.main, state.containers.filter { $0.id != removed.id }))
        #expect(state.selectedContainer?.displayName == "worker-1")
        #expect(state.status?.text == "web-1 was removed; the logs pane now shows worker-1")
        // Without a pane, the list speaks for itself.
        var plain = Fixtures.state()
        let first = plain.containers
        _ = Dashboard.reduce(&plain, .containersChanged(.main, first.filter { $0.displayName != "db-1" }))
        #expect(plain.status == nil)
    }

    @Test func toggleAllHidesStoppedContainers() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("G"), .character("a"))
        #expect(!state.showAll)
        #expect(state.visibleContainers.map(\.displayName) == ["db-1", "web-1", "worker-1"])
        #expect(state.selectedContainer != nil)
    }

    @Test func stopAsksFirstAndOnlyYesPerforms() {
        var state = Fixtures.state()
        #expect(Fixtures.press(&state, .character("s")).isEmpty)
        guard case .confirming(let confirmation) = state.mode else {
            Issue.record("expected a confirmation, got \(state.mode)")
            return
        }
        #expect(confirmation.command == .stop)
        #expect(Fixtures.press(&state, .character("n")).isEmpty)
        #expect(state.mode == .normal)
        #expect(state.pending.isEmpty)
        _ = Fixtures.press(&state, .character("s"))
        let effects = Fixtures.press(&state, .character("y"))
        #expect(
            effects == [
                .perform(
                    .stop,
                    container: ContainerRef(
                        host: .main, id: "bbbb11112222".padding(toLength: 64, withPad: "0", startingAt: 0)),
                    name: "db-1")
            ])
        #expect(state.pending.values.first == .stop)
    }

    @Test func startingAStoppedContainerNeedsNoConfirmation() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("G"))
        let effects = Fixtures.press(&state, .character("s"))
        #expect(effects.count == 1)
        guard case .perform(.start, _, "batch") = effects.first else {
            Issue.record("expected start, got \(effects)")
            return
        }
    }

    @Test func removeOfRunningContainerForcesAndVolumesAreOptIn() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("D"))
        guard case .confirming(let confirmation) = state.mode else {
            Issue.record("expected confirmation")
            return
        }
        #expect(confirmation.command == .remove(force: true, volumes: false))
        #expect(confirmation.question.contains("will be forced"))
        _ = Fixtures.press(&state, .character("v"))
        guard case .confirming(let toggled) = state.mode else {
            Issue.record("expected confirmation")
            return
        }
        #expect(toggled.command == .remove(force: true, volumes: true))
        let effects = Fixtures.press(&state, .character("y"))
        guard case .perform(.remove(force: true, volumes: true), _, "db-1") = effects.first else {
            Issue.record("expected forced remove with volumes, got \(effects)")
            return
        }
    }

    @Test func deleteKeyAlsoRemovesAndStoppedContainersAreNotForced() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("G"), .delete)
        guard case .confirming(let confirmation) = state.mode else {
            Issue.record("expected confirmation")
            return
        }
        #expect(confirmation.command == .remove(force: false, volumes: false))
        #expect(!confirmation.question.contains("forced"))
    }

    @Test func killPicksASignalThenConfirms() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("K"), .down)
        guard case .pickingSignal(_, _, 1) = state.mode else {
            Issue.record("expected the picker on SIGKILL, got \(state.mode)")
            return
        }
        _ = Fixtures.press(&state, .enter)
        let effects = Fixtures.press(&state, .character("y"))
        guard case .perform(.kill(.kill), _, "db-1") = effects.first else {
            Issue.record("expected SIGKILL, got \(effects)")
            return
        }
    }

    @Test func killAndPauseRefuseStoppedContainers() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("G"))
        #expect(Fixtures.press(&state, .character("K")).isEmpty)
        #expect(state.mode == .normal)
        #expect(state.status?.kind == .error)
        #expect(Fixtures.press(&state, .character("p")).isEmpty)
        #expect(state.status?.text.contains("not running") == true)
    }

    @Test func pauseAsksFirstAndUnpauseDoesNot() {
        var state = Fixtures.state()
        #expect(Fixtures.press(&state, .character("p")).isEmpty)
        guard case .confirming(let question) = state.mode else {
            Issue.record("pause should ask first")
            return
        }
        #expect(question.question == "Pause db-1?")
        let pause = Fixtures.press(&state, .character("y"))
        guard case .perform(.pause, _, "db-1") = pause.first else {
            Issue.record("expected pause, got \(pause)")
            return
        }
        var other = Fixtures.state()
        _ = Fixtures.press(&other, .down, .down)
        let unpause = Fixtures.press(&other, .character("p"))
        guard case .perform(.unpause, _, "worker-1") = unpause.first else {
            Issue.record("expected unpause, got \(unpause)")
            return
        }
    }

    @Test func readOnlyRefusesEveryChangeAndSaysSo() {
        var state = Fixtures.state(readOnly: true)
        for key: Key in [.character("s"), .character("r"), .character("p"), .character("K"), .character("D"), .delete] {
            #expect(Fixtures.press(&state, key).isEmpty)
            #expect(state.mode == .normal)
            #expect(state.status?.text.contains("Read-only") == true)
        }
    }

    @Test func restartAsksFirstAndNothingHappensWithoutYes() {
        var state = Fixtures.state()
        #expect(Fixtures.press(&state, .character("r")).isEmpty)
        #expect(
            state.mode
                == .confirming(
                    Confirmation(command: .restart, container: state.selection!, name: "db-1", isRunning: true)))
        #expect(Fixtures.press(&state, .character("r")).isEmpty)
        #expect(state.mode == .normal)
        #expect(state.pending.isEmpty)
        #expect(state.status?.text == "Cancelled: nothing was changed")
    }

    @Test func busyContainerRefusesASecondCommand() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("r"), .character("y"))
        #expect(Fixtures.press(&state, .character("r")).isEmpty)
        #expect(state.status?.text.contains("busy") == true)
    }

    @Test func commandResultReachesTheStatusLine() throws {
        var state = Fixtures.state()
        let id = try #require(state.selection)
        _ = Fixtures.press(&state, .character("r"))
        _ = Dashboard.reduce(&state, .commandFinished(.restart, container: id, name: "db-1", error: "boom: no"))
        #expect(state.pending.isEmpty)
        #expect(state.status == StatusMessage("Could not restart db-1: boom: no", kind: .error))
        _ = Dashboard.reduce(&state, .commandFinished(.restart, container: id, name: "db-1", error: nil))
        #expect(state.status == StatusMessage("Restarted db-1", kind: .success))
    }

    @Test func selectionSurvivesListUpdatesAndMovesWhenItsContainerGoes() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .down)
        #expect(state.selectedContainer?.displayName == "web-1")
        var list = Fixtures.sample
        list.reverse()
        _ = Dashboard.reduce(&state, .containersChanged(.main, list))
        #expect(state.selectedContainer?.displayName == "web-1")
        list.removeAll { $0.displayName == "web-1" }
        _ = Dashboard.reduce(&state, .containersChanged(.main, list))
        #expect(state.selectedContainer?.displayName == "worker-1")
    }

    @Test func quitKeysQuit() {
        var state = Fixtures.state()
        #expect(Fixtures.press(&state, .character("q")) == [.quit])
        var other = Fixtures.state()
        _ = Fixtures.press(&other, .character("/"))
        #expect(Fixtures.press(&other, .control("c")) == [.quit])
        #expect(Dashboard.reduce(&other, .terminate) == [.quit])
    }

    @Test func helpOpensAndAnyKeyCloses() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("?"))
        #expect(state.mode == .help)
        #expect(Fixtures.press(&state, .character("q")).isEmpty)
        #expect(state.mode == .normal)
    }

    @Test func scrollingKeepsTheSelectionOnScreen() {
        let many = (0..<50).map {
            Fixtures.container(
                String(format: "c%02d", $0), state: "running", status: "Up", id: String(format: "%012d", $0))
        }
        var state = Fixtures.state(many, size: Size(width: 80, height: 10))
        #expect(state.listHeight == 7)
        for _ in 0..<10 { _ = Fixtures.press(&state, .down) }
        #expect(state.selectedContainer?.displayName == "c10")
        #expect(state.scrollOffset == 4)
        _ = Fixtures.press(&state, .end)
        #expect(state.scrollOffset == 43)
        _ = Dashboard.reduce(&state, .resized(Size(width: 80, height: 30)))
        #expect(state.scrollOffset == 23)
    }

    @Test func engineLossAndReturnAreShown() {
        var state = Fixtures.state()
        _ = Dashboard.reduce(&state, .engineUnreachable(.main, reason: "connection refused", retryInSeconds: 2))
        #expect(state.engine == .unreachable(reason: "connection refused", retryInSeconds: 2))
        #expect(state.containers.count == 5)
        _ = Dashboard.reduce(&state, .engineConnected(.main, Fixtures.dockerInfo))
        #expect(state.status?.text == "Engine is back")
        // Lost again before a key was pressed: "is back" goes, for the reason the status line shows.
        _ = Dashboard.reduce(&state, .engineUnreachable(.main, reason: "connection refused", retryInSeconds: 4))
        #expect(state.status == nil)
        // An engine never reached before is connected, not back.
        var fresh = AppState(size: state.size, hosts: [HostState(id: .main, address: "unix:///var/run/docker.sock")])
        _ = Dashboard.reduce(&fresh, .engineUnreachable(.main, reason: "no socket", retryInSeconds: 2))
        _ = Dashboard.reduce(&fresh, .engineConnected(.main, Fixtures.dockerInfo))
        #expect(fresh.status?.text == "Engine is connected")
        // Another message is left alone.
        state.status = StatusMessage("Stopped web-1", kind: .success)
        _ = Dashboard.reduce(&state, .engineUnreachable(.main, reason: "connection refused", retryInSeconds: 8))
        #expect(state.status?.text == "Stopped web-1")
    }
}

@Suite struct ExecReducerTests {
    @Test func execOpensAShellInTheSelectedRunningContainer() {
        var state = Fixtures.state()
        let effects = Fixtures.press(&state, .character("e"))
        guard case .exec(_, "db-1", nil) = effects.first else {
            Issue.record("expected a shell exec, got \(effects)")
            return
        }
    }

    @Test func execRefusesPausedStoppedAndReadOnly() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .down, .down)
        #expect(Fixtures.press(&state, .character("e")).isEmpty)
        #expect(state.status?.text.contains("paused") == true)
        _ = Fixtures.press(&state, .character("G"))
        #expect(Fixtures.press(&state, .character("e")).isEmpty)
        #expect(state.status?.text.contains("not running") == true)
        var readOnly = Fixtures.state(readOnly: true)
        #expect(Fixtures.press(&readOnly, .character("e")).isEmpty)
        #expect(readOnly.status?.text.contains("Read-only") == true)
    }

    @Test func capitalEPromptsForACommand() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("E"), .character("p"), .character("s"), .backspace, .character("s"))
        guard case .execPrompt(_, "db-1", "ps") = state.mode else {
            Issue.record("expected the prompt with 'ps', got \(state.mode)")
            return
        }
        let effects = Fixtures.press(&state, .enter)
        guard case .exec(_, "db-1", "ps") = effects.first else {
            Issue.record("expected exec of ps, got \(effects)")
            return
        }
        _ = Fixtures.press(&state, .character("E"), .character("x"), .escape)
        #expect(state.mode == .normal)
    }

    @Test func finishedExecReportsTheExitCode() {
        var state = Fixtures.state()
        _ = Dashboard.reduce(&state, .execFinished(name: "db-1", exitCode: 0, error: nil))
        #expect(state.status == StatusMessage("Exec in db-1 ended with exit code 0", kind: .success))
        _ = Dashboard.reduce(&state, .execFinished(name: "db-1", exitCode: nil, error: "no shell"))
        #expect(state.status?.kind == .error)
    }
}
