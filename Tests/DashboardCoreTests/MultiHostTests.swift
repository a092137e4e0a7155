import DashboardCore
import DashboardFixtures
import EngineAPI
import Testing

/// Several engines in one list: rows are (host, container), commands and panes go to the row's own engine.
@Suite struct MultiHostTests {
    @Test func bothEnginesRowsAreListedAndTheSameNameIsTwoRows() {
        let state = Fixtures.twoHosts()
        #expect(state.showsHosts)
        let webs = state.visibleContainers.filter { $0.displayName == "web-1" }
        #expect(webs.map(\.host).sorted() == [Fixtures.docker, Fixtures.podman])
        #expect(Set(state.containers.map(\.ref)).count == state.containers.count)
        // Host order is the order given: docker's rows first in the stored list.
        #expect(state.containers.first?.host == Fixtures.docker)
        #expect(state.containers.last?.host == Fixtures.podman)
    }

    @Test func theSameIDOnTwoEnginesStaysTwoRows() {
        let row = Fixtures.container("twin", state: "running", status: "Up 1 hour", id: "7777")
        var state = Fixtures.twoHosts(docker: [row], podman: [row])
        #expect(state.containers.count == 2)
        #expect(Set(state.containers.map(\.ref)).count == 2)
        // Stopping the podman one addresses podman only.
        while state.selectedContainer?.host != Fixtures.podman { _ = Fixtures.press(&state, .character("j")) }
        _ = Fixtures.press(&state, .character("s"))
        let effects = Fixtures.press(&state, .character("y"))
        #expect(
            effects == [
                .perform(.stop, container: ContainerRef(host: Fixtures.podman, id: row.id), name: "twin (podman)")
            ])
        #expect(state.pending.keys.map(\.host) == [Fixtures.podman])
    }

    @Test func oneEnginesNewListLeavesTheOtherAlone() {
        var state = Fixtures.twoHosts()
        let podmanRows = state.containers.filter { $0.host == Fixtures.podman }
        _ = Dashboard.reduce(&state, .containersChanged(Fixtures.docker, []))
        #expect(state.containers == podmanRows)
        _ = Dashboard.reduce(&state, .containersChanged(Fixtures.docker, Array(Fixtures.sample.prefix(1))))
        #expect(state.containers.first?.host == Fixtures.docker)
        #expect(state.containers.count == podmanRows.count + 1)
    }

    @Test func anUnreachableEnginesRowsStayAndAreStale() {
        var state = Fixtures.twoHosts()
        let before = state.containers
        _ = Dashboard.reduce(
            &state, .engineUnreachable(Fixtures.podman, reason: "connection refused", retryInSeconds: 2))
        #expect(state.containers == before)
        #expect(state.host(Fixtures.podman)?.isStale == true)
        #expect(state.host(Fixtures.docker)?.isStale == false)
        _ = Dashboard.reduce(&state, .engineConnected(Fixtures.podman, Fixtures.podmanInfo))
        #expect(state.host(Fixtures.podman)?.isStale == false)
        #expect(state.status?.text == "Engine podman is back")
    }

    @Test func removingAHostDropsItsRowsAndFeeds() {
        var state = Fixtures.twoHosts()
        while state.selectedContainer?.host != Fixtures.podman { _ = Fixtures.press(&state, .character("j")) }
        _ = Fixtures.press(&state, .character("2"))
        #expect(
            state.subscriptions.contains { if case .logs(let ref) = $0 { ref.host == Fixtures.podman } else { false } })
        _ = Dashboard.reduce(&state, .hostRemoved(Fixtures.podman))
        #expect(state.containers.allSatisfy { $0.host == Fixtures.docker })
        #expect(!state.showsHosts)
        #expect(
            !state.subscriptions.contains { sub in
                switch sub {
                case .stats(let host, _): return host == Fixtures.podman
                case .logs(let ref), .top(let ref), .inspect(let ref): return ref.host == Fixtures.podman
                case .resources(_, let host), .events(let host, _): return host == Fixtures.podman
                case .swarmLogs(let target): return target.host == Fixtures.podman
                case .mergedLogs(let target): return target.members.contains { $0.ref.host == Fixtures.podman }
                }
            })
    }

    @Test func newsForAnUnknownHostIsIgnored() {
        var state = Fixtures.twoHosts()
        let before = state
        _ = Dashboard.reduce(&state, .containersChanged(HostID("ghost"), Fixtures.sample))
        _ = Dashboard.reduce(&state, .engineConnected(HostID("ghost"), Fixtures.dockerInfo))
        #expect(state == before)
    }

    @Test func theFilterMatchesTheHostName() {
        var state = Fixtures.twoHosts()
        _ = Fixtures.press(&state, .character("/"), .character("p"), .character("o"), .character("d"), .enter)
        #expect(!state.visibleContainers.isEmpty)
        #expect(state.visibleContainers.allSatisfy { $0.host == Fixtures.podman })
    }

    @Test func statsTargetsAndFiguresArePerHost() throws {
        var state = Fixtures.twoHosts()
        let targets = state.statsTargets
        #expect(Set(targets.keys) == [Fixtures.docker, Fixtures.podman])
        let podmanWeb = try #require(
            state.containers.first { $0.host == Fixtures.podman && $0.displayName == "web-1" })
        #expect(targets[Fixtures.podman]?.all == [podmanWeb.id])
        let figures = StatsFigures(source: .api, cpuPercent: 12.5, onlineCPUs: 2, memoryUsed: 1 << 20)
        _ = Dashboard.reduce(
            &state, .stats(.sampled(Fixtures.podman, StatsSnapshot(figures: [podmanWeb.id: figures]))))
        _ = Dashboard.reduce(&state, .stats(.sampled(Fixtures.docker, StatsSnapshot(figures: [:]))))
        // Docker's (empty) round does not wipe podman's figures, and the docker web-1 has none.
        #expect(state.stats.rows[podmanWeb.ref]?.cpuPercent == 12.5)
        let dockerWeb = state.containers.first { $0.host == Fixtures.docker && $0.displayName == "web-1" }
        #expect(state.stats.rows[dockerWeb!.ref] == nil)
    }

    @Test func sortingWorksAcrossHosts() {
        var state = Fixtures.twoHosts()
        _ = Fixtures.press(&state, .character("n"))
        let names = state.visibleContainers.map(\.displayName)
        #expect(names == names.sorted { $0.lowercased() < $1.lowercased() })
        #expect(Set(state.visibleContainers.map(\.host)).count == 2)
    }
}

