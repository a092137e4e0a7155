import Foundation
import Testing

/// Marked rows, the events pane and the WHY column: the real binary in tmux against the real engine.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct BulkAndEventsEndToEndTests {
    /// Three marked containers stopped after one question that lists them; a fourth, unmarked, keeps running.
    @Test func bulkStopOfThreeMarkedContainers() throws {
        let host = try E2E.requireHost()
        let names = ["e2e-bulk-a", "e2e-bulk-b", "e2e-bulk-c"]
        let bystander = "e2e-bulk-z"
        for name in names + [bystander] { try E2E.makeContainer(name, host: host) }
        defer { _ = try? E2E.docker(["rm", "-f"] + names + [bystander], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-bulk", host: host)
        defer { session.kill() }
        try session.filter("e2e-bulk-", thenWaitFor: bystander)
        // Sorted by name: a, b, c, then z. Space marks a row and moves down.
        try session.send("n")
        try session.send("g")
        try session.send("Space")
        try session.send("Space")
        try session.send("Space")
        try session.waitFor("3 marked")
        try session.send("s")
        try session.waitFor("Stop 3 containers?")
        let question = try session.screen()
        for name in names { #expect(question.contains("  \(name)"), "\(name) is not listed:\n\(question)") }
        #expect(!question.contains("  \(bystander)"))
        try session.send("y")
        let stopped = try E2E.waitUntil(30) {
            try names.allSatisfy { try E2E.state(of: $0, host: host) == "exited" }
        }
        let states = try names.map { try E2E.state(of: $0, host: host) }
        #expect(stopped, "not all stopped: \(states)")
        try session.waitFor("Stopped 3 of 3", seconds: 15)
        #expect(try E2E.state(of: bystander, host: host) == "running")
        try session.send("q")
    }

    /// A container that exits with code 3 and is restarted by its restart policy: the events pane shows each death
    /// with its exit code and the restarts, and the list's WHY column the restart count and the exit.
    @Test func eventsPaneShowsARestartLoop() throws {
        let host = try E2E.requireHost()
        let name = "e2e-events-dying"
        _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true)
        try E2E.docker(
            [
                "create", "--name", name, "--network", "none", "--restart", "on-failure:3", E2E.image, "sh", "-c",
                "sleep 1; exit 3",
            ], host: host)
        defer { _ = try? E2E.docker(["rm", "-f", name], host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-events", host: host, width: 140, height: 40)
        defer { session.kill() }
        try session.filter(name, thenWaitFor: name)
        try E2E.docker(["start", name], host: host)
        try session.send("5")
        try session.waitFor("deaths/min")
        // History and live: every death shows with its code; the restarts show as starts after a death.
        let deaths = try E2E.waitUntil(40) {
            try Self.deathRows(session) >= 3
        }
        let screen = try session.screen()
        #expect(deaths, "fewer than 3 deaths shown:\n\(screen)")
        #expect(screen.contains("start"))
        #expect(screen.contains("die"))
        // The list says why: restarts and the last exit.
        try session.waitFor("WHY")
        let marker = try E2E.waitUntil(20) { try session.screen().contains("↻3 exit 3 error") }
        let afterMarker = try session.screen()
        #expect(marker, "no WHY marker:\n\(afterMarker)")
        // A timeline opened later still has the history, from /events?since=.
        try session.send("5")
        try session.send("5")
        try session.waitFor("deaths/min")
        let replayed = try E2E.waitUntil(10) {
            try Self.deathRows(session) >= 3
        }
        let afterReplay = try session.screen()
        #expect(replayed, "history not replayed:\n\(afterReplay)")
        // :events, every container, filterable.
        try session.send(":")
        try session.sendLiteral("events")
        try session.send("Enter")
        try session.waitFor("every container")
        try session.waitFor("CONTAINER")
        try session.send("/")
        try session.sendLiteral(name)
        try session.send("Enter")
        try session.waitFor(name)
        try session.send("q")
    }

    /// Rows of the events pane that show a death with exit code 3.
    static func deathRows(_ session: TmuxSession) throws -> Int {
        try session.screen().split(separator: "\n").filter { $0.contains(" die ") && $0.contains("exit 3 error") }.count
    }
}

/// A Compose project made with labels only (no compose CLI): grouped under one row, folded, stopped as a whole.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct ProjectEndToEndTests {
    @Test func composeLabelledProjectIsGroupedFoldedAndStoppedAsAWhole() throws {
        let host = try E2E.requireHost()
        let project = "e2eshop"
        let names = try Self.runProject(
            project, services: ["web", "db", "cache"], host: host,
            labels: [
                "com.docker.compose.project.working_dir=/srv/\(project)",
                "com.docker.compose.project.config_files=/srv/\(project)/compose.yaml",
            ]
        ) { _ in ["sleep", "100000"] }
        defer { _ = try? E2E.docker(["rm", "-f"] + names, host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-project", host: host, width: 140, height: 40)
        defer { session.kill() }
        try session.filter(project, thenWaitFor: names[0])
        try session.send("P")
        try session.waitFor("▾ \(project)")
        try session.waitFor("3/3 running")
        try session.waitFor("/srv/\(project) · compose.yaml")
        try Self.foldThenStopTheGroup(titled: project, names: names, host: host, in: session)
    }

    /// On a grouped list filtered to one group of three running containers: the group's row comes first, `g` selects
    /// it and `Enter` folds and unfolds it; `s` on it stops every container of it after one question that lists them.
    static func foldThenStopTheGroup(
        titled title: String, names: [String], host: String, in session: TmuxSession
    )
        throws
    {
        try session.send("g")
        try session.send("Enter")
        try session.waitFor("▸ \(title)")
        try session.waitForAbsence(names[1])
        try session.send("Enter")
        try session.waitFor(names[1])
        try session.send("s")
        try session.waitFor("Stop \(names.count) containers?")
        let question = try session.screen()
        for name in names { #expect(question.contains("  \(name)"), "\(name) is not listed:\n\(question)") }
        try session.send("y")
        let stopped = try E2E.waitUntil(30) { try names.allSatisfy { try E2E.state(of: $0, host: host) == "exited" } }
        #expect(stopped)
        try session.waitFor("0/\(names.count) running", seconds: 15)
        try session.send("q")
    }

    /// The logs pane on a project row: every service's lines in one stream, each prefixed with its service, in
    /// timestamp order; two marked containers merge the same way.
    @Test func projectLogsAreMergedInTimestampOrder() throws {
        let host = try E2E.requireHost()
        let project = "e2elogs"
        let services = ["api", "db", "worker"]
        let names = try Self.runProject(project, services: services, host: host) { service in
            ["sh", "-c", "i=0; while true; do i=$((i+1)); echo \(service)-line-$i; sleep 0.2; done"]
        }
        defer { _ = try? E2E.docker(["rm", "-f"] + names, host: host, allowFailure: true) }
        let session = try TmuxSession.berth("e2e-project-logs", host: host, width: 160, height: 45)
        defer { session.kill() }
        try session.filter(project, thenWaitFor: names[0])
        try session.send("P")
        try session.waitFor("▾ \(project)")
        try session.send("g")
        try session.send("2")
        try session.waitFor("logs: project \(project)")
        // Each prefix is padded to the longest service's name.
        for prefix in ["api     api-line-", "db      db-line-", "worker  worker-line-"] { try session.waitFor(prefix) }
        // With timestamps shown, the merged lines' times never go back.
        try session.send("t")
        let ordered = try E2E.waitUntil(20) {
            let stamps = try Self.logStamps(session.screen(), services: services)
            return stamps.count >= 12 && stamps == stamps.sorted()
        }
        #expect(ordered, "\((try? session.screen()) ?? "")")
        // Two marked containers: their two streams, merged, named by service. (Tab: keys back to the list.)
        try session.send("Tab")
        try session.send("P")
        try session.waitForAbsence("▾ \(project)")
        try session.filter(names[0], thenWaitFor: names[0])
        try session.send("Space")
        try session.filter(names[2], thenWaitFor: names[2])
        try session.send("Space")
        try session.waitFor("logs: 2 marked containers")
        try session.waitFor("worker  worker-line-")
        try session.waitFor("api     api-line-")
        #expect(!(try session.screen()).contains("db-line-"))
        try session.send("q")
    }

    /// Runs one container per service (`PROJECT-SERVICE-1`), labelled as Compose labels them, running `command`;
    /// returns their names. Leftovers of an earlier run are removed first.
    static func runProject(
        _ project: String, services: [String], host: String, labels: [String] = [],
        command: (_ service: String) -> [String]
    ) throws -> [String] {
        let names = services.map { "\(project)-\($0)-1" }
        _ = try? E2E.docker(["rm", "-f"] + names, host: host, allowFailure: true)
        for (service, name) in zip(services, names) {
            let allLabels =
                ["com.docker.compose.project=\(project)", "com.docker.compose.service=\(service)"] + labels
            try E2E.docker(
                ["run", "-d", "--name", name, "--network", "none"] + allLabels.flatMap { ["--label", $0] }
                    + [E2E.image] + command(service), host: host)
        }
        return names
    }

    /// The times of the log lines on screen (`2026-12-06T14:00:00.123456789Z api  api-line-3`), in screen order.
    static func logStamps(_ screen: String, services: [String]) -> [String] {
        screen.split(separator: "\n").compactMap { row in
            let words = row.split(separator: " ")
            guard let index = words.firstIndex(where: { word in services.contains { word.hasPrefix("\($0)-line-") } }),
                index >= 2
            else { return nil }
            let stamp = words[index - 2]
            return stamp.contains(":") ? String(stamp) : nil
        }
    }
}
