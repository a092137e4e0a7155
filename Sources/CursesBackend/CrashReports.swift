/// Where a crash report goes: `$XDG_STATE_HOME/berth`, else `~/.local/state/berth`, else the temporary directory.
///
/// The file itself (`berth-crash-PID.txt`) is created by the crash handler only when berth crashes: new, never
/// through a symlink, readable by the user alone (see `cn_open_report`).
enum CrashReports {
    static func directory(environment: [String: String]) -> String {
        func absolute(_ name: String) -> String? {
            guard let value = environment[name], value.hasPrefix("/") else { return nil }
            return value.count > 1 && value.hasSuffix("/") ? String(value.dropLast()) : value
        }
        if let state = absolute("XDG_STATE_HOME") { return state + "/berth" }
        if let home = absolute("HOME"), home != "/" { return home + "/.local/state/berth" }
        return absolute("TMPDIR") ?? "/tmp"
    }
}
