import Foundation
import Testing

/// The real binary in tmux against the real engine. Serialized: they share the engine and the tmux server.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct DashboardEndToEndTests {
    @Test func containersAppearWithEngineHeader() throws {
        let host = try E2E.requireHost()
        try E2E.makeContainer("e2e-list-alpha", host: host)
        try E2E.makeContainer("e2e-list-beta", host: host, running: false)
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-list-alpha", "e2e-list-beta"], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-list", host: host)
        defer { session.kill() }
        try session.filter("e2e-list", thenWaitFor: "e2e-list-alpha")
        try session.waitFor("e2e-list-beta")
        let screen = try session.screen()
        #expect(screen.contains("Docker Engine"))
        #expect(screen.contains("NAME"))
        #expect(screen.contains("Created"))
        // A new container shows up from the events stream, without a key press.
        try E2E.makeContainer("e2e-list-gamma", host: host)
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-list-gamma"], host: host, allowFailure: true) }
        try session.waitFor("e2e-list-gamma", seconds: 5)
        try session.send("q")
    }

    @Test func filterThenStopWithConfirmation() throws {
        let host = try E2E.requireHost()
        try E2E.makeContainer("e2e-stop-target", host: host)
        try E2E.makeContainer("e2e-stop-bystander", host: host)
        defer {
            _ = try? E2E.docker(["rm", "-f", "e2e-stop-target", "e2e-stop-bystander"], host: host, allowFailure: true)
        }
        let session = try TmuxSession.berth("e2e-stop", host: host)
        defer { session.kill() }
        try session.filter("stop-target", thenWaitFor: "e2e-stop-target")
        try session.waitForAbsence("e2e-stop-bystander")
        try session.send("s")
        try session.waitFor("Stop e2e-stop-target?")
        // Anything but y cancels and changes nothing.
        try session.send("n")
        try session.waitFor("Cancelled")
        #expect(try E2E.state(of: "e2e-stop-target", host: host) == "running")
        try session.send("s")
        try session.waitFor("Stop e2e-stop-target?")
        try session.send("y")
        let exited = try E2E.waitUntil(20) { try E2E.state(of: "e2e-stop-target", host: host) == "exited" }
        let finalState = try E2E.state(of: "e2e-stop-target", host: host)
        #expect(exited, "the engine still reports \(finalState)")
        try session.waitFor("Exited (", seconds: 10)
        try session.waitFor("Stopped e2e-stop-target")
        #expect(try E2E.state(of: "e2e-stop-bystander", host: host) == "running")
        try session.send("q")
    }

    @Test func readOnlyRefusesChanges() throws {
        let host = try E2E.requireHost()
        try E2E.makeContainer("e2e-readonly", host: host)
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-readonly"], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-ro", host: host, extra: "--read-only")
        defer { session.kill() }
        try session.filter("e2e-readonly", thenWaitFor: "e2e-readonly")
        try session.send("s")
        try session.waitFor("Read-only mode")
        try session.send("D")
        #expect(try !session.screen().contains("confirm"))
        #expect(try E2E.state(of: "e2e-readonly", host: host) == "running")
        try session.send("q")
    }

    @Test func quitLeavesACleanShell() throws {
        let host = try E2E.requireHost()
        let session = try TmuxSession("e2e-quit", command: "sh")
        defer { session.kill() }
        try session.sendLiteral("\(E2E.binary) --host \(host); echo berth-exit=$?")
        try session.send("Enter")
        // A column title that shows at any width (CONTAINER ID gives way to CPU % and MEM when names are long).
        try session.waitFor("STATUS")
        try session.send("q")
        try session.waitFor("berth-exit=0")
        try session.sendLiteral("stty -a | tr ' ' '\\n' | grep -E '^-?(echo|icanon)$' | tr '\\n' ' '; echo")
        try session.send("Enter")
        try session.waitFor("icanon echo")
        #expect(try !session.screen().contains("STATUS"))
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let host = try E2E.requireHost()
        let session = try TmuxSession("e2e-term", command: "sh")
        defer { session.kill() }
        try session.sendLiteral("\(E2E.binary) --host \(host) & sleep 1; kill -TERM $!; wait $!; echo berth-exit=$?")
        try session.send("Enter")
        // The status itself, not the command line that prints it (which says `berth-exit=$?`).
        try session.waitFor("berth-exit=0")
        try session.sendLiteral("stty -a | tr ' ' '\\n' | grep -E '^-?(echo|icanon)$' | tr '\\n' ' '; echo")
        try session.send("Enter")
        try session.waitFor("icanon echo")
    }

    /// Ctrl-Z under a job-control shell stops berth with the terminal restored; `fg` brings the dashboard back.
    @Test func ctrlZSuspendsToTheShellAndFgReturns() throws {
        let host = try E2E.requireHost()
        let session = try TmuxSession("e2e-ctrl-z", command: "bash --norc --noprofile")
        defer { session.kill() }
        try session.sendLiteral(
            "PS1='shell$ '; env -u NO_COLOR \(E2E.binary) --host \(host) --log-file /tmp/e2e-ctrl-z.log")
        try session.send("Enter")
        try session.waitFor("NAME")
        try session.send("C-z")
        try session.waitFor("Stopped")
        try session.waitForAbsence("NAME")
        try session.sendLiteral("fg")
        try session.send("Enter")
        try session.waitFor("NAME")
        try session.send("q")
        try session.waitForAbsence("NAME")
    }

    @Test func missingSocketIsOneClearSentence() throws {
        let output = try E2E.run([E2E.binary, "--host", "unix:///nonexistent/docker.sock"], allowFailure: true)
        #expect(output.contains("No engine socket at /nonexistent/docker.sock"))
        let tcp = try E2E.run([E2E.binary, "--host", "tcp://127.0.0.1:notaport"], allowFailure: true)
        #expect(tcp.contains("not a usable tcp:// address"))
        let notASocket = try E2E.run([E2E.binary, "--host", "unix:///etc/hostname"], allowFailure: true)
        #expect(notASocket.contains("/etc/hostname is not a socket"))
        let word = try E2E.run([E2E.binary, "--host", "localhost"], allowFailure: true)
        #expect(word.contains("not an engine address"))
        let directory = try E2E.run([E2E.binary, "--host", "unix:///tmp"], allowFailure: true)
        #expect(directory.contains("/tmp is not a socket"))
    }

    /// With several engines, one whose socket is missing holds up nothing: the others' rows come, its header entry
    /// says it is down, and the status line says why. Only when no engine can work does berth stop before the screen.
    @Test func aMissingSocketBesideAWorkingEngineIsShownDown() throws {
        let host = try E2E.requireHost()
        let name = "e2e-beside-missing"
        _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true)
        try E2E.docker(["create", "--name", name, "--network", "none", E2E.image, "true"], host: host)
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth(
            "e2e-missing", host: "docker=\(host)", extra: "--host ghost=unix:///nonexistent/ghost.sock", width: 160,
            height: 30)
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        try session.waitFor("ghost: unreachable")
        try session.waitFor("No engine socket at /nonexistent/ghost.sock")
        try session.send("q")

        let both = try E2E.run(
            [E2E.binary, "--host", "a=unix:///nonexistent/a.sock", "--host", "b=unix:///nonexistent/b.sock"],
            allowFailure: true)
        #expect(both.contains("a: No engine socket at /nonexistent/a.sock"), "\(both)")
        #expect(both.contains("b: No engine socket at /nonexistent/b.sock"), "\(both)")
    }

    /// A user outside the socket's group is told which group, and the command that adds them.
    @Test func permissionDeniedNamesTheGroupAndTheFix() throws {
        let host = try E2E.requireHost()
        guard getuid() == 0 else { return }
        let path = String(host.dropFirst("unix://".count))
        // A copy anyone may run, wherever the build tree lives.
        let copy = "/tmp/berth-e2e-nobody"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: E2E.binary, toPath: copy)
        chmod(copy, 0o755)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        var info = stat()
        #expect(stat(path, &info) == 0)
        let group = getgrgid(info.st_gid).map { String(cString: $0.pointee.gr_name) } ?? ""
        let output = try E2E.run(
            ["su", "nobody", "-s", "/bin/sh", "-c", "\(copy) --host unix://\(path); echo exit=$?"], allowFailure: true)
        #expect(output.contains("Permission denied on \(path)"), "\(output)")
        #expect(output.contains("exit=1"))
        if group != "root" {
            #expect(output.contains("sudo usermod -aG \(group) nobody"), "\(output)")
        } else {
            #expect(output.contains("Only root may use it"), "\(output)")
        }
    }
}

