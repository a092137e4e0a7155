/// Writing man(7) source: text that roff shows as it is, whatever characters it holds.
public enum Roff {
    /// `text` for a roff text line: a backslash becomes `\e`, a hyphen `\-` (an ASCII hyphen-minus, so options can
    /// be copied), and a line that would start with a control character (`.` or `'`) is protected with `\&`.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            default: out.append(character)
            }
        }
        return protectLineStart(out)
    }

    /// Text, in bold.
    public static func bold(_ text: String) -> String { "\\fB" + escape(text) + "\\fR" }

    /// Text, in italics (underlined on a terminal).
    public static func italic(_ text: String) -> String { "\\fI" + escape(text) + "\\fR" }

    /// Running text as roff lines: each input line escaped; an empty line starts a new paragraph.
    public static func paragraphs(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.allSatisfy(\.isWhitespace) ? ".PP" : escape(String(line))
        }
    }

    /// Lines shown as they are (no filling, no adjusting), e.g. a file's contents.
    public static func literal(_ text: String) -> [String] {
        [".nf", ".RS 4"] + text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }
            + [".RE", ".fi"]
    }

    private static func protectLineStart(_ line: String) -> String {
        line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : line
    }
}
