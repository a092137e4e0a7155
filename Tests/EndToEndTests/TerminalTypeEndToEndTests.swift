import Foundation
import Testing

/// Any `TERM`: one this host has no terminfo entry for draws as its closest relative (with a note in the log), an
/// empty one as xterm-256color, `dumb` is refused in one sentence; 256-colour, 8-colour and monochrome terminals
/// each get colours they can show.
@Suite(.serialized, .enabled(if: E2E.enabled)) struct TerminalTypeEndToEndTests {
    /// A log line with a bright red word, a green word and plain text, for the logs pane's colour mode (`c`).
    static let colourScript = """
        while :; do printf '\\033[91mbright-red\\033[0m plain \\033[32mgreen\\033[0m\\n'; sleep 1; done
        """

    /// Runs `command` in a private mount namespace where the system's terminfo directories hold only the entries
    /// Debian's ncurses-base has that the fallbacks use: a host without the newer terminals' entries, and without
    /// tmux's.
    static func onAHostWithout(_ command: String) throws -> String {
        let directory = "/tmp/berth-e2e-terminfo"
        try? FileManager.default.removeItem(atPath: directory)
        let systemDirectories = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"]
        for name in ["xterm-256color", "xterm", "vt100", "screen-256color", "screen", "dumb"] {
            let relative = "\(name.prefix(1))/\(name)"
            guard let source = systemDirectories.map({ "\($0)/\(relative)" }).first(where: isRegularFile) else {
                throw E2E.CommandError(description: "this host has no terminfo entry for \(name) to copy")
            }
            try FileManager.default.createDirectory(
                atPath: "\(directory)/\(name.prefix(1))", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: "\(directory)/\(relative)")
        }
        let mounts = systemDirectories.map { "if [ -d \($0) ]; then mount --bind \(directory) \($0) || exit 97; fi" }
        return "unshare --mount sh -c '\(mounts.joined(separator: "; ")); exec env -u TERMINFO -u TERMINFO_DIRS "
            + "HOME=/nonexistent \(command)'"
    }

    static func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
    }

    /// Starts berth from `sh` with `TERM=term` (via `wrap`, e.g. into the namespace above); `echo berth-exit=$?` after.
    func start(
        _ name: String, term: String, host: String, wrap: (String) throws -> String = { $0 }
    ) throws -> TmuxSession {
        try? FileManager.default.removeItem(atPath: "/tmp/\(name).log")
        let session = try TmuxSession(name, width: 120, height: 40, command: "sh")
        let berth = "env -u NO_COLOR TERM=\(term) \(E2E.binary) --host \(host) --log-file /tmp/\(name).log"
        try session.sendLiteral("\(try wrap(berth)); echo berth-exit=$?")
        try session.send("Enter")
        return session
    }

    func log(_ name: String) -> String { (try? String(contentsOfFile: "/tmp/\(name).log", encoding: .utf8)) ?? "" }

    /// The dashboard is drawn as it should be: the header on the first row, the key hints on the last, the help's
    /// box whole, colours on the running container's row.
    func expectDashboard(_ session: TmuxSession, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try session.waitFor("NAME", sourceLocation: sourceLocation)
        let found = try E2E.waitUntil(10) {
            let lines = try session.screen().split(separator: "\n", omittingEmptySubsequences: false)
            return lines.first?.hasPrefix("berth  ") == true && lines.dropLast().last?.hasSuffix("q quit") == true
        }
        let screen = try session.screen()
        #expect(found, "header or key hints misplaced:\n\(screen)", sourceLocation: sourceLocation)
        try session.send("?")
        try session.waitFor("┌─ keys", sourceLocation: sourceLocation)
        let lines = try session.screen().split(separator: "\n").map(String.init)
        let top = lines.firstIndex { $0.contains("┌─ keys") }
        let bottom = lines.lastIndex { $0.contains("└") }
        if let top, let bottom, let left = lines[top].firstIndex(of: "┌") {
            let column = lines[top].distance(from: lines[top].startIndex, to: left)
            for line in lines[(top + 1)..<bottom] {
                let character = line.count > column ? line[line.index(line.startIndex, offsetBy: column)] : " "
                #expect(
                    character == "│", "the help box's left edge is broken:\n\(line)", sourceLocation: sourceLocation)
            }
        } else {
            Issue.record("no help box:\n\(lines.joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
        try session.send("Escape")
        try session.waitForAbsence("┌─ keys", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        ("xterm-ghostty", "xterm-256color"), ("xterm-kitty", "xterm-256color"), ("alacritty", "xterm-256color"),
        ("wezterm", "xterm-256color"), ("tmux-256color", "screen-256color"),
    ])
    func termWithoutTerminfoDrawsAsItsClosestRelative(_ term: String, _ fallback: String) throws {
        let host = try E2E.requireHost()
        let containers = ["e2e-fallback-\(term)-a", "e2e-fallback-\(term)-b"]
        for container in containers { try E2E.makeContainer(container, host: host) }
        defer { _ = try? E2E.docker(["rm", "-f"] + containers, host: host, allowFailure: true) }
        let name = "e2e-term-\(term)"
        let session = try start(name, term: term, host: host, wrap: Self.onAHostWithout)
        defer { session.kill() }
        try expectDashboard(session)
        // Colours too: the running container that is not selected has a green row.
        try session.filter("e2e-fallback-\(term)", thenWaitFor: containers[1])
        let green = try E2E.waitUntil(5) {
            try session.styledScreen().split(separator: "\n").contains {
                $0.contains("e2e-fallback-\(term)") && $0.contains("\u{1B}[32m")
            }
        }
        let styled = try session.styledScreen()
        #expect(green, "no colour:\n\(styled.debugDescription)")
        try session.send("q")
        try session.waitFor("berth-exit=0")
        #expect(log(name).contains("TERM=\(term) has no terminfo entry on this host; drawing as \(fallback)"))
        try session.expectTerminalGivenBack()
    }

    @Test func emptyTermDrawsAsXterm() throws {
        let host = try E2E.requireHost()
        let session = try start("e2e-term-empty", term: "", host: host)
        defer { session.kill() }
        try expectDashboard(session)
        try session.send("q")
        try session.waitFor("berth-exit=0")
        #expect(log("e2e-term-empty").contains("TERM is not set; drawing as xterm-256color"))
        try session.expectTerminalGivenBack()
    }

    @Test func dumbTerminalIsRefusedInOneSentence() throws {
        let host = try E2E.requireHost()
        let session = try start("e2e-term-dumb", term: "dumb", host: host)
        defer { session.kill() }
        try session.waitFor("berth-exit=1")
        try session.waitFor("berth: TERM=dumb cannot move the cursor")
        try session.expectTerminalGivenBack()
    }

    /// 256 colours: bright red as itself (SGR 91); 8 colours: bold red (SGR 1 and 31), never an SGR it lacks;
    /// monochrome: no colour at all, the selection still shown in reverse.
    @Test(arguments: [("xterm-256color", 256), ("xterm", 8), ("vt100", 0), ("xterm-mono", 0)])
    func coloursFitThePalette(_ term: String, _ colours: Int) throws {
        let host = try E2E.requireHost()
        let container = "e2e-colours-\(term)"
        try E2E.makeContainer(container, host: host, command: ["sh", "-c", Self.colourScript])
        defer { _ = try? E2E.docker(["rm", "-f", container], host: host, allowFailure: true) }
        let session = try start("e2e-colours-\(term)", term: term, host: host)
        defer { session.kill() }
        try session.filter(container, thenWaitFor: container)
        try session.send("2")
        try session.waitFor("bright-red")
        try session.send("c")
        // Interpreted: the log's own escapes are no longer shown as text (`^[[91m`).
        let styled = try E2E.waitUntil(5) {
            try styledLine(session, containing: "bright-red").map { !$0.contains("^[[") } == true
        }
        let screen = try session.styledScreen()
        let line = try styledLine(session, containing: "bright-red") ?? ""
        #expect(styled, "the log's colours were never interpreted: \(line.debugDescription)")
        let colourCodes = try Regex("\u{1B}\\[[0-9;]*(3[0-7]|9[0-7]|4[0-7]|10[0-7])m")
        switch colours {
        case 256:
            #expect(line.contains("\u{1B}[91mbright-red"), "\(line.debugDescription)")
        case 8:
            #expect(line.contains("\u{1B}[1m\u{1B}[31mbright-red"), "\(line.debugDescription)")
            #expect(!screen.contains(try Regex("\u{1B}\\[(9[0-7]|10[0-7])m")), "a bright SGR on 8 colours")
        default:
            #expect(!screen.contains(colourCodes), "colour on a monochrome terminal:\n\(screen.debugDescription)")
            #expect(screen.contains("7m"), "no reverse video for the selection")
        }
        try session.send("q")
        try session.waitFor("berth-exit=0")
        try session.expectTerminalGivenBack()
    }

    func styledLine(_ session: TmuxSession, containing text: String) throws -> String? {
        try session.styledScreen().split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }
}
