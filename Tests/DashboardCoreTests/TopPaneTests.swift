import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

@Suite("Process table")
struct ProcessTableTests {
    static let top = ContainerTop(
        titles: ["PID", "PPID", "USER", "%CPU", "%MEM", "RSS", "ELAPSED", "COMMAND"],
        processes: [
            ["100", "90", "root", "0.5", "0.1", "1500", "01:00", "sh -c run"],
            ["101", "100", "root", "7.0", "0.0", "1300", "00:59", "worker a"],
            ["102", "100", "www", "0.0", "2.5", "90000", "00:59", "worker b"],
            ["103", "101", "root", "0.0", "0.0", "800", "00:10", "helper"],
        ])

    @Test func findsColumnsWhateverTheEngineSent() throws {
        let ours = ProcessTable(Self.top)
        #expect(ours.pidColumn == 0 && ours.ppidColumn == 1 && ours.cpuColumn == 3 && ours.memoryColumn == 4)
        #expect(ours.commandColumn == 7)
        #expect(ours.isKibibytes(5) && !ours.isKibibytes(4))
        let docker = ProcessTable(try EngineFixtures.top("top-default.json"))
        #expect(docker.pidColumn == 1 && docker.ppidColumn == 2 && docker.cpuColumn == 3 && docker.memoryColumn == nil)
        let podman = ProcessTable(try EngineFixtures.top("top-podman.json"))
        #expect(podman.pidColumn == 1 && podman.cpuColumn == 3 && podman.commandColumn == 7)
        #expect(podman.target(podman.rows[1]) == ProcessTarget(pid: "25", ppid: "1", command: "nginx: worker process"))
    }

    @Test func sortsByCPUMemoryAndPID() {
        let table = ProcessTable(Self.top)
        #expect(table.ordered(by: .cpu, descending: true, tree: false).map(\.pid) == ["101", "100", "102", "103"])
        #expect(table.ordered(by: .memory, descending: true, tree: false).map(\.pid) == ["102", "100", "101", "103"])
        #expect(table.ordered(by: .pid, descending: false, tree: false).map(\.pid) == ["100", "101", "102", "103"])
        #expect(table.ordered(by: .pid, descending: true, tree: false).map(\.pid) == ["103", "102", "101", "100"])
    }

    @Test func treeByParentPID() {
        let rows = ProcessTable(Self.top).ordered(by: .pid, descending: false, tree: true)
        #expect(rows.map(\.pid) == ["100", "101", "103", "102"])
        #expect(rows.map(\.treePrefix) == ["", "├─ ", "│  └─ ", "└─ "])
        // Siblings follow the sort.
        let byCPU = ProcessTable(Self.top).ordered(by: .memory, descending: true, tree: true)
        #expect(byCPU.map(\.pid) == ["100", "102", "101", "103"])
    }

    @Test func treeSurvivesCyclesAndMissingParents() {
        let cyclic = ContainerTop(
            titles: ["PID", "PPID", "CMD"], processes: [["1", "2", "a"], ["2", "1", "b"], ["3", "3", "c"]])
        let rows = ProcessTable(cyclic).ordered(by: .pid, descending: false, tree: true)
        #expect(Set(rows.map(\.pid)) == ["1", "2", "3"])
        #expect(rows.count == 3)
    }
}

@Suite("Top pane keys and refreshes")
struct TopPaneTests {
    static func opened(readOnly: Bool = false) -> AppState {
        var state = Fixtures.state(readOnly: readOnly)
        _ = Fixtures.press(&state, .character("3"))
        let id = Fixtures.sample[1].ref
        _ = Dashboard.reduce(&state, .top(.loaded(container: id, table: ProcessTableTests.top, rejection: nil)))
        return state
    }

