import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

@testable import DashboardRenderer

@Suite struct StatsViewTests {
    static func id(_ name: String) -> String {
        Fixtures.sample.first { $0.displayName == name }?.id ?? ""
    }

    static let hostMemory: UInt64 = 25_276_510_208

    /// web-1 busy with traffic, db-1 idle with a limit, worker-1 paused.
    static func figures() -> [String: StatsFigures] {
        [
            id("web-1"): StatsFigures(
                source: .cgroupV1, cpuPercent: 49.824797, onlineCPUs: 2, memoryUsed: 50_778_112,
                memoryLimit: hostMemory, memoryUnlimited: true, memoryPercent: 0.2009,
                network: .init(rxBytes: 1_150_976, txBytes: 526_336, rxRate: 102_400, txRate: 2048, interfaces: 1),
                blockRead: 1_343_488, blockWrite: 1_056_768, blockReadRate: 0, blockWriteRate: 1_048_576, pids: 12,
                pidsLimit: 4915,
                throttling: .init(
                    periods: 583, throttledPeriods: 549, throttledTime: 23_082_658_985, recentPercent: 95.4)),
            id("db-1"): StatsFigures(
                source: .cgroupV1, cpuPercent: 0.0123, onlineCPUs: 2, memoryUsed: 115_343_360,
                memoryLimit: 536_870_912, memoryPercent: 21.484375, blockRead: 0, blockWrite: 0, pids: 7),
            id("worker-1"): StatsFigures(
                source: .cgroupV1, cpuPercent: 0, onlineCPUs: 2, memoryUsed: 339_968, memoryLimit: hostMemory,
                memoryUnlimited: true, memoryPercent: 0.0013, pids: 1),
        ]
    }

    /// Two minutes of a container ramping up to half a CPU, with network bursts and one gap.
    static func history() -> [StatsHistoryPoint] {
        (0..<120).compactMap { second -> StatsHistoryPoint? in
            if (40..<45).contains(second) { return nil }
            let cpu = Float(min(50, second))
            return StatsHistoryPoint(
                time: Double(second) + 0.003 * Double(second % 3), cpuPercent: cpu,
                memoryUsed: Float(40 << 20) + Float(second) * 90_000, rxRate: second % 20 < 5 ? 102_400 : 0,
                txRate: second % 20 < 5 ? 20_000 : 0, readRate: 0, writeRate: second > 100 ? 1_048_576 : 0)
        }
    }

    static func state(
        size: Size, select name: String = "web-1", pane: Bool = true, zoom: Bool = false
    )
        -> AppState
    {
        var state = Fixtures.state(size: size)
        while state.selectedContainer?.displayName != name {
            _ = Dashboard.reduce(&state, .key(.character("j")))
        }
        if pane { _ = Dashboard.reduce(&state, .key(.character("1"))) }
        if zoom { _ = Dashboard.reduce(&state, .key(.character("z"))) }
        let status = StatsSamplerStatus(sampled: 3, ratePerSecond: 3, direct: 3, viaAPI: 0)
        let selected = state.selectedContainer?.id
        _ = Dashboard.reduce(
            &state,
            .stats(
                .sampled(
                    .main,
                    StatsSnapshot(
                        figures: figures(), history: pane ? history() : [], detailID: pane ? selected : nil,
                        status: status))))
        return state
    }

    @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func listWithFiguresSortedByCPU(size: Size) {
        var state = Self.state(size: size, pane: false)
        _ = Dashboard.reduce(&state, .key(.character("c")))
        expectSnapshot(DashboardView.render(state), named: "stats-list-\(size.width)x\(size.height)")
    }

    @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func paneWithFiguresAndCharts(size: Size) {
        let state = Self.state(size: size)
        expectSnapshot(DashboardView.render(state), named: "stats-pane-\(size.width)x\(size.height)")
    }

    @Test func zoomedPane() {
        let state = Self.state(size: Size(width: 80, height: 24), zoom: true)
        expectSnapshot(DashboardView.render(state), named: "stats-pane-zoomed-80x24")
    }

    @Test func paneOnAStoppedContainerAndBeforeTheFirstSample() {
        let stopped = Self.state(size: Size(width: 80, height: 24), select: "batch")
        #expect(DashboardView.render(stopped).plainText.contains("batch is not running: no live figures"))
        var waiting = Fixtures.state(size: Size(width: 80, height: 24))
        _ = Dashboard.reduce(&waiting, .key(.character("1")))
        #expect(DashboardView.render(waiting).plainText.contains("Sampling…"))
    }

    @Test func apiSourceSaysWhyTheCgroupFilesAreNotUsed() {
        var state = Self.state(size: Size(width: 120, height: 40))
        var figures = Self.figures()
        figures[Self.id("web-1")]?.source = .api
        let status = StatsSamplerStatus(
            sampled: 3, ratePerSecond: 3, direct: 0, viaAPI: 3, fallbackReason: "BERTH_STATS_SOURCE=api")
        _ = Dashboard.reduce(
            &state,
            .stats(.sampled(.main, StatsSnapshot(figures: figures, detailID: Self.id("web-1"), status: status))))
        let text = DashboardView.render(state).plainText
        #expect(text.contains("sampling 3 at 3.0/s via API"))
        #expect(text.contains("engine API, one-shot samples (cgroup files not used: BERTH_STATS_SOURCE=api)"))
    }

