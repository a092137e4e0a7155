import DashboardCore
import DashboardFixtures
import EngineAPI
import TerminalUI
import Testing

/// Podman pods under `P`: asked for only while grouping, only of Podman, only when a container is new to berth.
@Suite struct PodGroupingTests {
    static let host = HostID("podman")

    static func row(_ name: String, running: Bool = true) -> ContainerSummary {
        var row = Fixtures.container(
            name, state: running ? "running" : "exited", status: running ? "Up 1 hour" : "Exited (0) 1 minute ago")
        row.host = host
        return row
    }

    static let webA = row("web-a")
    static let webB = row("web-b", running: false)
    static let infra = row("0123456789ab-infra")
    static let app = row("app")
    static let loner = row("loner")

    /// `web` has no infra container; `side` has one.
    static let membership = PodMembership(
        listed: Set([webA, webB, infra, app, loner].map(\.id)),
        pods: [
            webA.id: .init(id: "fe0adb6230a1" + String(repeating: "0", count: 52), name: "web"),
            webB.id: .init(id: "fe0adb6230a1" + String(repeating: "0", count: 52), name: "web"),
            infra.id: .init(id: "0123456789ab" + String(repeating: "1", count: 52), name: "side"),
            app.id: .init(id: "0123456789ab" + String(repeating: "1", count: 52), name: "side"),
        ],
        infra: [infra.id])

    /// A Podman engine listing `rows`, grouped, its question answered with `membership`.
    static func grouped(_ rows: [ContainerSummary] = [webA, webB, infra, app, loner]) -> AppState {
        var state = AppState(
            size: Size(width: 120, height: 24), hosts: [HostState(id: host, address: "unix:///p.sock")],
            now: Fixtures.now)
        _ = Dashboard.reduce(&state, .engineConnected(host, Fixtures.podmanInfo))
        _ = Dashboard.reduce(&state, .containersChanged(host, rows))
        let asked = Fixtures.press(&state, .character("P"))
        #expect(asked == [.pods(host: host, question: 1)])
        #expect(state.status?.text.hasSuffix("0 pods; asking Podman for its pods); Enter folds one") == true)
        #expect(Dashboard.reduce(&state, .pods(.answered(host, question: 1, membership))).isEmpty)
        return state
    }

    static func podRow(_ state: AppState, _ title: String) -> ContainerSummary? {
        state.visibleContainers.first { ProjectGrouping.isPodRow($0.ref) && $0.displayName == title }
    }

    @Test func aPodIsARowWithItsContainersUnderIt() throws {
        var state = Self.grouped()
        let rows = state.visibleContainers
        // The answer's pods replace "asking" on the status line.
        #expect(state.status?.text == "Grouped by Compose project and pod (0 projects, 2 pods); Enter folds one")
        let web = try #require(Self.podRow(state, "pod web"))
        #expect(web.status == "1/2 running")
        #expect(web.image == "fe0adb6230a1")
        let index = try #require(rows.firstIndex(of: web))
        #expect(Set(rows[(index + 1)...].prefix(2).map(\.displayName)) == ["web-a", "web-b"])
        // The infra container is one of its pod's containers, and the pod's row names it.
        let side = try #require(Self.podRow(state, "pod side"))
        #expect(side.status == "2/2 running")
        #expect(side.image == "0123456789ab · infra 0123456789ab-infra")
        #expect(rows.contains { $0.displayName == "loner" })
        #expect(rows.count == 7)
        // Enter folds it like a project.
        state.selection = web.ref
        _ = Fixtures.press(&state, .enter)
        #expect(!state.visibleContainers.contains { $0.displayName == "web-a" })
        #expect(state.visibleContainers.contains(web))
        // Off and on again: what berth knows still holds, and nothing is asked.
        _ = Fixtures.press(&state, .character("P"))
        #expect(!state.visibleContainers.contains { ProjectGrouping.isProjectRow($0.ref) })
        #expect(Fixtures.press(&state, .character("P")).isEmpty)
        #expect(state.status?.text == "Grouped by Compose project and pod (0 projects, 2 pods); Enter folds one")
    }

