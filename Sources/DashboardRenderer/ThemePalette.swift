import TerminalUI

/// The colours of a theme, by role. The renderer draws with the dark theme's colours, one per meaning (green is
/// always "running, done", yellow "waiting, warning", …); a palette then gives each meaning the colour it chooses,
/// so one pass over the grid (`apply(to:)`) themes every screen without each view knowing about themes.
public struct ThemePalette: Sendable, Equatable {
    /// A meaning a colour carries on berth's screens.
    public enum Role: String, CaseIterable, Sendable {
        /// Running containers, done commands, string values, "following".
        case ok
        /// Paused containers, commands in flight, warnings, search matches (as background), `[read-only]`.
        case warning
        /// Errors, unreachable engines, stderr lines, unhealthy containers.
        case error
        /// Key hints, the focused pane's border, charts, numbers, notices.
        case accent
        /// Restarting containers, the second line of a chart, null values.
        case special
        /// Keys in the inspect tree.
        case key

        /// The colour the renderer draws this role in.
        public var drawn: Color {
            switch self {
            case .ok: return .green
            case .warning: return .yellow
            case .error: return .red
            case .accent: return .cyan
            case .special: return .magenta
            case .key: return .blue
            }
        }

        /// What the role colours, for the config file and the README.
        public var meaning: String {
            switch self {
            case .ok: return "running containers, finished commands, \"following\""
            case .warning: return "paused containers, commands in flight, warnings, search matches"
            case .error: return "errors, unreachable engines, stderr lines, unhealthy containers"
            case .accent: return "key hints, the focused pane's border, charts"
            case .special: return "restarting containers, a chart's second line"
            case .key: return "keys in the inspect tree"
            }
        }
    }

    /// A built-in theme's name: `dark`, `light` or `mono`.
    public var name: String
    /// The colour of each role; nil draws the role in the terminal's default colour.
    public var colors: [Role: Color?]
    /// Whether no colour is drawn at all (bold, dim, underline and reverse remain; highlighted backgrounds become
    /// reverse video so that they still show).
    public var monochrome: Bool
    /// Whether the theme is meant for a light terminal background: where the terminal cannot keep its own colours,
    /// the backend then stands in black on white rather than white on black.
    public var lightBackground: Bool

    public init(name: String, colors: [Role: Color?], monochrome: Bool = false, lightBackground: Bool = false) {
        self.name = name
        self.colors = colors
        self.monochrome = monochrome
        self.lightBackground = lightBackground
    }

    /// The colours the screens are drawn in: for a dark terminal background (and most others).
    public static let dark = ThemePalette(
        name: "dark", colors: Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, $0.drawn) }))

    /// For a light terminal background: no yellow or cyan text, which a white background washes out.
    public static let light = ThemePalette(
        name: "light",
        colors: [.ok: .green, .warning: .magenta, .error: .red, .accent: .blue, .special: .magenta, .key: .blue],
        lightBackground: true)

    /// No colours: bold, dim, underline and reverse only.
    public static let mono = ThemePalette(name: "mono", colors: [:], monochrome: true)

    /// The built-in themes, by name.
    public static let builtIn: [ThemePalette] = [.dark, .light, .mono]

    /// The built-in theme called `name`, if there is one.
    public static func named(_ name: String) -> ThemePalette? { builtIn.first { $0.name == name } }

    /// The colour `role` is drawn in.
    public func color(_ role: Role) -> Color? {
        if monochrome { return nil }
        if let chosen = colors[role] { return chosen }
        return role.drawn
    }

    /// `grid` in this palette's colours. The dark palette returns it unchanged.
    public func apply(to grid: CellGrid) -> CellGrid {
        if self == .dark { return grid }
        var recolored = grid
        for y in 0..<grid.size.height {
            recolored.restyle(y: y, x: 0, width: grid.size.width) { $0 = style($0) }
        }
        return recolored
    }

    /// A style drawn in the dark palette, in this one.
    public func style(_ style: Style) -> Style {
        var result = style
        if monochrome {
            if style.background != nil { result.reverse.toggle() }
            result.foreground = nil
            result.background = nil
            return result
        }
        result.foreground = style.foreground.flatMap(themed)
        result.background = style.background.flatMap(themed)
        return result
    }

    /// The colour drawn as `color` in the dark palette, in this one.
    private func themed(_ color: Color) -> Color? {
        guard let role = Role.allCases.first(where: { $0.drawn == color }) else { return color }
        return self.color(role)
    }
}