    /// An engine whose containers have all stopped keeps its sampler's last report, but the header counts only the
    /// engines whose rows it shows figures for.
    @Test func theHeaderCountsOnlyEnginesWithRowsToSample() {
        var state = Fixtures.twoHosts(
            docker: [Fixtures.container("db", state: "running", status: "Up 1 hour", id: "dddd11112222")],
            size: Size(width: 140, height: 12))
        for (host, sampled) in [(Fixtures.docker, 4), (Fixtures.podman, 1)] {
            let status = StatsSamplerStatus(
                sampled: sampled, ratePerSecond: Double(sampled), direct: sampled, viaAPI: 0, fallbackReason: nil)
            _ = Dashboard.reduce(&state, .stats(.sampled(host, StatsSnapshot(figures: [:], status: status))))
        }
        #expect(DashboardView.render(state).plainText.contains("sampling 5 at 5.0/s"))
        _ = Dashboard.reduce(
            &state,
            .containersChanged(
                Fixtures.docker,
                [Fixtures.container("db", state: "exited", status: "Exited (137) 1 second ago", id: "dddd11112222")]))
        let text = DashboardView.render(state).plainText
        #expect(text.contains("sampling 1 at 1.0/s"), "\(text)")
    }

    @Test func hostileNumbersStayInTheirCells() {
        var state = Self.state(size: Size(width: 80, height: 24), pane: true)
        let huge = StatsFigures(
            source: .api, cpuPercent: 12_345.678, onlineCPUs: 128, memoryUsed: UInt64.max, memoryLimit: UInt64.max,
            memoryPercent: .infinity, network: .init(rxBytes: .max, txBytes: .max, rxRate: .nan, interfaces: 1),
            blockRead: .max, blockWrite: .max, blockReadRate: -5, pids: .max)
        _ = Dashboard.reduce(
            &state,
            .stats(
                .sampled(
                    .main,
                    StatsSnapshot(
                        figures: [Self.id("web-1"): huge],
                        history: [StatsHistoryPoint(time: 0, cpuPercent: .infinity, memoryUsed: .nan)],
                        detailID: Self.id("web-1")))))
        let grid = DashboardView.render(state)
        #expect(grid.plainText.contains("12345.68%"))
        #expect(grid.size == Size(width: 80, height: 24))
    }

    @Test(arguments: [
        Size(width: 40, height: 10), Size(width: 20, height: 6), Size(width: 12, height: 5), Size(width: 3, height: 3),
        Size(width: 1, height: 1), Size(width: 0, height: 0),
    ])
    func tinyTerminalsDrawWithinBounds(size: Size) {
        for zoom in [false, true] {
            let grid = DashboardView.render(Self.state(size: size, zoom: zoom))
            #expect(grid.size == size)
        }
    }

    @Test func barsUseEighthBlocks() {
        #expect(Bars.horizontal(0, width: 5) == "     ")
        #expect(Bars.horizontal(0.001, width: 5) == "▏    ")
        #expect(Bars.horizontal(0.5, width: 5) == "██▌  ")
        #expect(Bars.horizontal(1, width: 5) == "█████")
        #expect(Bars.horizontal(7, width: 5) == "█████")
        #expect(Bars.horizontal(.nan, width: 5) == "     ")
    }

    @Test func brailleAreaFillsFromTheBottomAndHangsFromTheTop() {
        #expect(Braille.area([4, 8], ceiling: 8, height: 2, width: 1, hanging: false) == ["⢸", "⣿"])
        #expect(Braille.area([nil, 0], ceiling: 8, height: 1, width: 1, hanging: false) == [" "])
        #expect(Braille.area([8, 1], ceiling: 8, height: 2, width: 1, hanging: true) == ["⡏", "⡇"])
    }

    @Test func historyAlignsToSecondsAndFillsGaps() {
        let points = [StatsHistoryPoint(time: 10, cpuPercent: 1), StatsHistoryPoint(time: 13.02, cpuPercent: 4)]
        let slots = StatsPaneView.align(points, columns: 5)
        #expect(slots.map { $0?.cpuPercent } == [nil, 1, 1, 1, 4])
        #expect(StatsPaneView.niceCeiling(452 * 1024) == 500 * 1024)
        #expect(StatsPaneView.niceCeiling(0) == 0)
    }

    /// A nearly idle container draws against 1 %, a light one against a round share, a busy one against cores.
    @Test func cpuChartScalesToTheWindowsPeak() {
        let cases: [(Double, Double)] = [
            (0, 1), (0.08, 1), (0.9, 1), (0.96, 2), (1, 2), (2.3, 2.5), (3, 5), (18, 20), (45, 50),
            (49.8, 100), (60, 100), (100, 100), (150, 200), (.nan, 1),
        ]
        for (peak, ceiling) in cases {
            #expect(StatsPaneView.cpuChartCeiling(peak) == ceiling, "peak \(peak)")
        }
        #expect(["1%", "2.5%", "3%", "200%", "0%"] == [1, 2.5, 2.96, 200, .nan].map(StatsPaneView.percentLabel))
        let idle = StatsPaneView.makeCharts(
            [StatsHistoryPoint(time: 0, cpuPercent: 0.2)], figures: StatsFigures(source: .api))
        #expect(idle[0].ceiling == 1)
    }
}