    @Test func theEngineIsAskedOnlyForContainersNoAnswerCovered() {
        var state = Self.grouped()
        // The same list again (a container changed state): nothing to ask.
        var changed = [Self.webA, Self.webB, Self.infra, Self.app, Self.loner]
        changed[1].state = "running"
        #expect(Dashboard.reduce(&state, .containersChanged(Self.host, changed)).isEmpty)
        // A new container: one question, and none more while it is out.
        let newcomer = Self.row("web-c")
        #expect(
            Dashboard.reduce(&state, .containersChanged(Self.host, changed + [newcomer]))
                == [.pods(host: Self.host, question: 2)])
        let another = Self.row("web-d")
        #expect(Dashboard.reduce(&state, .containersChanged(Self.host, changed + [newcomer, another])).isEmpty)
        // The answer was sent before web-d existed: web-d is asked about next.
        var answer = Self.membership
        answer.listed.insert(newcomer.id)
        answer.pods[newcomer.id] = Self.membership.pods[Self.webA.id]
        #expect(
            Dashboard.reduce(&state, .pods(.answered(Self.host, question: 2, answer)))
                == [.pods(host: Self.host, question: 3)])
        #expect(Self.podRow(state, "pod web")?.status == "3/3 running")
        // An answer that leaves out a container the list had when asked: that one is in no pod, and not asked again.
        #expect(Dashboard.reduce(&state, .pods(.answered(Self.host, question: 3, answer))).isEmpty)
        #expect(state.visibleContainers.contains { $0.displayName == "web-d" })
        #expect(Dashboard.reduce(&state, .containersChanged(Self.host, changed + [newcomer, another])).isEmpty)
    }

    @Test func onlyAGroupedListOfAPodmanEngineAsks() {
        // Not grouped: no question, whatever appears.
        var state = AppState(
            size: Size(width: 120, height: 24), hosts: [HostState(id: Self.host, address: "unix:///p.sock")])
        _ = Dashboard.reduce(&state, .engineConnected(Self.host, Fixtures.podmanInfo))
        #expect(Dashboard.reduce(&state, .containersChanged(Self.host, [Self.webA])).isEmpty)
        // Docker: never asked.
        var docker = Fixtures.state()
        #expect(Fixtures.press(&docker, .character("P")).isEmpty)
        #expect(docker.status?.text.hasPrefix("Grouped by Compose project (") == true)
        // Podman with no container: nothing to ask about.
        var empty = AppState(
            size: Size(width: 120, height: 24), hosts: [HostState(id: Self.host, address: "unix:///p.sock")])
        _ = Dashboard.reduce(&empty, .engineConnected(Self.host, Fixtures.podmanInfo))
        _ = Dashboard.reduce(&empty, .containersChanged(Self.host, []))
        #expect(Fixtures.press(&empty, .character("P")).isEmpty)
    }

    @Test func aFailureIsSaidOnceAndTriedAgainOnReconnect() {
        var state = AppState(
            size: Size(width: 120, height: 24), hosts: [HostState(id: Self.host, address: "unix:///p.sock")])
        _ = Dashboard.reduce(&state, .engineConnected(Self.host, Fixtures.podmanInfo))
        _ = Dashboard.reduce(&state, .containersChanged(Self.host, [Self.webA]))
        #expect(Fixtures.press(&state, .character("P")) == [.pods(host: Self.host, question: 1)])
        #expect(Dashboard.reduce(&state, .pods(.failed(Self.host, question: 1, "404 not found"))).isEmpty)
        #expect(state.status == StatusMessage("Could not list the pods: 404 not found", kind: .error))
        #expect(Dashboard.reduce(&state, .containersChanged(Self.host, [Self.webA, Self.app])).isEmpty)
        #expect(
            Dashboard.reduce(&state, .engineConnected(Self.host, Fixtures.podmanInfo))
                == [.pods(host: Self.host, question: 2)])
        // An answer to a question sent before the engine reconnected counts for nothing: the open one is asked anew.
        let unanswered = state
        _ = Dashboard.reduce(&state, .pods(.answered(Self.host, question: 1, Self.membership)))
        _ = Dashboard.reduce(&state, .pods(.failed(Self.host, question: 1, "connection reset")))
        #expect(state.pods == unanswered.pods)
        #expect(state.status == unanswered.status)
        // An answer nobody waits for any more (the host is gone) changes nothing.
        _ = Dashboard.reduce(&state, .hostRemoved(Self.host))
        let before = state
        _ = Dashboard.reduce(&state, .pods(.answered(Self.host, question: 2, Self.membership)))
        #expect(state == before)
    }

    @Test func aPodRowStopsItsContainersTheInfraContainerToo() throws {
        var state = Self.grouped()
        state.selection = try #require(Self.podRow(state, "pod side")).ref
        _ = Fixtures.press(&state, .character("s"))
        guard case .bulk(let stop) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        #expect(stop.command == .stop)
        #expect(stop.pod == nil)
        #expect(Set(stop.targets.map(\.name)) == ["app", "0123456789ab-infra"])
        let effects = Fixtures.press(&state, .character("y"))
        #expect(
            Set(effects) == [
                .perform(.stop, container: Self.app.ref, name: "app"),
                .perform(.stop, container: Self.infra.ref, name: "0123456789ab-infra"),
            ])
        // Space marks them all.
        state.pending = [:]
        _ = Fixtures.press(&state, .character(" "))
        #expect(state.marked == [Self.app.ref, Self.infra.ref])
    }

    static let sidePod = BulkPod(host: host, id: "0123456789ab" + String(repeating: "1", count: 52), name: "side")

    @Test func removingAPodRowRemovesThePodWithEveryContainerInOneRequest() throws {
        var state = Self.grouped()
        state.selection = try #require(Self.podRow(state, "pod side")).ref
        _ = Fixtures.press(&state, .character("D"))
        guard case .bulk(let removal) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        // The infra container goes too: Podman removes it with its pod.
        #expect(removal.pod == Self.sidePod)
        #expect(Set(removal.targets.map(\.name)) == ["app", "0123456789ab-infra"])
        #expect(removal.skipped.isEmpty)
        #expect(removal.question == "Remove pod side and its 2 containers? 2 are running and will be stopped first.")
        // Podman's pod removal has no volume choice: `v` cancels like any other key.
        #expect(!removal.offersVolumeChoice)

        // One request for the whole pod; its rows are busy until the answer.
        let effects = Fixtures.press(&state, .character("y"))
        #expect(effects == [.removePod(Self.sidePod, force: true)])
        #expect(state.pending[Self.app.ref] != nil && state.pending[Self.infra.ref] != nil)
        #expect(state.status?.text == "Removing pod side…")

        _ = Dashboard.reduce(&state, .pods(.removed(Self.sidePod, error: nil)))
        #expect(state.pending.isEmpty)
        #expect(state.bulk == nil)
        let summary = try #require(state.status)
        #expect(summary.kind == .success)
        #expect(summary.text.hasPrefix("Removed pod side and its containers: "))
        #expect(summary.text.contains("app") && summary.text.contains("0123456789ab-infra"))
    }

    @Test func aPodThatWasNotRemovedSaysWhyAndFreesItsRows() throws {
        var state = Self.grouped([Self.webA, Self.webB])
        state.selection = try #require(Self.podRow(state, "pod web")).ref
        _ = Fixtures.press(&state, .character("D"))
        guard case .bulk(let removal) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        #expect(removal.question == "Remove pod web and its 2 containers? 1 is running and will be stopped first.")
        let pod = try #require(removal.pod)
        #expect(Fixtures.press(&state, .character("y")) == [.removePod(pod, force: true)])
        // An answer for another pod is not this one's.
        let other = BulkPod(host: Self.host, id: "other", name: "other")
        _ = Dashboard.reduce(&state, .pods(.removed(other, error: "no such pod")))
        #expect(state.bulk?.pod == pod)
        _ = Dashboard.reduce(&state, .pods(.removed(pod, error: "dependency exists")))
        #expect(state.pending.isEmpty)
        #expect(state.status == StatusMessage("Could not remove pod web: dependency exists", kind: .error))
    }

    @Test func aMarkedInfraContainerIsLeftOutOfARemovalAndSaysWhere() throws {
        var state = Self.grouped()
        state.marked = [Self.app.ref, Self.infra.ref, Self.loner.ref]
        state.selection = Self.loner.ref
        _ = Fixtures.press(&state, .character("D"))
        guard case .bulk(let removal) = state.mode else {
            Issue.record("no question: \(state.mode)")
            return
        }
        #expect(removal.pod == nil)
        #expect(Set(removal.targets.map(\.name)) == ["app", "loner"])
        #expect(removal.skipped == ["0123456789ab-infra (a pod's infra container: D on the pod's row)"])
    }

    /// `D` on an infra container's own row asks nothing: Podman would refuse; the status line says where to go.
    @Test func anInfraContainersOwnRowIsNotRemovedAlone() throws {
        var state = Self.grouped()
        state.selection = Self.infra.ref
        let effects = Fixtures.press(&state, .character("D"))
        #expect(effects.isEmpty)
        #expect(state.mode == .normal)
        #expect(state.status?.kind == .error)
        #expect(state.status?.text.contains("D on the pod's row") == true)
    }

    @Test func readOnlyRemovesNoPod() throws {
        var state = Self.grouped()
        state.readOnly = true
        state.selection = try #require(Self.podRow(state, "pod side")).ref
        let effects = Fixtures.press(&state, .character("D")) + Fixtures.press(&state, .character("y"))
        #expect(!effects.contains { if case .removePod = $0 { return true } else { return false } })
        #expect(state.pending.isEmpty)
    }

    @Test func aComposeProjectWinsOverItsPod() throws {
        // podman-compose puts a project's containers in a pod of their own: the project is the name the user knows.
        var composed = Self.webA
        composed.labels = [ProjectGrouping.projectLabel: "shop"]
        let state = Self.grouped([composed, Self.webB])
        let groups = state.visibleContainers.filter { ProjectGrouping.isProjectRow($0.ref) }.map(\.displayName)
        #expect(groups == ["shop", "pod web"])
    }
}
