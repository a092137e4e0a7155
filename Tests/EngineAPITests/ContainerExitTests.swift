import EngineAPI
import Testing

@Suite("Why a container died: exit codes, status words, inspect")
struct ContainerExitTests {
    @Test func exitCodesSayWhatEndedTheProcess() {
        #expect(ExitCodeMeaning.describe(0) == nil)
        #expect(ExitCodeMeaning.describe(1) == "error")
        #expect(ExitCodeMeaning.describe(3) == "error")
        #expect(ExitCodeMeaning.describe(127) == "command not found")
        #expect(ExitCodeMeaning.describe(137) == "killed (SIGKILL)")
        #expect(ExitCodeMeaning.describe(137, oomKilled: true) == "OOM-killed")
        #expect(ExitCodeMeaning.describe(143) == "terminated (SIGTERM)")
        #expect(ExitCodeMeaning.describe(139) == "segfault (SIGSEGV)")
        #expect(ExitCodeMeaning.describe(138) == "signal 10")
        #expect(ExitCodeMeaning.describe(-1) == "error")
    }

    @Test func statusWordsGiveTheExitCodeAndHealth() {
        #expect(ContainerStatusText.exitCode("Exited (137) 4 minutes ago") == 137)
        #expect(ContainerStatusText.exitCode("Restarting (3) Less than a second ago") == 3)
        #expect(ContainerStatusText.exitCode("Up 3 hours") == nil)
        #expect(ContainerStatusText.exitCode("Exited (x) ago") == nil)
        #expect(ContainerStatusText.exitCode("Exited (") == nil)
        #expect(ContainerStatusText.exitCode(nil) == nil)
        #expect(ContainerStatusText.health("Up 3 hours (healthy)") == "healthy")
        #expect(ContainerStatusText.health("Up 3 hours (unhealthy)") == "unhealthy")
        #expect(ContainerStatusText.health("Up 1 second (health: starting)") == "starting")
        #expect(ContainerStatusText.health("Up 1 second") == nil)
    }

    @Test func inspectGivesRestartCountAndOOMKill() throws {
        let inspect = try JSONCoding.decode(ContainerInspect.self, from: Fixture.bytes("inspect-health-labels.json"))
        #expect(inspect.restartCount == 0)
        #expect(inspect.state?.oomKilled == false)
        // It runs: the engine set ExitCode back to 0 when it started, which says nothing of its last exit.
        #expect(inspect.state?.running == true)
        #expect(ContainerExit(inspect) == ContainerExit(exitCode: nil, oomKilled: false, restartCount: 0))

        let podman = try JSONCoding.decode(ContainerInspect.self, from: Fixture.bytes("inspect-podman.json"))
        #expect(podman.restartCount == 0)
        #expect(podman.state?.oomKilled == false)

        let killed = try JSONCoding.decode(
            ContainerInspect.self,
            from: Array(#"{"RestartCount":4,"State":{"ExitCode":137,"OOMKilled":true}}"#.utf8))
        #expect(ContainerExit(killed) == ContainerExit(exitCode: 137, oomKilled: true, restartCount: 4))
        // Restarted by its policy and running again: the restarts count, the code is unknown rather than 0.
        let again = try JSONCoding.decode(
            ContainerInspect.self,
            from: Array(#"{"RestartCount":1,"State":{"Running":true,"ExitCode":0,"OOMKilled":false}}"#.utf8))
        #expect(ContainerExit(again) == ContainerExit(exitCode: nil, oomKilled: false, restartCount: 1))
        // Nothing guaranteed: an empty document is no exit code, no OOM kill, no restart.
        let empty = try JSONCoding.decode(ContainerInspect.self, from: Array("{}".utf8))
        #expect(ContainerExit(empty) == ContainerExit())
    }

    @Test func aDieEventCarriesItsExitCodeOnBothEngines() throws {
        let docker = try JSONCoding.decode(
            EngineEvent.self,
            from: Array(#"{"Type":"container","Action":"die","Actor":{"ID":"a","Attributes":{"exitCode":"2"}}}"#.utf8))
        #expect(docker.exitCode == 2)
        let podman = try JSONCoding.decode(
            EngineEvent.self,
            from: Array(
                #"{"Type":"container","status":"died","Actor":{"ID":"a","Attributes":{"containerExitCode":"137"}}}"#
                    .utf8))
        #expect(podman.exitCode == 137)
        let start = try JSONCoding.decode(
            EngineEvent.self, from: Array(#"{"Type":"container","Action":"start","Actor":{"ID":"a"}}"#.utf8))
        #expect(start.exitCode == nil)
    }
}

/// Podman's own top writes ELAPSED as a Go duration; the pane shows it as `ps` does.
@Suite struct PodmanTopElapsedTests {
    @Test func goDurationsBecomePSElapsedTimes() throws {
        let recorded = #"""
            {"Processes":[["1","0","root","0.000","1376","8.448734857s","sleep 100000"],
            ["7","1","root","1.5","900","1h2m3.5s","sh"],["9","1","root","0","1","26h0m0s","x"],
            ["11","1","root","0","1","350ms","y"],["12","1","root","0","1","?","z"]],
            "Titles":["PID","PPID","USER","%CPU","RSS","ELAPSED","COMMAND"]}
            """#
        let table = try JSONCoding.decode(ContainerTop.self, from: Array(recorded.utf8)).elapsedInPSForm()
        #expect(table.processes.map { $0[5] } == ["00:08", "01:02:03", "1-02:00:00", "00:00", "?"])
        #expect(table.processes[0].last == "sleep 100000")
        #expect(table.cpuToOneDecimal().processes.map { $0[3] } == ["0.0", "1.5", "0.0", "0.0", "0.0"])
        let busy = ContainerTop(
            titles: ["PID", "%CPU", "CMD"], processes: [["1", "55.231", "yes"], ["2", "-", "x"]])
        #expect(busy.cpuToOneDecimal().processes.map { $0[1] } == ["55.2", "-"])
        // A table without ELAPSED is left as it is.
        let plain = ContainerTop(titles: ["PID", "CMD"], processes: [["1", "8.4s"]])
        #expect(plain.elapsedInPSForm() == plain)
    }

    @Test func theRequestAsksPodmanForItsDescriptorsOnce() {
        let uri = Endpoints.podmanTop("web").uri(version: APIVersion(major: 1, minor: 41))
        #expect(
            uri == "/v1.41/libpod/containers/web/top?ps_args=pid%2Cppid%2Cuser%2Cpcpu%2Crss%2Cetime%2Cargs&stream=false"
        )
    }
}
