import TerminalUI

/// How the config file writes keys: `j`, `Space`, `Enter`, `Esc`, `Tab`, `Shift-Tab`, `Backspace`, `Delete`, `Up`,
/// `Down`, `Left`, `Right`, `Home`, `End`, `PgUp`, `PgDn`, `F1`-`F12`, and `Ctrl-X` (or `^X`) for a control key
/// (not Ctrl-I or Ctrl-M, which the terminal sends as Tab and Enter).
public enum KeyNames {
    static let named: [(String, Key)] = [
        ("Space", .character(" ")), ("Enter", .enter), ("Esc", .escape), ("Tab", .tab), ("Shift-Tab", .backTab),
        ("Backspace", .backspace), ("Delete", .delete), ("Up", .up), ("Down", .down), ("Left", .left),
        ("Right", .right), ("Home", .home), ("End", .end), ("PgUp", .pageUp), ("PgDn", .pageDown),
    ]
    static let aliases: [String: Key] = [
        "escape": .escape, "return": .enter, "del": .delete, "pageup": .pageUp, "pagedown": .pageDown,
        "backtab": .backTab, "↑": .up, "↓": .down, "←": .left, "→": .right,
    ]

    /// The key `text` names, or nil.
    public static func key(_ text: String) -> Key? {
        if text.count == 1, let c = text.first, !c.isWhitespace, c.asciiValue.map({ $0 >= 32 && $0 < 127 }) ?? true {
            return .character(c)
        }
        let lower = text.lowercased()
        if let (_, key) = named.first(where: { $0.0.lowercased() == lower }) { return key }
        if let key = aliases[lower] { return key }
        for prefix in ["ctrl-", "ctrl+", "c-", "^"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            // Ctrl-I and Ctrl-M are Tab and Enter to the terminal.
            guard rest.count == 1, let c = rest.first, c.isLetter, c.isASCII, !"im".contains(c) else { return nil }
            return .control(c)
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) { return .function(n) }
        return nil
    }

    /// How the config file writes `key`.
    public static func name(_ key: Key) -> String {
        if let (name, _) = named.first(where: { $0.1 == key }) { return name }
        switch key {
        case .character(let c): return String(c)
        case .control(let c): return "Ctrl-" + c.uppercased()
        case .function(let n): return "F\(n)"
        default: return key.description
        }
    }
}
