import DashboardCore
import DashboardRenderer

extension BerthConfig {
    /// The config file with every setting at its default, each explained: what `berth config default` prints.
    /// Every line but the table headers is a comment, so the file changes nothing until a line is uncommented.
    public static var defaultFile: String {
        var out: [String] = []
        func line(_ text: String = "") { out.append(text) }
        line("# berth's config file: $XDG_CONFIG_HOME/berth/config.toml (default ~/.config/berth/config.toml),")
        line("# or the file --config names. Every setting is shown at its default, commented out: uncomment a line")
        line("# and change it. `berth config check` reports an unknown setting, a wrong type or a key bound twice,")
        line("# with its line; berth itself starts with a bad file only after saying so, and then uses the defaults.")
        line()
        line("[start]")
        line("# The view shown first: \(ConfigSchema.viewNames.joined(separator: ", ")).")
        line("# view = \"containers\"")
        line("# The pane open under the container list at start: \(ConfigSchema.paneNames.joined(separator: ", ")).")
        line("# pane = \"none\"")
        line("# Engines to watch from the start, written as --host takes them ([name=]url); added to --host.")
        line("# For example: [\"docker=unix:///var/run/docker.sock\", \"podman=unix:///run/podman/podman.sock\"].")
        line("# hosts = []")
        line("# Docker contexts to watch from the start (docker context ls); added to --context.")
        line("# contexts = []")
        line()
        line("[mouse]")
        line("# Clicks select rows, focus panes and sort by a column title; the wheel scrolls. M switches it at run")
        line("# time: with the mouse off, the terminal selects text as usual.")
        line("# enabled = true")
        line()
        line("[refresh]")
        line("# Seconds between two stats samples (0.25 to 60).")
        line("# stats = 1.0")
        line("# Seconds between two full fetches of the container list, behind the engine's events (5 to 3600).")
        line("# reconcile = 30")
        line()
        line("[confirm]")
        line("# Which commands ask y/N first. Removing and pruning always ask.")
        line("# stop = true            # s on a running container")
        line("# restart = true         # r")
        line("# pause = true           # p on a running container")
        line("# kill = true            # K, after the signal is picked")
        line("# process-signal = true  # K in the top pane")
        line()
        line("[theme]")
        line("# A built-in theme: dark (for dark terminals and most others), light (for a light background: no")
        line("# yellow or cyan text) or mono (no colours; bold, dim and reverse only). NO_COLOR in the environment")
        line("# always wins: no colours.")
        line("# name = \"dark\"")
        line("# The colour of each role, to change the theme's: default (the terminal's own), black, red, green,")
        line("# yellow, blue, magenta, cyan, white, or bright- before one of those (bright-red).")
        let width = ThemePalette.Role.allCases.map { $0.rawValue.count }.max() ?? 0
        for role in ThemePalette.Role.allCases {
            let color = ConfigSchema.colorNames.first { $0.1 == role.drawn }?.0 ?? "default"
            let setting = "# \(role.rawValue) = \"\(color)\""
            let pad = String(repeating: " ", count: width + 14 - setting.count + 2)
            line(setting + pad + "# " + role.meaning)
        }
        line()
        line("# Keys, by mode: command = \"key\" or [\"key\", \"other key\"]. A key is a character (x, X, /), Ctrl-X,")
        line(
            "# F1-F12, Space, Enter, Esc, Tab, Shift-Tab, Backspace, Delete, Up, Down, Left, Right, Home, End, PgUp or")
        line("# PgDn. A key given to a command is taken from any other command of the same mode; two commands given")
        line("# one key in one mode are an error. Keys of [keys.global] work in the list and in every pane, unless")
        line("# that mode binds the key itself. Ctrl-C always quits.")
        for mode in KeyMode.allCases {
            let table = Keymap.standard[mode]
            guard !table.bindings.isEmpty else { continue }
            line()
            line("[keys.\(mode.rawValue)]  # \(mode.title)")
            let settings = table.bindings.map { binding -> String in
                let keys = binding.keys.map { "\"\(KeyNames.name($0).replacingQuotes)\"" }
                let value = keys.count == 1 ? keys[0] : "[" + keys.joined(separator: ", ") + "]"
                return "# \(binding.command) = \(value)"
            }
            let column = (settings.map(\.count).max() ?? 0) + 2
            for (setting, binding) in zip(settings, table.bindings) {
                line(setting + String(repeating: " ", count: column - setting.count) + "# " + binding.help)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// A key name inside a TOML basic string: `"` and `\` escaped.
    var replacingQuotes: String {
        var out = ""
        for c in self {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