    @Test func opensOnTheSelectedContainerSortedByCPU() {
        let state = Self.opened()
        #expect(
            state.subscriptions.filter { if case .top = $0 { true } else { false } } == [
                .top(container: Fixtures.sample[1].ref)
            ])
        #expect(state.top.rows.map(\.pid) == ["101", "100", "102", "103"])
        #expect(state.top.selectedPID == "101")
    }

    @Test func sortKeysAndTree() {
        var state = Self.opened()
        _ = Fixtures.press(&state, .character("m"))
        #expect(state.top.sort == .memory && state.top.descending)
        _ = Fixtures.press(&state, .character("m"))
        #expect(state.top.sort == .memory && !state.top.descending)
        _ = Fixtures.press(&state, .character("n"))
        #expect(state.top.sort == .pid && !state.top.descending)
        _ = Fixtures.press(&state, .character("T"))
        #expect(state.top.tree)
        #expect(state.top.rows.map(\.pid) == ["100", "101", "103", "102"])
        _ = Fixtures.press(&state, .character("c"))
        #expect(state.top.sort == .cpu && state.top.descending)
    }

    @Test func selectionFollowsThePIDAcrossRefreshes() {
        var state = Self.opened()
        _ = Fixtures.press(&state, .character("j"))
        #expect(state.top.selectedPID == "100")
        // CPU figures change the order; the selection stays on PID 100.
        var changed = ProcessTableTests.top
        changed.processes[0][3] = "50.0"
        let id = Fixtures.sample[1].ref
        _ = Dashboard.reduce(&state, .top(.loaded(container: id, table: changed, rejection: nil)))
        #expect(state.top.rows.first?.pid == "100")
        #expect(state.top.selectedPID == "100")
        // When the process goes, the row that takes its place is selected.
        changed.processes.remove(at: 0)
        _ = Dashboard.reduce(&state, .top(.loaded(container: id, table: changed, rejection: nil)))
        #expect(state.top.selectedPID == "101")
    }

    @Test func signalPicksThenConfirmsThenRunsKillInside() {
        var state = Self.opened()
        _ = Fixtures.press(&state, .character("j"))
        _ = Fixtures.press(&state, .character("K"))
        let target = ProcessTarget(pid: "100", ppid: "90", command: "sh -c run")
        #expect(state.top.dialog == .pickingSignal(target, index: 0))
        // TERM is the default: Enter picks it.
        _ = Fixtures.press(&state, .enter)
        #expect(state.top.dialog == .confirming(target, .term))
        let effects = Fixtures.press(&state, .character("y"))
        #expect(effects == [.top(.signal(container: Fixtures.sample[1].ref, target: target, signal: .term))])
        #expect(state.top.dialog == nil)
        _ = Dashboard.reduce(
            &state, .top(.signalFinished(container: Fixtures.sample[1].ref, target: target, signal: .term, error: nil))
        )
        #expect(state.status == StatusMessage("Sent TERM to PID 100 (sh -c run)", kind: .success))
        _ = Dashboard.reduce(
            &state,
            .top(
                .signalFinished(
                    container: Fixtures.sample[1].ref, target: target, signal: .kill, error: "the process is gone")))
        #expect(state.status == StatusMessage("Could not send KILL to PID 100: the process is gone", kind: .error))
    }

    @Test func pickerChoosesOtherSignalsAndAnythingElseCancels() {
        var state = Self.opened()
        _ = Fixtures.press(&state, .character("K"), .down, .down)
        _ = Fixtures.press(&state, .enter)
        guard case .confirming(_, .hup) = state.top.dialog else {
            Issue.record("expected a HUP confirmation, got \(String(describing: state.top.dialog))")
            return
        }
        // q while the question is open cancels, and does not quit.
        #expect(Fixtures.press(&state, .character("q")).isEmpty)
        #expect(state.isQuitting == false)
        #expect(state.top.dialog == nil)
        #expect(state.status?.text == "Cancelled: no signal sent")
        _ = Fixtures.press(&state, .character("K"), .character("2"))
        guard case .confirming(_, .kill) = state.top.dialog else {
            Issue.record("2 should pick KILL")
            return
        }
        _ = Fixtures.press(&state, .escape)
        #expect(state.top.dialog == nil)
    }

    @Test func readOnlyRefusesSignals() {
        var state = Self.opened(readOnly: true)
        #expect(Fixtures.press(&state, .character("K")).isEmpty)
        #expect(state.top.dialog == nil)
        #expect(state.status?.text.contains("--read-only") == true)
    }

    @Test func stoppedContainerSaysNotRunning() throws {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("G"), .character("3"))
        let stopped = try #require(state.selectedContainer)
        #expect(stopped.lifecycle.isAlive == false)
        _ = Dashboard.reduce(&state, .top(.failed(container: stopped.ref, problem: .notRunning)))
        #expect(state.top.problem == .notRunning)
        _ = Fixtures.press(&state, .character("K"))
        #expect(state.top.dialog == nil)
        #expect(state.status?.kind == .error)
    }

    @Test func lateAnswersForAnotherContainerAreIgnored() {
        var state = Self.opened()
        let before = state.top
        _ = Dashboard.reduce(&state, .top(.failed(container: Fixtures.sample[0].ref, problem: .notRunning)))
        _ = Dashboard.reduce(
            &state, .top(.loaded(container: Fixtures.sample[0].ref, table: ProcessTableTests.top, rejection: "x")))
        #expect(state.top == before)
        _ = Fixtures.press(&state, .character("4"))
        let document = JSONValue.object([JSONMember("Id", .string("other"))])
        _ = Dashboard.reduce(&state, .inspect(.loaded(container: Fixtures.sample[0].ref, document: document)))
        #expect(state.inspect.tree == nil)
    }

    @Test func anotherContainerStartsAFreshSelection() {
        var state = Self.opened()
        _ = Fixtures.press(&state, .character("j"), .character("K"))
        _ = Fixtures.press(&state, .escape, .tab, .character("j"))
        let web = Fixtures.sample[0].ref
        #expect(state.subscriptions.filter { if case .top = $0 { true } else { false } } == [.top(container: web)])
        _ = Dashboard.reduce(
            &state, .top(.loaded(container: web, table: ProcessTableTests.top, rejection: "ps: error")))
        #expect(state.top.selectedPID == "101")
        #expect(state.top.rejection == "ps: error")
    }
}
