import Foundation
import Testing

/// The Swarm views of the real binary in tmux against a real three-node swarm (`scripts/test-swarm`): replicas
/// spread and counted, scale by keystroke, drain a worker, a worker going down, service logs from every node, and a
/// failing rolling update paused then rolled back by keystroke.
@Suite(.serialized, .enabled(if: SwarmE2E.enabled)) struct SwarmEndToEndTests {
    static let ticker = "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done"

    @Test func sixReplicasSpreadThenScaleToTwoByKeystroke() throws {
        let manager = try SwarmE2E.manager()
        let name = SwarmE2E.unique("scale")
        try SwarmE2E.createService(name, replicas: 6, manager: manager)
        defer { SwarmE2E.removeService(name, manager: manager) }
        let session = try TmuxSession.berth("e2e-swarm-scale", host: manager, width: 160)
        defer { session.kill() }
        try session.waitFor("NAME")
        try ViewsEndToEndTests.show("services", in: session)
        try session.waitFor("REPLICAS")
        try SwarmE2E.select(name, in: session)
        try session.waitFor("6/6", seconds: 60)
        // Its tasks, one row each, on every node.
        try session.send("t")
        try session.waitFor("of service \(name)")
        for node in ["manager", "worker1", "worker2"] { try session.waitFor(node, seconds: 20) }
        let running = try session.screen().split(separator: "\n").filter { $0.contains("Running") }
        #expect(running.count == 6, "\((try? session.screen()) ?? "")")
        try ViewsEndToEndTests.show("services", in: session)
        try SwarmE2E.select(name, in: session)
        try session.waitFor("6/6")
        try session.send("s")
        try session.waitFor("Replicas of service \(name)")
        try session.send("BSpace")
        try session.sendLiteral("2")
        try session.send("Enter")
        try session.waitFor("Service \(name) scaled to 2")
        try session.waitFor("2/2", seconds: 60)
        let replicas = try E2E.docker(
            ["service", "inspect", "--format", "{{.Spec.Mode.Replicated.Replicas}}", name], host: manager)
        #expect(replicas.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        // The question before a removal names the running tasks and their nodes; `n` keeps the service.
        try session.send("D")
        try session.waitFor("Remove service \(name)? Its 2 running tasks stop and go with", seconds: 20)
        // Scaling down keeps slots 1 and 2; each is named with its node once the tasks are fetched (the question
        // opens with the count).
        try session.waitFor("\(name).2 on ", seconds: 20)
        let question = try session.screen()
        for slot in [1, 2] {
            #expect(
                question.range(of: "\(name).\(slot) on (manager|worker1|worker2)", options: .regularExpression) != nil,
                "\(question)")
        }
        try session.send("n")
        try session.waitForAbsence("Remove service \(name)?")
        #expect(try E2E.docker(["service", "ls", "--format", "{{.Name}}"], host: manager).contains(name))
        try session.send("q")
    }

    @Test func drainAWorkerAndItsTasksMoveOnScreen() throws {
        let manager = try SwarmE2E.manager()
        let name = SwarmE2E.unique("drain")
        try SwarmE2E.createService(name, replicas: 6, manager: manager)
        defer {
            SwarmE2E.removeService(name, manager: manager)
            _ = try? E2E.docker(["node", "update", "--availability", "active", "worker1"], host: manager)
        }
        let session = try TmuxSession.berth("e2e-swarm-drain", host: manager, width: 160)
        defer { session.kill() }
        try session.waitFor("NAME")
        try ViewsEndToEndTests.show("nodes", in: session)
        try session.waitFor("AVAILABILITY")
        try SwarmE2E.select("worker1", in: session)
        // The column titles show before the list arrives: wait for the row itself.
        try session.waitFor("Ready")
        try session.send("d")
        try session.waitFor("Drain node worker1?")
        try session.send("y")
        try session.waitFor("Node worker1 is now drain")
        try session.waitFor("Drain")
        // worker1's TASKS column reaches 0 while the others take its tasks.
        let emptied = try E2E.waitUntil(60) {
            try session.screen().split(separator: "\n").contains { line in
                line.contains("worker1") && line.contains("Drain") && line.split(separator: " ").contains("0")
            }
        }
        #expect(emptied, "\((try? session.screen()) ?? "")")
        try session.send("a")
        try session.waitFor("Node worker1 is now active")
        try session.send("q")
    }

    @Test func aStoppedWorkerTurnsDownAndComesBack() throws {
        let manager = try SwarmE2E.manager()
        let name = SwarmE2E.unique("down")
        try SwarmE2E.createService(name, replicas: 6, manager: manager)
        defer { SwarmE2E.removeService(name, manager: manager) }
        let session = try TmuxSession.berth("e2e-swarm-down", host: manager, width: 160)
        defer { session.kill() }
        try session.waitFor("NAME")
        try ViewsEndToEndTests.show("nodes", in: session)
        try session.waitFor("AVAILABILITY")
        try SwarmE2E.script("node-stop", "2")
        var restarted = false
        defer { if !restarted { try? SwarmE2E.script("node-start", "2") } }
        let down = try E2E.waitUntil(60) {
            try session.screen().split(separator: "\n").contains { $0.contains("worker2") && $0.contains("Down") }
        }
        #expect(down, "\((try? session.screen()) ?? "")")
        // Its tasks are rescheduled on the others: the service shows 6 running on manager and worker1.
        try ViewsEndToEndTests.show("tasks", in: session)
        try SwarmE2E.select(name, in: session)
        // A task of the stopped node stays below its slot as history ("\\_", desired Shutdown) and may still read
        // Running: the manager cannot hear from that node. Count the slots' current tasks only.
        let moved = try E2E.waitUntil(60) {
            let rows = try session.screen().split(separator: "\n").filter {
                $0.contains("\(name).") && !$0.contains("\\_")
            }
            return rows.count == 6 && rows.allSatisfy { $0.contains("Running") && !$0.contains("worker2") }
        }
        #expect(moved, "\((try? session.screen()) ?? "")")
        try SwarmE2E.script("node-start", "2")
        restarted = true
        try ViewsEndToEndTests.show("nodes", in: session)
        let back = try E2E.waitUntil(60) {
            try session.screen().split(separator: "\n").contains { $0.contains("worker2") && $0.contains("Ready") }
        }
        #expect(back, "\((try? session.screen()) ?? "")")
        try session.send("q")
    }

    @Test func serviceLogsHoldLinesFromEveryNode() throws {
        let manager = try SwarmE2E.manager()
        let name = SwarmE2E.unique("logs")
        try SwarmE2E.createService(name, replicas: 6, manager: manager)
        defer { SwarmE2E.removeService(name, manager: manager) }
        let session = try TmuxSession.berth("e2e-swarm-logs", host: manager, width: 160, height: 50)
        defer { session.kill() }
        try session.waitFor("NAME")
        try ViewsEndToEndTests.show("services", in: session)
        try SwarmE2E.select(name, in: session)
        try session.waitFor("6/6", seconds: 60)
        try session.send("l")
        try session.waitFor("logs: service \(name)")
        for node in ["manager", "worker1", "worker2"] {
            try session.waitFor("@\(node) tick-", seconds: 30)
        }
        try session.send("q")
    }

    @Test func aFailingUpdatePausesAndRollbackByKeystrokeRestores() throws {
        let manager = try SwarmE2E.manager()
        let name = SwarmE2E.unique("rollback")
        try SwarmE2E.createService(
            name, replicas: 2, manager: manager,
            extra: ["--update-failure-action", "pause", "--update-monitor", "3s"])
        defer { SwarmE2E.removeService(name, manager: manager) }
        let session = try TmuxSession.berth("e2e-swarm-rollback", host: manager, width: 200)
        defer { session.kill() }
        try session.waitFor("NAME")
        try ViewsEndToEndTests.show("services", in: session)
        try SwarmE2E.select(name, in: session)
        try session.waitFor("2/2", seconds: 60)
        try E2E.docker(
            ["service", "update", "-d", "--no-resolve-image", "--entrypoint", "/no/such/command", name], host: manager)
        try session.waitFor("update paused", seconds: 90)
        try session.send("b")
        try session.waitFor("Roll service \(name) back")
        try session.send("y")
        try session.waitFor("rollback completed", seconds: 90)
        let entrypoint = try E2E.docker(
            ["service", "inspect", "--format", "{{json .Spec.TaskTemplate.ContainerSpec.Command}}", name], host: manager
        )
        #expect(!entrypoint.contains("/no/such/command"))
        try session.send("q")
    }

    @Test func aWorkerSaysToAskAManager() throws {
        let worker = try SwarmE2E.worker()
        let session = try TmuxSession.berth("e2e-swarm-worker", host: worker)
        defer { session.kill() }
        try session.waitFor("NAME")
        for view in ["services", "secrets", "configs"] {
            try ViewsEndToEndTests.show(view, in: session)
            // The header names the view, and the view says why it is empty.
            let said = try E2E.waitUntil(15) {
                let screen = try session.screen()
                return screen.split(separator: "\n").first?.hasSuffix(" \(view)") == true
                    && screen.contains("this node is a worker; connect to a manager for the cluster view")
            }
            #expect(said, "\(view): \((try? session.screen()) ?? "")")
        }
        try session.send("q")
    }

    @Test func aStacksServicesFoldUnderItsRowByEnter() throws {
        let manager = try SwarmE2E.manager()
        let stack = SwarmE2E.unique("stack").replacingOccurrences(of: "-", with: "")
        let services = ["\(stack)_web", "\(stack)_api"]
        for service in services {
            try SwarmE2E.createService(
                service, replicas: 1, manager: manager, extra: ["--label", "\(SwarmE2E.stackLabel)=\(stack)"])
        }
        defer { for service in services { SwarmE2E.removeService(service, manager: manager) } }
        let session = try TmuxSession.berth("e2e-swarm-stack", host: manager, width: 160)
        defer { session.kill() }
        try session.waitFor("NAME")
        try ViewsEndToEndTests.show("services", in: session)
        // The filter shows the stack's row and both services; g puts the cursor on the stack's row, the first.
        try SwarmE2E.select(stack, in: session)
        try session.waitFor("▾ \(stack)")
        try session.waitFor("2 services")
        for service in services { try session.waitFor(service) }
        try session.waitFor("2/2", seconds: 60)
        try session.send("g", "Enter")
        try session.waitFor("▸ \(stack)")
        for service in services { try session.waitForAbsence(service) }
        try session.waitFor("Folded stack \(stack)")
        try session.send("Enter")
        try session.waitFor("▾ \(stack)")
        for service in services { try session.waitFor(service) }
        try session.send("q")
    }

    @Test func secretsListWhoUsesThemAndTheEngineRefusesToRemoveOneInUse() throws {
        let manager = try SwarmE2E.manager()
        let secret = SwarmE2E.unique("secret")
        let service = SwarmE2E.unique("uses")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(secret)
        try Data("not to be shown".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try E2E.docker(["secret", "create", "--label", "berth.test=1", secret, file.path], host: manager)
        defer { _ = try? E2E.docker(["secret", "rm", secret], host: manager, allowFailure: true) }
        try SwarmE2E.createService(service, replicas: 1, manager: manager, extra: ["--secret", secret])
        defer { SwarmE2E.removeService(service, manager: manager) }
        let session = try TmuxSession.berth("e2e-swarm-secrets", host: manager, width: 160)
        defer { session.kill() }
        try session.waitFor("NAME")
        try ViewsEndToEndTests.show("secrets", in: session)
        try session.waitFor("USED BY")
        try SwarmE2E.select(secret, in: session)
        // Its row names the service that uses it.
        let used = try E2E.waitUntil(30) {
            try session.screen().split(separator: "\n").contains { $0.contains(secret) && $0.contains(service) }
        }
        #expect(used, "\((try? session.screen()) ?? "")")
        // Its document, never its data.
        try session.send("Enter")
        try session.waitFor("\"Name\": \"\(secret)\"")
        #expect(!(try session.screen()).contains("not to be shown"))
        try session.send("Escape")
        try session.waitForAbsence("\"Name\":")
        try session.send("D")
        try session.waitFor("Remove secret \(secret)? Service \(service) uses it")
        try session.send("y")
        // The engine's reason, in its words.
        try session.waitFor("in use by the following service: \(service)", seconds: 20)
        #expect(try E2E.docker(["secret", "ls", "--format", "{{.Name}}"], host: manager).contains(secret))
        try session.send("Escape")
        // Once the service is gone, the secret goes and leaves the list.
        SwarmE2E.removeService(service, manager: manager)
        let unused = try E2E.waitUntil(30) {
            try session.screen().split(separator: "\n").contains { $0.contains(secret) && !$0.contains(service) }
        }
        #expect(unused, "\((try? session.screen()) ?? "")")
        try session.send("D")
        try session.waitFor("Remove secret \(secret)?")
        try session.send("y")
        try session.waitFor("Removed secret \(secret)", seconds: 20)
        // A row says how long ago it was made; the filter's message and the status line name it too.
        let gone = try E2E.waitUntil(30) {
            !(try session.screen()).split(separator: "\n").contains { $0.contains(secret) && $0.contains(" ago") }
        }
        #expect(gone, "\((try? session.screen()) ?? "")")
        #expect(!(try E2E.docker(["secret", "ls", "--format", "{{.Name}}"], host: manager)).contains(secret))
        try session.send("q")
    }
}

