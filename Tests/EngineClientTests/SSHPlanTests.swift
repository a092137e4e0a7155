import EngineAPI
import Testing

@testable import EngineClient

/// How the ssh transport decides from the remote probe, and how it words ssh's failures. No server needed.
@Suite("ssh plan and failures")
struct SSHPlanTests {
    let box = SSHDestination(user: "me", host: "box")

    func decide(_ lines: [String], _ destination: SSHDestination? = nil) throws -> SSHPlan {
        try SSHPlan.decide(probeOutput: lines.joined(separator: "\n"), destination: destination ?? box)
    }

    @Test func socketOrder() throws {
        // The URL's path first, whatever else exists.
        let withPath = SSHDestination(host: "box", socketPath: "/run/podman/podman.sock")
        #expect(
            try decide(["berth-docker=1", "berth-sock=/run/podman/podman.sock"], withPath).method
                == .sshDialStdio(socketPath: "/run/podman/podman.sock"))
        // Then DOCKER_HOST (listed first by the probe), then the standard sockets in order.
        #expect(
            try decide(["berth-host=unix:///e.sock", "berth-sock=/e.sock", "berth-sock=/var/run/docker.sock"]).method
                == .sshStreamLocal(socketPath: "/e.sock"))
        #expect(
            try decide(["berth-missing=", "berth-missing=/var/run/docker.sock", "berth-sock=/run/podman/podman.sock"])
                .method == .sshStreamLocal(socketPath: "/run/podman/podman.sock"))
        // A tcp:// DOCKER_HOST over there needs the docker CLI.
        #expect(
            try decide(["berth-docker=1", "berth-host=tcp://10.0.0.1:2375"]).method == .sshDialStdio(socketPath: nil))
        #expect(throws: EngineError.self) { try decide(["berth-host=tcp://10.0.0.1:2375"]) }
        // Noise from login scripts is ignored.
        #expect(
            try decide(["Welcome!", "berth-docker=1", "berth-sock=/var/run/docker.sock", "motd"]).method
                == .sshDialStdio(socketPath: "/var/run/docker.sock"))
    }

    @Test func refusalsAreSentences() throws {
        do {
            _ = try decide(["berth-user=alice", "berth-denied=/var/run/docker.sock"])
            Issue.record("a socket the user may not open was accepted")
        } catch let error as EngineError {
            #expect(error.description.contains("permission denied on /var/run/docker.sock on box"))
            #expect(error.description.contains("alice"))
        }
        do {
            _ = try decide(["berth-missing=/var/run/docker.sock", "berth-missing=/run/podman/podman.sock"])
            Issue.record("no socket was accepted")
        } catch let error as EngineError {
            #expect(error.description.contains("no engine socket on box"))
            #expect(error.description.contains("/var/run/docker.sock, /run/podman/podman.sock"))
        }
    }

    @Test func commandsAreQuoted() {
        let plan = SSHPlan(method: .sshDialStdio(socketPath: "/tmp/it's.sock"))
        #expect(
            plan.arguments(host: "box") == [
                "--", "box", #"docker --host 'unix:///tmp/it'\''s.sock' system dial-stdio"#,
            ])
        #expect(SSHPlan.probeCommand(SSHDestination(host: "b", socketPath: "/x y.sock")).hasPrefix("sh -c '"))
    }

    @Test func sshMessages() {
        func text(_ stderr: String, code: Int32? = 255, stage: SSHFailure.Stage = .login) -> String {
            SSHFailure.explain(stderr, code: code, target: "ssh://box", stage: stage).description
        }
        #expect(text("Host key verification failed.\n").contains("host key of ssh://box is unknown"))
        #expect(
            text("@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.")
                .contains("CHANGED"))
        #expect(text("me@box: Permission denied (publickey,password).").contains("use ssh-agent or a key without"))
        #expect(text("ssh: Could not resolve hostname box: Name or service not known").contains("cannot resolve"))
        #expect(text("ssh: connect to host box port 22: Connection refused").contains("nothing listens for ssh"))
        #expect(text("ssh: connect to host box port 22: Connection timed out").contains("unreachable"))
        #expect(text("Timeout, server box not responding.", stage: .transfer).contains("dropping packets"))
        #expect(
            text(
                "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock",
                code: 1
            ).contains("permission denied on the engine's socket"))
        #expect(
            text("Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?", code: 1)
                .contains("not running"))
        #expect(text("channel 2: open failed: connect failed: open failed", code: nil).contains("not running"))
        #expect(text("sh: 1: docker: not found", code: 127).contains("missing"))
        #expect(text("something odd", code: 3).contains("exit 3"))
        #expect(
            SSHFailure.explainBrokenConnection(
                ChildProcess.Exit(code: 0, signal: nil, stderr: ""), target: "t", stage: .transfer) == nil)
    }
}
