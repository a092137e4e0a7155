import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

@Suite struct StatsPaneTests {
    static func id(_ name: String) -> String {
        Fixtures.state().containers.first { $0.displayName == name }?.id ?? ""
    }

    static func figures(cpu: Double?, memory: UInt64, source: StatsSource = .cgroupV1) -> StatsFigures {
        StatsFigures(
            source: source, cpuPercent: cpu, onlineCPUs: 2, memoryUsed: memory, memoryLimit: 1 << 30,
            memoryPercent: Double(memory) / Double(1 << 30) * 100)
    }

    static func snapshot(
        _ figures: [String: StatsFigures], history: [StatsHistoryPoint] = [], detailID: String? = nil
    )
        -> StatsSnapshot
    {
        StatsSnapshot(
            figures: figures, history: history, detailID: detailID,
            status: StatsSamplerStatus(
                sampled: figures.count, ratePerSecond: Double(figures.count), direct: figures.count))
    }

    /// web-1 busy, db-1 idle but big, worker-1 (paused) small.
    static func sampled() -> AppState {
        var state = Fixtures.state()
        _ = Dashboard.reduce(
            &state,
            .stats(
                .sampled(
                    .main,
                    snapshot([
                        id("web-1"): figures(cpu: 75.5, memory: 10 << 20),
                        id("db-1"): figures(cpu: 0.5, memory: 300 << 20),
                        id("worker-1"): figures(cpu: 0, memory: 1 << 20),
                    ]))))
        return state
    }

    @Test func sortKeysOrderByFiguresAndTheSameKeyReverses() {
        var state = Self.sampled()
        #expect(state.sort == ListSort())
        _ = Fixtures.press(&state, .character("c"))
        #expect(state.sort == ListSort(key: .cpu, descending: true))
        #expect(state.visibleContainers.map(\.displayName) == ["web-1", "db-1", "worker-1", "fresh", "batch"])
        _ = Fixtures.press(&state, .character("c"))
        #expect(state.sort.label == "cpu↑")
        // Rows without figures stay at the bottom either way.
        #expect(state.visibleContainers.map(\.displayName) == ["worker-1", "db-1", "web-1", "fresh", "batch"])
        _ = Fixtures.press(&state, .character("m"))
        #expect(state.visibleContainers.map(\.displayName).prefix(3) == ["db-1", "web-1", "worker-1"])
        _ = Fixtures.press(&state, .character("n"))
        #expect(state.sort == ListSort(key: .name, descending: false))
        #expect(state.visibleContainers.map(\.displayName) == ["batch", "db-1", "fresh", "web-1", "worker-1"])
        _ = Fixtures.press(&state, .character("n"))
        #expect(state.visibleContainers.map(\.displayName) == ["worker-1", "web-1", "fresh", "db-1", "batch"])
    }

    @Test func idleNoiseDoesNotReorderRows() {
        var state = Self.sampled()
        _ = Fixtures.press(&state, .character("c"))
        let before = state.visibleContainers.map(\.displayName)
        _ = Dashboard.reduce(
            &state,
            .stats(
                .sampled(
                    .main,
                    Self.snapshot([
                        Self.id("web-1"): Self.figures(cpu: 75.5, memory: 10 << 20),
                        Self.id("db-1"): Self.figures(cpu: 0.5, memory: 300 << 20),
                        Self.id("worker-1"): Self.figures(cpu: 0.52, memory: 1 << 20),
                    ]))))
        #expect(state.visibleContainers.map(\.displayName) == before)
    }

    @Test func sortingKeepsTheSelectionOnTheSameContainer() {
        var state = Self.sampled()
        _ = Fixtures.press(&state, .character("j"))
        #expect(state.selectedContainer?.displayName == "web-1")
        _ = Fixtures.press(&state, .character("n"))
        #expect(state.selectedContainer?.displayName == "web-1")
    }

    @Test func sortKeysWorkWhileAPaneHasTheKeys() {
        var state = Self.sampled()
        _ = Fixtures.press(&state, .character("1"))
        #expect(state.focus == .pane)
        _ = Fixtures.press(&state, .character("m"))
        #expect(state.sort.key == .memory)
    }

    @Test func changesTooSmallToShowLeaveTheStateEqual() {
        let before = Self.sampled()
        var after = before
        _ = Dashboard.reduce(
            &after,
            .stats(
                .sampled(
                    .main,
                    Self.snapshot([
                        Self.id("web-1"): Self.figures(cpu: 75.5012, memory: (10 << 20) + 100),
                        Self.id("db-1"): Self.figures(cpu: 0.4999, memory: 300 << 20),
                        Self.id("worker-1"): Self.figures(cpu: 0.001, memory: 1 << 20),
                    ]))))
        #expect(after == before)
        _ = Dashboard.reduce(
            &after,
            .stats(
                .sampled(
                    .main,
                    Self.snapshot([
                        Self.id("web-1"): Self.figures(cpu: 75.52, memory: 10 << 20),
                        Self.id("db-1"): Self.figures(cpu: 0.5, memory: 300 << 20),
                        Self.id("worker-1"): Self.figures(cpu: 0, memory: 1 << 20),
                    ]))))
        #expect(after != before)
        #expect(after.stats.rows[ContainerRef(host: .main, id: Self.id("web-1"))]?.cpuPercent == 75.52)
    }