/// The swarm the end-to-end tests use: `scripts/test-swarm`'s export line, and `BERTH_REQUIRE_SWARM=1` to fail
/// rather than skip without it.
enum SwarmE2E {
    static let managerHost = E2E.environment["BERTH_TEST_SWARM_MANAGER"]
    static let stackLabel = "com.docker.stack.namespace"
    static let workerHost = E2E.environment["BERTH_TEST_SWARM_WORKER1"]
    static var enabled: Bool { managerHost != nil || E2E.environment["BERTH_REQUIRE_SWARM"] == "1" }

    static func manager() throws -> String {
        guard let managerHost else {
            Issue.record("BERTH_REQUIRE_SWARM=1 but BERTH_TEST_SWARM_MANAGER is not set")
            throw E2E.CommandError(description: "no swarm")
        }
        return managerHost
    }

    static func worker() throws -> String {
        guard let workerHost else { throw E2E.CommandError(description: "no swarm worker") }
        return workerHost
    }

    static func unique(_ hint: String) -> String { "e2e-\(hint)-\(UUID().uuidString.prefix(6).lowercased())" }

    static func createService(_ name: String, replicas: Int, manager: String, extra: [String] = []) throws {
        try E2E.docker(
            [
                "service", "create", "-d", "-q", "--no-resolve-image", "--name", name, "--replicas", String(replicas),
                "--label",
                "berth.test=1",
            ]
                + extra + [E2E.image, "sh", "-c", SwarmEndToEndTests.ticker], host: manager)
    }

    static func removeService(_ name: String, manager: String) {
        _ = try? E2E.docker(["service", "rm", name], host: manager, allowFailure: true)
    }

    /// Narrows the view on screen to `name` with the filter.
    static func select(_ name: String, in session: TmuxSession) throws {
        try session.send("/")
        try session.sendLiteral(name)
        try session.send("Enter")
        _ = try E2E.waitUntil(15) {
            try session.screen().split(separator: "\n").dropFirst().contains { $0.contains(name) }
        }
    }

    /// Runs `scripts/test-swarm` on the swarm's directory (the parent of the manager's engine folder).
    static func script(_ command: String, _ node: String) throws {
        let socket = try manager().replacingOccurrences(of: "unix://", with: "")
        let directory = URL(fileURLWithPath: socket).deletingLastPathComponent().deletingLastPathComponent().path
        try E2E.run([E2E.packageRoot.appendingPathComponent("scripts/test-swarm").path, command, directory, node])
    }
}
