import DashboardCore
import DashboardFixtures
import DashboardRenderer
import EngineAPI
import TerminalUI
import Testing

@Suite struct WhyColumnTests {
    static func container(
        _ state: String, _ status: String, exit: ContainerExit? = nil
    ) -> ContainerSummary {
        var row = Fixtures.container("c", state: state, status: status)
        row.lastExit = exit
        return row
    }

    @Test func aHealthyOrCleanlyStoppedContainerHasNoMarker() {
        #expect(ContainerFormat.why(Self.container("running", "Up 2 hours")) == "")
        #expect(ContainerFormat.why(Self.container("running", "Up 2 hours (healthy)")) == "")
        #expect(ContainerFormat.why(Self.container("exited", "Exited (0) 2 hours ago")) == "")
        #expect(ContainerFormat.why(Self.container("created", "Created")) == "")
        // Started again by hand after an error, with no restart: the old exit is history, not trouble.
        let restarted = Self.container("running", "Up 1 second", exit: ContainerExit(exitCode: 1))
        #expect(ContainerFormat.why(restarted) == "")
    }

    @Test func theMarkerSaysRestartsExitCodeMeaningAndHealth() {
        #expect(
            ContainerFormat.why(Self.container("exited", "Exited (137) 2 hours ago")) == "exit 137 killed (SIGKILL)")
        let oom = Self.container(
            "exited", "Exited (137) 1 minute ago", exit: ContainerExit(exitCode: 137, oomKilled: true))
        #expect(ContainerFormat.why(oom) == "exit 137 OOM-killed")
        let looping = Self.container(
            "restarting", "Restarting (3) Less than a second ago", exit: ContainerExit(exitCode: 3, restartCount: 7))
        #expect(ContainerFormat.why(looping) == "↻7 exit 3 error")
        let backUp = Self.container(
            "running", "Up 2 seconds (unhealthy)", exit: ContainerExit(exitCode: 0, restartCount: 2))
        #expect(ContainerFormat.why(backUp) == "↻2 exit 0 unhealthy")
        #expect(ContainerFormat.why(Self.container("running", "Up 2 hours (unhealthy)")) == "unhealthy")
        // A later exit than the one inspected keeps its own code and is not called an OOM kill.
        let later = Self.container(
            "exited", "Exited (1) 1 second ago", exit: ContainerExit(exitCode: 137, oomKilled: true, restartCount: 1))
        #expect(ContainerFormat.why(later) == "↻1 exit 1 error")
    }

    @Test func theColumnShowsOnlyWhenARowHasSomethingToSay() {
        let healthy = Fixtures.state(
            [Fixtures.container("web", state: "running", status: "Up 2 hours")], size: Size(width: 120, height: 10))
        #expect(!Self.text(DashboardView.render(healthy)).contains("WHY"))
        var looping = Fixtures.container("loop", state: "restarting", status: "Restarting (3) 1 second ago")
        looping.lastExit = ContainerExit(exitCode: 3, restartCount: 12)
        let troubled = Fixtures.state(
            [Fixtures.container("web", state: "running", status: "Up 2 hours"), looping],
            size: Size(width: 120, height: 10))
        let text = Self.text(DashboardView.render(troubled))
        #expect(text.contains("WHY"))
        #expect(text.contains("↻12 exit 3 error"))
        expectSnapshot(DashboardView.render(troubled), named: "why-column-120x10")
    }

    static func text(_ grid: CellGrid) -> String { grid.plainText }
}
