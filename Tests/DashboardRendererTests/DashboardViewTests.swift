import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import Foundation
import TerminalUI
import Testing

@Suite struct DashboardViewTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 40, height: 10)]

    @Test(arguments: sizes) func containerList(size: Size) {
        let state = Fixtures.state(size: size)
        expectSnapshot(DashboardView.render(state), named: "list-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes) func helpOverlay(size: Size) {
        var state = Fixtures.state(size: size)
        _ = Fixtures.press(&state, .character("?"))
        expectSnapshot(DashboardView.render(state), named: "help-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes) func removeConfirmation(size: Size) {
        var state = Fixtures.state(size: size)
        _ = Fixtures.press(&state, .character("D"))
        expectSnapshot(DashboardView.render(state), named: "confirm-remove-\(size.width)x\(size.height)")
    }

    /// An engine's running containers are shown before its whole list, with the total left open until that list
    /// is in; a late running-only list never replaces a whole one.
    @Test func theRunningContainersComeFirstWithTheTotalOpen() {
        var state = AppState(
            size: Size(width: 100, height: 12), hostDescription: "unix:///var/run/docker.sock", now: Fixtures.now)
        _ = Dashboard.reduce(&state, .engineConnected(.main, Fixtures.dockerInfo))
        let running = Fixtures.sample.filter { $0.lifecycle == .running }
        #expect(!running.isEmpty && running.count < Fixtures.sample.count)
        _ = Dashboard.reduce(&state, .runningContainersListed(.main, running))
        var text = DashboardView.render(state).plainText
        #expect(text.contains("\(running.count) running / … total"), "\(text)")
        #expect(state.containers.count == running.count)
        #expect(!state.containersKnown.contains(.main), "the views do not count containers from part of a list")
        _ = Dashboard.reduce(&state, .containersChanged(.main, Fixtures.sample))
        text = DashboardView.render(state).plainText
        #expect(text.contains("\(running.count) running / \(Fixtures.sample.count) total"), "\(text)")
        _ = Dashboard.reduce(&state, .runningContainersListed(.main, running))
        #expect(state.containers.count == Fixtures.sample.count)
        #expect(state.containersPartial.isEmpty)
    }

    /// Help says where each key works: the focused pane's keys first, then the keys of everywhere, then the list's
    /// under a heading that says Tab gives the keys to the list.
    @Test func helpSaysWhereEachKeyWorks() {
        var state = Fixtures.state(size: Size(width: 160, height: 60))
        _ = Fixtures.press(&state, .character("3"), .character("?"))
        let lines = DashboardView.render(state).plainText.split(separator: "\n").map(String.init)
        func row(of text: String) -> Int? { lines.firstIndex { $0.contains(text) } }
        let topHeading = row(of: "top pane")
        let signal = row(of: "send a signal to the process")
        let listHeading = row(of: "container list (Tab gives the keys to the list)")
        let kill = row(of: "kill with a signal you pick")
        #expect(topHeading != nil && signal != nil && listHeading != nil && kill != nil)
        if let topHeading, let signal, let listHeading, let kill {
            #expect(topHeading < signal && signal < listHeading && listHeading < kill)
        }
        var logs = Fixtures.state(size: Size(width: 160, height: 60))
        _ = Fixtures.press(&logs, .character("2"), .character("?"))
        let help = DashboardView.render(logs).plainText
        #expect(help.contains("interpret the log's own colours"))
        #expect(help.contains("quit"))
    }

    @Test func everyPaneSaysWhenNoContainerIsSelected() {
        for key: Character in ["1", "2", "3", "4"] {
            var state = Fixtures.state()
            _ = Fixtures.press(&state, .character(key), .tab, .character("/"), .character("z"), .character("z"), .enter)
            #expect(state.selectedContainer == nil)
            let screen = DashboardView.render(state).plainText
            #expect(screen.contains("No container selected"), "pane \(key):\n\(screen)")
        }
    }

    @Test func killPicker() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("K"), .down)
        expectSnapshot(DashboardView.render(state), named: "kill-picker-80x24")
    }

    @Test func filterPromptWhileTyping() {
        var state = Fixtures.state()
        _ = Fixtures.press(&state, .character("/"), .character("w"), .character("e"))
        expectSnapshot(DashboardView.render(state), named: "filter-80x24")
    }

    @Test func pendingCommandAndReadOnly() {
        var state = Fixtures.state(readOnly: false)
        _ = Fixtures.press(&state, .character("r"))
        expectSnapshot(DashboardView.render(state), named: "pending-80x24")
        let readOnly = Fixtures.state(readOnly: true)
        expectSnapshot(DashboardView.render(readOnly), named: "read-only-80x24")
    }

    @Test func engineUnreachable() {
        var state = Fixtures.state()
        _ = Dashboard.reduce(
            &state, .engineUnreachable(.main, reason: "Engine unreachable: connection refused", retryInSeconds: 2))
        expectSnapshot(DashboardView.render(state), named: "unreachable-80x24")
    }

    @Test func emptyAndLoading() {
        let loading = AppState(size: Size(width: 80, height: 6), hostDescription: "unix:///var/run/docker.sock")
        expectSnapshot(DashboardView.render(loading), named: "loading-80x6")
        let empty = Fixtures.state([], size: Size(width: 80, height: 6))
        expectSnapshot(DashboardView.render(empty), named: "empty-80x6")
    }

    @Test func hostileAndWideNamesStayInTheirColumns() {
        let hostile = [
            Fixtures.container(
                "evil\u{1B}]0;pwned\u{07}\u{1B}[2J", state: "running", status: "Up 1 second", id: "ffff00001111"),
            Fixtures.container(
                "컨테이너-🐳-wide-name-that-is-long", state: "running", status: "Up 1 second", id: "ffff00002222",
                image: "registry.example/very/long/image/name:with-a-tag"),
        ]
        let grid = DashboardView.render(Fixtures.state(hostile))
        expectSnapshot(grid, named: "hostile-80x24")
        for cell in grid.cells {
            for scalar in cell.text.unicodeScalars {
                #expect(scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value))
            }
        }
    }

    /// The frame depends on the state alone: rendering another state in between (another selection, a pane, help)
    /// leaves nothing behind that changes the next frame of the first state.
    @Test func renderingDependsOnlyOnTheState() {
        let state = Fixtures.state()
        let first = DashboardView.render(state)
        var other = state
        _ = Fixtures.press(&other, .character("j"), .character("1"), .character("?"))
        let between = DashboardView.render(other)
        #expect(between != first)
        #expect(DashboardView.render(state) == first)
    }
}

