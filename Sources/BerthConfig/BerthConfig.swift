import DashboardCore
import DashboardRenderer

/// berth's settings from the config file (`config.toml`), checked. Every field has the default a missing setting
/// means, so `BerthConfig()` is berth without a config file.
public struct BerthConfig: Sendable, Equatable {
    /// Keys, questions, mouse, and the first view and pane.
    public var preferences = Preferences()
    /// The colours.
    public var theme = ThemePalette.dark
    /// Seconds between stats samples.
    public var statsSeconds: Double = 1
    /// Seconds between full fetches of the container list.
    public var reconcileSeconds: Int = 30
    /// Engines to open at start, as `--host` takes them (`[name=]url`); added to the command line's.
    public var hosts: [String] = []
    /// Docker contexts to open at start; added to the command line's `--context`.
    public var contexts: [String] = []

    public init() {}

    /// The allowed range of `[refresh] stats`.
    public static let statsRange = 0.25...60.0
    /// The allowed range of `[refresh] reconcile`.
    public static let reconcileRange = 5...3600
}

/// A problem with a config file: what is wrong, and the line it is on (nil when the file as a whole is at fault).
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    /// `line 12: unknown setting "colour" in [theme]`.
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Where the config file is: `$XDG_CONFIG_HOME/berth/config.toml`, else `~/.config/berth/config.toml`.
public enum ConfigLocation {
    public static func defaultPath(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/berth/config.toml" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.config/berth/config.toml"
    }
}