/// `e`: a shell inside the container in the same terminal, resized with it, and back to the dashboard.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct ExecEndToEndTests {
    @Test func shellRunsResizesAndReturnsToTheSameSelection() throws {
        let host = try E2E.requireHost()
        for name in ["e2e-exec-a", "e2e-exec-b"] { try E2E.makeContainer(name, host: host) }
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-exec-a", "e2e-exec-b"], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-exec", host: host, width: 100, height: 30)
        defer { session.kill() }
        try session.filter("e2e-exec-b", thenWaitFor: "e2e-exec-b")
        try session.waitForAbsence("e2e-exec-a")
        try session.send("e")
        try session.waitFor("built-in shell")
        try session.sendLiteral("echo hello-$((6*7)); stty size")
        try session.send("Enter")
        try session.waitFor("hello-42")
        try session.waitFor("30 100")
        try E2E.tmux(["resize-window", "-t", session.name, "-x", "77", "-y", "21"])
        try session.sendLiteral("stty size")
        try session.send("Enter")
        try session.waitFor("21 77")
        try session.sendLiteral("exit")
        try session.send("Enter")
        try session.waitFor("ended with exit code 0")
        // The same container is still selected: remove asks about it (and Esc cancels).
        try session.send("D")
        try session.waitFor("Remove e2e-exec-b?")
        try session.send("Escape")
        try session.waitFor("Cancelled")
        try session.send("q")
    }

    /// `E` runs the line once, in a shell, on a clean screen; a command that exits 127 is not retried.
    @Test func oneOffCommandRunsOnceWithItsOwnExitCode() throws {
        let host = try E2E.requireHost()
        let name = "e2e-exec-once"
        try E2E.makeContainer(name, host: host)
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth(name, host: host, width: 100, height: 30)
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        try session.send("E")
        try session.waitFor("run in \(name):")
        try session.sendLiteral("echo RUN >> /tmp/runs; exit 127")
        try session.send("Enter")
        try session.waitFor("[exit code 127")
        let screen = try session.screen()
        #expect(screen.hasPrefix("$ echo RUN >> /tmp/runs; exit 127"), "not a clean screen:\n\(screen)")
        try session.send("x")
        try session.waitFor("ended with exit code 127")
        let runs = try E2E.docker(["exec", name, "cat", "/tmp/runs"], host: host)
        #expect(runs == "RUN\n")
        try session.send("q")
    }

    @Test func stoppedContainerGetsAClearMessage() throws {
        let host = try E2E.requireHost()
        try E2E.makeContainer("e2e-exec-stopped", host: host, command: ["true"], running: false)
        defer { _ = try? E2E.docker(["rm", "-f", "e2e-exec-stopped"], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-exec-stopped", host: host)
        defer { session.kill() }
        try session.filter("e2e-exec-stopped", thenWaitFor: "e2e-exec-stopped")
        try session.send("e")
        try session.waitFor("is not running")
        try session.send("q")
    }
}

/// `--read-only` is airtight: every key that could change a container, each followed by the answers a dialog takes,
/// and the engine's own event stream shows nothing happened to the container.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct ReadOnlyEndToEndTests {
    @Test func noKeyReachesTheEngine() throws {
        let host = try E2E.requireHost()
        let name = "e2e-read-only"
        try E2E.makeContainer(name, host: host, command: ["sh", "-c", "sleep 1001 & sleep 100000 & wait"])
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        // After the container's own create and start (docker takes fractional seconds here).
        let since = String(format: "%.6f", Date().timeIntervalSince1970)
        let session = try TmuxSession.berth("e2e-read-only", host: host, extra: "--read-only")
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        // The list's keys, each with every answer a dialog could take.
        for key in ["s", "r", "p", "K", "D", "DC", "e", "E"] {
            try session.send(key)
            try session.send("y")
            try session.send("Enter")
            try session.send("1")
            try session.send("y")
            // Closes a dialog or pane without clearing the filter (x means nothing in the list).
            try session.send("x")
            try session.send("1")
        }
        // The top pane's signal key.
        try session.send("3")
        try session.waitFor("3 top: \(name)")
        try session.send("K")
        try session.waitFor("Read-only")
        try session.send("Enter", "y", "Escape")
        try session.send("q")
        let until = String(Int(Date().timeIntervalSince1970) + 1)
        let events = try E2E.docker(
            [
                "events", "--since", since, "--until", until, "--filter", "container=\(name)", "--format",
                "{{.Action}}",
            ], host: host)
        let writes = events.split(separator: "\n").filter { !$0.hasPrefix("top") && !$0.isEmpty }
        #expect(writes.isEmpty, "the engine saw: \(writes)")
        #expect(try E2E.state(of: name, host: host) == "running")
    }
}
