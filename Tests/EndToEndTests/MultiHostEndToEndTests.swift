import Foundation
import Testing

/// berth on two real engines at once: Docker and Podman in one list, commands and panes going to each row's own
/// engine, a dead engine's rows kept as stale while the other goes on, and an engine that never answers holding
/// nobody up.
@Suite(.serialized, .enabled(if: E2E.enabled && E2E.podmanEnabled)) struct MultiHostEndToEndTests {
    static let privateEngine = "/tmp/berth-e2e-multihost"
    var engineScript: String { E2E.packageRoot.appendingPathComponent("scripts/test-engine").path }

    /// The same name on both engines, each printing its own words.
    static func makeTwins(_ name: String, docker: String, podman: String) throws {
        for (host, word) in [(docker, "from-docker"), (podman, "from-podman")] {
            try E2E.makeContainer(
                name, host: host,
                command: ["sh", "-c", "while true; do echo \(word)-line; sleep 0.3; done & sleep 100000 & wait"])
        }
    }

    static func berthOnBoth(
        _ session: String, docker: String, podman: String, extra: String = ""
    ) throws
        -> TmuxSession
    {
        try TmuxSession(
            session, width: 140, height: 40,
            command:
                "\(E2E.binary) --host docker=\(docker) --host podman=\(podman) \(extra) --log-file /tmp/\(session).log")
    }

    /// The screen row of `name` on `host` (HOST is the first column).
    static func row(_ screen: String, host: String, name: String) -> String? {
        screen.split(separator: "\n").map(String.init).first { line in
            let words = line.split(separator: " ")
            return words.count > 1 && words[0] == host && words[1] == name
        }
    }

    /// `:host add` watches another engine and says so; the same engine again is refused, since every row would show
    /// twice; `:host drop` stops watching it and says so.
    @Test func hostAddWatchesAnEngineOnceAndDropSaysItStopped() throws {
        let docker = try E2E.requireHost()
        let podman = try PodmanEndToEndTests.requireHost()
        let session = try TmuxSession(
            "e2e-host-add", width: 160, height: 30,
            command: "\(E2E.binary) --host docker=\(docker) --log-file /tmp/e2e-host-add.log")
        defer { session.kill() }
        try session.waitFor("NAME")
        try session.send(":")
        try session.sendLiteral("host add pm=\(podman)")
        try session.send("Enter")
        try session.waitFor("Watching pm (\(podman))")
        // The header names it connected: `pm ✓`, or `pm: Podman Engine …` where there is room.
        func connected() throws -> Bool {
            let header = try session.screen().split(separator: "\n").first.map(String.init) ?? ""
            return header.contains("pm ✓") || header.contains("pm: Podman")
        }
        let added = try E2E.waitUntil(10) { try connected() }
        let screen = try session.screen()
        #expect(added, "pm never connected:\n\(screen)")
        try session.send(":")
        try session.sendLiteral("host add again=\(podman)")
        try session.send("Enter")
        try session.waitFor("is watched already, as pm")
        #expect(!(try session.screen()).contains("again"), "the same engine was added twice")
        try session.send(":")
        try session.sendLiteral("host drop pm")
        try session.send("Enter")
        try session.waitFor("Stopped watching pm")
        let dropped = try E2E.waitUntil(10) { try !connected() }
        #expect(dropped, "pm still in the header")
        try session.send("q")
    }

    @Test func bothEnginesInOneListAndStopGoesToTheRowsOwnEngine() throws {
        let docker = try E2E.requireHost()
        let podman = try PodmanEndToEndTests.requireHost()
        let name = "e2e-twin"
        try Self.makeTwins(name, docker: docker, podman: podman)
        defer {
            _ = try? E2E.docker(["rm", "-f", name], host: docker, allowFailure: true)
            _ = try? E2E.docker(["rm", "-f", name], host: podman, allowFailure: true)
        }
        let session = try Self.berthOnBoth("e2e-multi", docker: docker, podman: podman)
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        let both = try E2E.waitUntil(10) {
            let screen = try session.screen()
            return Self.row(screen, host: "docker", name: name) != nil
                && Self.row(screen, host: "podman", name: name) != nil
        }
        let screen = try session.screen()
        #expect(both, "both twins should be listed:\n\(screen)")
        #expect(screen.contains("HOST"))
        // The rows come as soon as each list does; the header's ✓ once the engine has said its version too.
        let connected = try E2E.waitUntil(10) {
            let header = try session.screen()
            return header.contains("docker ✓") && header.contains("podman ✓")
        }
        let header = try session.screen()
        #expect(connected, "\(header)")

        // Each row's logs are its own engine's container's output.
        for host in ["docker", "podman"] {
            try selectRow(session, host: host, name: name)
            try session.send("2")
            try session.waitFor("2 logs: \(name) (\(host))")
            try session.waitFor("from-\(host)-line")
            #expect(!(try session.screen().contains("from-\(host == "docker" ? "podman" : "docker")-line")))
            try session.send("2")
            try session.waitForAbsence("2 logs:")
            // The top pane too: the processes of that engine's container.
            try session.send("3")
            try session.waitFor("3 top: \(name) (\(host))")
            try session.waitFor("sleep 100000")
            try session.send("3")
            try session.waitForAbsence("3 top:")
        }

        // Stop the Podman row: Podman's container stops, Docker's keeps running.
        try selectRow(session, host: "podman", name: name)
        try session.send("s")
        try session.waitFor("Stop \(name) (podman)?")
        try session.send("y")
        let stopped = try E2E.waitUntil(20) { try E2E.state(of: name, host: podman) == "exited" }
        #expect(stopped)
        #expect(try E2E.state(of: name, host: docker) == "running")
        try session.waitFor("Exited", seconds: 10)
        let after = try session.screen()
        #expect(Self.row(after, host: "docker", name: name)?.contains("Up ") == true, "docker's twin:\n\(after)")
        #expect(Self.row(after, host: "podman", name: name)?.contains("Exited") == true, "podman's twin:\n\(after)")
        try session.send("q")
    }

    /// Moves the selection to the twin on `host`. With the list filtered to the twins, both running, rows with the
    /// same state and name are ordered by host: docker's first, podman's second.
    func selectRow(_ session: TmuxSession, host: String, name: String) throws {
        try session.send(host == "docker" ? "g" : "G")
        try session.waitFor(name)
    }

    func startPrivateEngine() throws -> String {
        let output = try E2E.run([engineScript, "start", Self.privateEngine])
        guard let line = output.split(separator: "\n").last(where: { $0.contains("DOCKER_HOST=") }),
            let value = line.split(separator: "=", maxSplits: 1).last
        else { throw E2E.CommandError(description: "no DOCKER_HOST in: \(output)") }
        return String(value).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
    }

    @Test func aDeadEnginesRowsGoStaleWhileTheOtherGoesOn() throws {
        _ = try E2E.requireHost()
        let podman = try PodmanEndToEndTests.requireHost()
        let dying = try startPrivateEngine()
        defer { _ = try? E2E.run([engineScript, "stop", Self.privateEngine], allowFailure: true) }
        try E2E.makeContainer("e2e-mortal", host: dying)
        let late = "e2e-late"
        _ = try? E2E.docker(["rm", "-f", late], host: podman, allowFailure: true)
        defer { _ = try? E2E.docker(["rm", "-f", late], host: podman, allowFailure: true) }
        let session = try Self.berthOnBoth("e2e-multi-dead", docker: dying, podman: podman)
        defer { session.kill() }
        try session.waitFor("e2e-mortal")

        try E2E.run([engineScript, "stop", Self.privateEngine])
        try session.waitFor("docker (down)", seconds: 15)
        #expect(Self.row(try session.screen(), host: "docker", name: "e2e-mortal") == nil)
        #expect(try session.screen().contains("e2e-mortal"), "the dead engine's rows stay on screen")

        // The other engine is not held up: a container started there appears at once.
        try E2E.makeContainer(late, host: podman)
        let started = Date()
        let appeared = try session.waitFor(late, seconds: 5)
        let latency = Date().timeIntervalSince(started)
        #expect(appeared)
        print("multi-host: a Podman container appeared \(Int(latency * 1000)) ms after it started, Docker down")

        _ = try startPrivateEngine()
        try session.waitForAbsence("docker (down)", seconds: 30)
        try session.waitFor("docker ✓")
        try session.send("q")
    }

    @Test func anEngineThatNeverAnswersHoldsNobodyUp() throws {
        let docker = try E2E.requireHost()
        let podman = try PodmanEndToEndTests.requireHost()
        let name = "e2e-twin-hang"
        try Self.makeTwins(name, docker: docker, podman: podman)
        defer {
            _ = try? E2E.docker(["rm", "-f", name], host: docker, allowFailure: true)
            _ = try? E2E.docker(["rm", "-f", name], host: podman, allowFailure: true)
        }
        // A socket that accepts every connection and never says a word.
        let socket = "/tmp/berth-e2e-blackhole.sock"
        let hole = try TmuxSession(
            "e2e-blackhole", width: 80, height: 5,
            command: """
                python3 -c "import socket,os
                p='\(socket)'
                os.path.exists(p) and os.remove(p)
                s=socket.socket(socket.AF_UNIX); s.bind(p); s.listen(64); held=[]
                while True: held.append(s.accept()[0])"
                """)
        defer {
            hole.kill()
            unlink(socket)
        }
        #expect(E2E.waitUntil(5) { FileManager.default.fileExists(atPath: socket) })
        let session = try Self.berthOnBoth(
            "e2e-multi-hang", docker: docker, podman: podman, extra: "--host ghost=unix://\(socket)")
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        let both = try E2E.waitUntil(10) {
            let screen = try session.screen()
            return Self.row(screen, host: "docker", name: name) != nil
                && Self.row(screen, host: "podman", name: name) != nil
        }
        let screen = try session.screen()
        #expect(both, "both engines' rows, ghost still silent:\n\(screen)")
        #expect(screen.contains("ghost …") || screen.contains("ghost: connecting") || screen.contains("ghost ✗"))
        // Keys still answer.
        try session.send("?")
        try session.waitFor("engines")
        try session.send("q")
    }
}