@Suite struct ContainerFormatTests {
    @Test func humanDurationMatchesTheDockerCLI() {
        #expect(ContainerFormat.humanDuration(seconds: 0) == "Less than a second")
        #expect(ContainerFormat.humanDuration(seconds: 1) == "1 second")
        #expect(ContainerFormat.humanDuration(seconds: 59) == "59 seconds")
        #expect(ContainerFormat.humanDuration(seconds: 60) == "About a minute")
        #expect(ContainerFormat.humanDuration(seconds: 119) == "About a minute")
        #expect(ContainerFormat.humanDuration(seconds: 120) == "2 minutes")
        #expect(ContainerFormat.humanDuration(seconds: 3599) == "59 minutes")
        #expect(ContainerFormat.humanDuration(seconds: 3600) == "About an hour")
        #expect(ContainerFormat.humanDuration(seconds: 5400) == "2 hours")
        #expect(ContainerFormat.humanDuration(seconds: 47 * 3600) == "47 hours")
        #expect(ContainerFormat.humanDuration(seconds: 3 * 86_400) == "3 days")
        #expect(ContainerFormat.humanDuration(seconds: 20 * 86_400) == "2 weeks")
        #expect(ContainerFormat.humanDuration(seconds: 90 * 86_400) == "3 months")
        #expect(ContainerFormat.humanDuration(seconds: 800 * 86_400) == "2 years")
    }

    @Test func portsAreWordedLikeDockerPS() {
        let ports = [
            PortBinding(ip: "0.0.0.0", privatePort: 80, publicPort: 8080, type: "tcp"),
            PortBinding(ip: "::", privatePort: 80, publicPort: 8080, type: "tcp"),
            PortBinding(privatePort: 443, type: "tcp"),
            PortBinding(privatePort: 53, type: "udp"),
        ]
        #expect(ContainerFormat.ports(ports) == "53/udp, 0.0.0.0:8080->80/tcp, 443/tcp")
        #expect(ContainerFormat.ports(nil) == "")
    }

    @Test func statusFallsBackToState() {
        #expect(ContainerFormat.status(ContainerSummary(id: "x", state: "running")) == "Running")
        #expect(ContainerFormat.status(ContainerSummary(id: "x")) == "Unknown")
        #expect(ContainerFormat.status(ContainerSummary(id: "x", status: "Up 3 minutes")) == "Up 3 minutes")
    }
}

@Suite struct ColumnLayoutTests {
    static func columns(_ layout: [(TableColumn, Int)]) -> [TableColumn] { layout.map(\.0) }