    @Test func targetsCoverRunningRowsWithoutAnyPaneOpen() throws {
        let state = Fixtures.state()
        #expect(state.pane == nil)
        let targets = try #require(state.statsTargets[.main])
        // Running and paused rows; created and exited ones are not sampled.
        #expect(Set(targets.onScreen) == [Self.id("web-1"), Self.id("db-1"), Self.id("worker-1")])
        #expect(targets.offScreen.isEmpty)
        #expect(targets.focusID == Self.id("db-1"))
        #expect(!targets.detail)
        #expect(state.subscriptions.contains(.stats(host: .main, targets)))
    }

    @Test func rowsScrolledAwayAreSampledSlowlyAndFilteredOnesNotAtAll() throws {
        var containers: [ContainerSummary] = []
        for index in 0..<30 {
            containers.append(
                Fixtures.container("app-\(index < 10 ? "0" : "")\(index)", state: "running", status: "Up 1 hour"))
        }
        var state = Fixtures.state(containers, size: Size(width: 80, height: 12))
        var targets = try #require(state.statsTargets[.main])
        // 12 rows: header, titles, status line leave 9 rows of containers.
        #expect(targets.onScreen.count == 9)
        #expect(targets.offScreen.count == 21)
        _ = Fixtures.press(&state, .character("G"))
        targets = try #require(state.statsTargets[.main])
        #expect(targets.focusID == containers[29].id)
        #expect(targets.onScreen.contains(containers[29].id))
        #expect(targets.offScreen.contains(containers[0].id))
        _ = Fixtures.press(&state, .character("/"), .character("2"), .character("9"), .enter)
        #expect(state.statsTargets[.main]?.all == [containers[29].id])
        // `/` on the kept filter selects it: typing replaces it with one that matches nothing.
        _ = Fixtures.press(&state, .character("/"), .character("z"), .character("z"), .enter)
        #expect(state.visibleContainers.isEmpty)
        #expect(!state.subscriptions.contains { if case .stats = $0 { return true } else { return false } })
    }

    @Test func paneOpenAsksForDetailAndTakesTheHistory() {
        var state = Self.sampled()
        let db = Self.id("db-1")
        let history = [StatsHistoryPoint(time: 1, cpuPercent: 0.5), StatsHistoryPoint(time: 2, cpuPercent: 0.6)]
        // With the pane closed, history is not kept in the state (it would change it every second).
        _ = Dashboard.reduce(
            &state,
            .stats(
                .sampled(
                    .main,
                    Self.snapshot([db: Self.figures(cpu: 0.5, memory: 300 << 20)], history: history, detailID: db))
            ))
        #expect(state.stats.history.isEmpty)
        _ = Fixtures.press(&state, .character("1"))
        #expect(state.statsTargets[.main]?.detail == true)
        #expect(state.statsTargets[.main]?.focusID == db)
        _ = Dashboard.reduce(
            &state,
            .stats(
                .sampled(
                    .main,
                    Self.snapshot([db: Self.figures(cpu: 0.5, memory: 300 << 20)], history: history, detailID: db))
            ))
        #expect(state.stats.detailID == ContainerRef(host: .main, id: db))
        #expect(state.stats.detail?.cpuPercent == 0.5)
        #expect(state.stats.history == history)
        // Another selection: the old container's figures go until the new one's arrive.
        _ = Fixtures.press(&state, .tab, .character("j"))
        _ = Dashboard.reduce(
            &state,
            .stats(
                .sampled(
                    .main,
                    Self.snapshot([db: Self.figures(cpu: 0.5, memory: 300 << 20)], history: history, detailID: db))
            ))
        #expect(state.stats.detail == nil)
        #expect(state.stats.history.isEmpty)
        _ = Fixtures.press(&state, .character("1"))
        #expect(state.pane == nil)
        #expect(state.statsTargets[.main]?.detail == false)
    }

    @Test func theSortKeysAreTheSameInTheListTheStatsPaneAndTheTopPane() {
        let keymap = Keymap.standard
        #expect(keymap[.list].command(for: .character("c")) == Command.sortByCPU.rawValue)
        #expect(keymap[.list].command(for: .character("m")) == Command.sortByMemory.rawValue)
        #expect(keymap[.list].command(for: .character("n")) == Command.sortByName.rawValue)
        for mode in [KeyMode.stats, .top] {
            #expect(keymap[mode].command(for: .character("c")) == "sort-cpu")
            #expect(keymap[mode].command(for: .character("m")) == "sort-memory")
            #expect(keymap[mode].command(for: .character("n"))?.hasPrefix("sort-") == true)
        }
    }
}
