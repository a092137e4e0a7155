import EngineAPI

/// Hides secret-looking values in an inspect document until the user reveals them.
///
/// An environment variable (`"NAME=value"` in an `Env` array) is secret when its name says so (PASSWORD, PASSWD,
/// SECRET, TOKEN, KEY, CREDENTIAL, AUTH, PRIVATE, …) or when its value is a URL or DSN that carries a password
/// (`postgres://user:pw@db/app`). The masked document is what the tree shows and what `y` copies, so nothing hidden
/// can leave berth by accident.
public enum SecretMask {
    /// What a hidden value reads as.
    public static let placeholder = "•••••• (hidden: R reveals)"

    static let secretWords = [
        "PASSWORD", "PASSWD", "PASS", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "CREDENTIALS", "AUTH", "PRIVATE",
        "SALT", "APIKEY", "COOKIE", "DSN",
    ]

    /// `document` with every secret environment value replaced by `placeholder`; the number replaced.
    public static func masked(_ document: JSONValue) -> (document: JSONValue, hidden: Int) {
        var hidden = 0
        let result = mask(document, key: nil, hidden: &hidden)
        return (result, hidden)
    }

    static func mask(_ value: JSONValue, key: String?, hidden: inout Int) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.map { JSONMember($0.key, mask($0.value, key: $0.key, hidden: &hidden)) })
        case .array(let elements):
            guard key == "Env" else { return .array(elements.map { mask($0, key: nil, hidden: &hidden) }) }
            return .array(
                elements.map { element in
                    guard case .string(let entry) = element, let masked = maskedEntry(entry) else { return element }
                    hidden += 1
                    return .string(masked)
                })
        default:
            return value
        }
    }

    /// `NAME=placeholder` when `entry` (`NAME=value`) holds a secret, else nil.
    public static func maskedEntry(_ entry: String) -> String? {
        guard let equals = entry.firstIndex(of: "=") else { return nil }
        let name = String(entry[..<equals])
        let value = String(entry[entry.index(after: equals)...])
        guard !value.isEmpty, isSecretName(name) || carriesPassword(value) else { return nil }
        return name + "=" + placeholder
    }

    /// Whether a variable's name says it holds a secret: one of the words, as a whole `_`-separated part or at its
    /// end (`DB_PASSWORD`, `GITHUB_TOKEN`, `APIKEY`), not inside another word (`MONKEY`, `KEYBOARD_LAYOUT`).
    public static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        let parts = upper.split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == "." }).map(String.init)
        return parts.contains { part in
            secretWords.contains { part == $0 || ($0.count >= 5 && (part.hasSuffix($0) || part.hasPrefix($0))) }
        }
    }

    /// Whether `value` is a URL or DSN with a password in it: `scheme://user:password@host…`.
    public static func carriesPassword(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard
            let start = (0..<max(0, bytes.count - 2)).first(where: {
                bytes[$0] == 58 && bytes[$0 + 1] == 47 && bytes[$0 + 2] == 47
            })
        else { return false }
        let rest = Substring(value.utf8.dropFirst(start + 3))
        guard let at = rest.firstIndex(of: "@") else { return false }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return false }
        return !userInfo[userInfo.index(after: colon)...].isEmpty && !userInfo.contains("/")
    }
}