    /// One very long name gives way before the figures do.
    @Test func aLongNameDoesNotPushTheFiguresOff() {
        let widest: [TableColumn: Int] = [.name: 70, .status: 12, .cpu: 13, .memory: 14, .image: 20]
        let layout = ColumnLayout.layout(width: 80, widest: widest, hidden: [.host])
        #expect(Array(Self.columns(layout).prefix(4)) == [.name, .status, .cpu, .memory])
        let name = layout.first { $0.0 == .name }?.1 ?? 0
        #expect(name >= 24)
        #expect(layout.reduce(0) { $0 + $1.1 } + ColumnLayout.gap * (layout.count - 1) <= 80)
    }

    /// The engine's long status words fit when there is room.
    @Test func longStatusWordsAreNotCutOnAWideScreen() {
        let widest: [TableColumn: Int] = [.name: 12, .status: 37, .cpu: 13, .memory: 14, .created: 22]
        let layout = ColumnLayout.layout(width: 140, widest: widest, hidden: [.host])
        #expect(layout.first { $0.0 == .status }?.1 ?? 0 >= 37)
        #expect(layout.first { $0.0 == .created }?.1 ?? 0 >= 22)
    }

    @Test func anEmptyColumnIsNotSqueezedIn() {
        let widest: [TableColumn: Int] = [.name: 30, .status: 12, .cpu: 13, .memory: 14]
        let layout = ColumnLayout.layout(width: 90, widest: widest, emptyColumns: [.ports])
        #expect(!Self.columns(layout).contains(.ports))
    }
}

@Suite struct MultiHostViewTests {
    @Test func twoEnginesShowAHostColumnAndEachHostInTheHeader() {
        let state = Fixtures.twoHosts()
        expectSnapshot(DashboardView.render(state), named: "two-hosts-120x24")
    }

    @Test func aDownEnginesRowsAreDimmedAndSayDown() {
        var state = Fixtures.twoHosts()
        _ = Dashboard.reduce(
            &state, .engineUnreachable(Fixtures.podman, reason: "connection refused", retryInSeconds: 3))
        let grid = DashboardView.render(state)
        expectSnapshot(grid, named: "two-hosts-one-down-120x24")
        #expect(grid.plainText.contains("podman (down)"))
        #expect(grid.plainText.contains("podman: connection refused"))
    }

    @Test func aWideHeaderNamesEachEngineInFull() {
        var state = Fixtures.twoHosts(size: Size(width: 200, height: 10))
        _ = Dashboard.reduce(
            &state, .engineUnreachable(Fixtures.podman, reason: "connection refused", retryInSeconds: 3))
        let header = DashboardView.render(state).plainText.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("docker: Docker Engine 20.10.24 (API 1.41) · podman: unreachable, retrying in 3s"))
    }

    @Test func aNarrowHeaderFallsBackToShortHostStates() {
        var state = Fixtures.twoHosts(size: Size(width: 80, height: 10))
        _ = Dashboard.reduce(
            &state, .engineUnreachable(Fixtures.podman, reason: "connection refused", retryInSeconds: 3))
        let header = DashboardView.render(state).plainText.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("docker ✓"))
        #expect(header.contains("podman ✗ 3s"))
    }

    @Test func helpListsEveryEngineInFull() {
        var state = Fixtures.twoHosts(size: Size(width: 120, height: 60))
        _ = Fixtures.press(&state, .character("?"))
        let text = DashboardView.render(state).plainText
        #expect(text.contains("unix:///run/podman/podman.sock · Podman Engine 4.3.1, API 1.41"))
    }
}

@Suite struct ResourceViewRenderingTests {
    @Test func imagesOfTwoEngines() throws {
        var state = Fixtures.twoHosts(size: Size(width: 120, height: 12))
        _ = Fixtures.press(&state, .character(":"), .character("i"), .tab, .enter)
        for (host, fixture) in [(Fixtures.docker, "images-docker.json"), (Fixtures.podman, "images-podman.json")] {
            let rows = try ImagesView.definition.rows(try EngineFixtures.bytes(fixture), host, Fixtures.now)
            _ = Dashboard.reduce(&state, .resources(.rows(ImagesView.id, host, rows)))
        }
        expectSnapshot(DashboardView.render(state), named: "images-two-hosts-120x12")
        let narrow = Dashboard.reduceCopy(state) { $0.size = Size(width: 60, height: 12) }
        expectSnapshot(DashboardView.render(narrow), named: "images-two-hosts-60x12")
    }
}

extension Dashboard {
    /// `state` changed by `change`, for a second snapshot of the same scene.
    static func reduceCopy(_ state: AppState, _ change: (inout AppState) -> Void) -> AppState {
        var copy = state
        change(&copy)
        return copy
    }
}
