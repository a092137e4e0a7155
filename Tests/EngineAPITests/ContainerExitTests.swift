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