@Suite struct HostCommandTests {
    static func type(_ state: inout AppState, _ line: String) -> [Effect] {
        var effects = Fixtures.press(&state, .character(":"))
        for c in line { effects += Fixtures.press(&state, .character(c)) }
        return effects + Fixtures.press(&state, .enter)
    }

    @Test func addingAHostWhileRunning() {
        var state = Fixtures.state()
        let effects = Self.type(&state, "host add pm=unix:///run/podman/podman.sock")
        #expect(
            effects == [.hosts(.add(arguments: ["pm=unix:///run/podman/podman.sock"], contexts: [], replacing: false))])
        _ = Dashboard.reduce(&state, .hostAdded(HostState(id: HostID("pm"), address: "unix:///run/podman/podman.sock")))
        #expect(state.hosts.map(\.id.name) == ["main", "pm"])
        #expect(state.showsHosts)
        _ = Dashboard.reduce(
            &state, .containersChanged(HostID("pm"), [Fixtures.container("x", state: "running", status: "Up")]))
        #expect(state.containers.contains { $0.host == HostID("pm") })
    }

    @Test func dropOnlySwitchAndContexts() {
        var state = Fixtures.twoHosts()
        #expect(Self.type(&state, "host drop podman") == [.hosts(.remove(Fixtures.podman))])
        #expect(Self.type(&state, "host only docker") == [.hosts(.remove(Fixtures.podman))])
        #expect(
            Self.type(&state, "context prod") == [.hosts(.add(arguments: [], contexts: ["prod"], replacing: false))])
        #expect(
            Self.type(&state, "context only prod") == [.hosts(.add(arguments: [], contexts: ["prod"], replacing: true))]
        )
        #expect(Self.type(&state, "host drop nobody").isEmpty)
        #expect(state.status?.kind == .error)
        var single = Fixtures.state()
        #expect(Self.type(&single, "host drop main").isEmpty)
        #expect(single.status?.text.contains("only engine") == true)
    }

    @Test func theHostListOpensWithHAndClosesOnAnyKey() {
        var state = Fixtures.twoHosts(size: .init(width: 120, height: 30))
        #expect(Fixtures.press(&state, .character("H")) == [.hosts(.listContexts)])
        #expect(state.mode == .hostList)
        _ = Dashboard.reduce(
            &state, .contextsListed([ContextChoice(name: "prod", endpoint: "ssh://ops@prod", description: "the shop")]))
        #expect(state.contexts.count == 1)
        _ = Fixtures.press(&state, .character("x"))
        #expect(state.mode == .normal)
    }
}
