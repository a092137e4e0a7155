import TerminalUI

/// Which terminal description berth draws with: `$TERM` when the host has it, else the closest one it has.
///
/// Newer terminals (kitty, alacritty, WezTerm, Ghostty, ...) set a `TERM` whose terminfo entry many hosts lack,
/// above all over SSH. They all speak xterm's language, and tmux and screen speak screen's, so a missing entry is
/// replaced by the nearest family member the host has, with a note in the log. A terminal that cannot move the cursor
/// (`dumb`, a printing terminal) cannot show a dashboard at all, and berth says so instead of drawing garbage.
enum TerminalType {
    /// What this host's terminfo says about a name.
    enum Probe: Equatable {
        case usable
        case cannotAddressCursor
        case missing

        /// From `cn_terminfo_probe`'s answer.
        init(_ code: Int32) {
            switch code {
            case 1: self = .usable
            case -1: self = .cannotAddressCursor
            default: self = .missing
            }
        }
    }

    /// The decision: draw as `name` (with a line for the log when it is not `$TERM`), or refuse with a reason.
    enum Choice: Equatable {
        case use(String, note: String?)
        case refuse(String)
    }

    /// The names to try when `requested` has no entry, closest first.
    static func fallbacks(for requested: String) -> [String] {
        let name = requested.lowercased()
        var names: [String]
        if name.hasPrefix("tmux") || name.hasPrefix("screen") {
            names = ["tmux-256color", "screen-256color", "screen", "xterm-256color", "xterm", "vt100"]
            if !name.contains("256") { names = ["screen", "tmux", "xterm", "vt100"] }
        } else if name.hasPrefix("rxvt") {
            names = ["rxvt-unicode-256color", "rxvt", "xterm-256color", "xterm", "vt100"]
        } else {
            names = ["xterm-256color", "xterm", "vt100"]
        }
        return names.filter { $0 != requested }
    }

    static func choose(requested: String, probe: (String) -> Probe) -> Choice {
        let shown = TerminalText.sanitized(String(requested.prefix(64)))
        if !requested.isEmpty {
            switch probe(requested) {
            case .usable:
                return .use(requested, note: nil)
            case .cannotAddressCursor:
                return .refuse(
                    "TERM=\(shown) cannot move the cursor, so berth cannot draw its screen. Set TERM to your "
                        + "terminal's type, e.g. TERM=xterm-256color.")
            case .missing:
                break
            }
        }
        let candidates = fallbacks(for: requested)
        for name in candidates where probe(name) == .usable {
            let why = requested.isEmpty ? "TERM is not set" : "TERM=\(shown) has no terminfo entry on this host"
            return .use(name, note: "\(why); drawing as \(name)")
        }
        let tried = candidates.joined(separator: ", ")
        return .refuse(
            "No terminal description for TERM=\(shown) on this host, nor for \(tried). Install ncurses-base (or "
                + "ncurses-term), or set TERM to a type this host knows.")
    }
}
