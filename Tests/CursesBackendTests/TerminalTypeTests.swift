import Testing

@testable import CursesBackend

/// Which terminal description berth draws with, on a host that has only some.
@Suite struct TerminalTypeTests {
    /// A host with the entries Debian's ncurses-base installs (and not kitty's, alacritty's, ...).
    static func debianBase(without missing: Set<String> = []) -> (String) -> TerminalType.Probe {
        let known: Set<String> = [
            "xterm-256color", "xterm", "vt100", "screen-256color", "screen", "tmux-256color", "tmux", "linux",
            "rxvt-unicode-256color",
        ]
        return { name in
            if name == "dumb" { return .cannotAddressCursor }
            return known.subtracting(missing).contains(name) ? .usable : .missing
        }
    }

    @Test(arguments: ["xterm-ghostty", "xterm-kitty", "alacritty", "wezterm", "foot", "unknown"])
    func newerTerminalsDrawAsXterm(_ term: String) {
        #expect(
            TerminalType.choose(requested: term, probe: Self.debianBase())
                == .use(
                    "xterm-256color", note: "TERM=\(term) has no terminfo entry on this host; drawing as xterm-256color"
                ))
    }

    @Test func tmuxWithoutItsEntryDrawsAsScreen() {
        let probe = Self.debianBase(without: ["tmux-256color", "tmux"])
        #expect(
            TerminalType.choose(requested: "tmux-256color", probe: probe)
                == .use(
                    "screen-256color",
                    note: "TERM=tmux-256color has no terminfo entry on this host; drawing as screen-256color"))
        #expect(
            TerminalType.choose(requested: "tmux", probe: probe)
                == .use("screen", note: "TERM=tmux has no terminfo entry on this host; drawing as screen"))
    }

    @Test func aKnownTermIsUsedAsIs() {
        #expect(
            TerminalType.choose(requested: "tmux-256color", probe: Self.debianBase())
                == .use("tmux-256color", note: nil))
    }

    @Test func emptyTermDrawsAsXtermWithANote() {
        #expect(
            TerminalType.choose(requested: "", probe: Self.debianBase())
                == .use("xterm-256color", note: "TERM is not set; drawing as xterm-256color"))
    }

    @Test func dumbIsRefusedInOneClearSentence() {
        guard case .refuse(let reason) = TerminalType.choose(requested: "dumb", probe: Self.debianBase()) else {
            Issue.record("dumb was accepted")
            return
        }
        #expect(reason.contains("TERM=dumb cannot move the cursor"))
    }

    @Test func aHostWithoutAnyFallbackSaysWhatToInstall() {
        guard case .refuse(let reason) = TerminalType.choose(requested: "xterm-kitty", probe: { _ in .missing }) else {
            Issue.record("accepted without any entry")
            return
        }
        #expect(reason.contains("xterm-256color, xterm, vt100"))
        #expect(reason.contains("ncurses-base"))
    }

    @Test func aHostileTermIsShownAsText() {
        guard case .use(_, let note) = TerminalType.choose(requested: "x\u{1B}]0;pwned\u{07}", probe: Self.debianBase())
        else {
            Issue.record("refused")
            return
        }
        #expect(note?.contains("^[]0;pwned^G") == true)
        #expect(note?.contains("\u{1B}") == false)
    }
}
