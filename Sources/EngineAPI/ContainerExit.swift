/// What berth knows of a container's last exit beyond the list's `Status` words, taken from one inspect after the
/// engine reported that the container died (never on a timer).
public struct ContainerExit: Sendable, Equatable, Hashable {
    /// The exit code of its last run; nil when the engine did not say.
    public var exitCode: Int?
    /// Whether the kernel's OOM killer ended that run (`State.OOMKilled`).
    public var oomKilled: Bool
    /// How often the engine restarted it under its restart policy (`RestartCount`).
    public var restartCount: Int

    public init(exitCode: Int? = nil, oomKilled: Bool = false, restartCount: Int = 0) {
        self.exitCode = exitCode
        self.oomKilled = oomKilled
        self.restartCount = restartCount
    }

    /// The parts of an inspect document that explain an exit. A container running again says nothing of its last
    /// exit: the engine sets `State.ExitCode` back to 0 when it starts, so the code is unknown (nil), not 0.
    public init(_ inspect: ContainerInspect) {
        let running = inspect.state?.running == true
        self.init(
            exitCode: running ? nil : inspect.state?.exitCode, oomKilled: !running && inspect.state?.oomKilled == true,
            restartCount: max(0, inspect.restartCount ?? 0))
    }
}

/// What a container's exit code means, in the words an operator looks for at 3 a.m.
public enum ExitCodeMeaning {
    /// A few words for `code` (`killed (SIGKILL)`, `OOM-killed`, `command not found`), or nil for 0 (a clean exit).
    ///
    /// Codes above 128 are the shell's way of saying "ended by signal code − 128"; 137 is therefore SIGKILL, which is
    /// also what an OOM kill looks like, so `oomKilled` decides between the two.
    public static func describe(_ code: Int, oomKilled: Bool = false) -> String? {
        if oomKilled { return "OOM-killed" }
        switch code {
        case 0: return nil
        case 1: return "error"
        case 2: return "misuse"
        case 125: return "engine could not run it"
        case 126: return "not executable"
        case 127: return "command not found"
        case 129...192:
            let signal = code - 128
            switch signal {
            case 9: return "killed (SIGKILL)"
            case 15: return "terminated (SIGTERM)"
            case 2: return "interrupted (SIGINT)"
            case 1: return "hung up (SIGHUP)"
            case 3: return "quit (SIGQUIT)"
            case 6: return "aborted (SIGABRT)"
            case 11: return "segfault (SIGSEGV)"
            case 13: return "broken pipe (SIGPIPE)"
            default: return "signal \(signal)"
            }
        default: return "error"
        }
    }
}

/// What the engine's `Status` words (`Exited (137) 5 minutes ago`, `Up 2 hours (unhealthy)`) say, parsed without
/// asking the engine anything more: the cheapest source of an exit code and a health state.
public enum ContainerStatusText {
    /// The code in `Exited (3) …` or `Restarting (3) …`; nil for any other status.
    public static func exitCode(_ status: String?) -> Int? {
        guard let status else { return nil }
        for prefix in ["Exited (", "Restarting ("] where status.hasPrefix(prefix) {
            let rest = status.dropFirst(prefix.count)
            guard let close = rest.firstIndex(of: ")") else { return nil }
            return Int(rest[rest.startIndex..<close])
        }
        return nil
    }

    /// `unhealthy`, `starting` or `healthy` from the status's parenthesis; nil when it has no health check.
    public static func health(_ status: String?) -> String? {
        // Asked for every row in every frame: bytes, not characters, and most statuses have no parenthesis at all.
        guard let status, status.utf8.contains(UInt8(ascii: "(")) else { return nil }
        let bytes = status.utf8
        if bytes.firstRange(of: "(unhealthy)".utf8) != nil { return "unhealthy" }
        if bytes.firstRange(of: "(health: starting)".utf8) != nil { return "starting" }
        if bytes.firstRange(of: "(healthy)".utf8) != nil { return "healthy" }
        return nil
    }
}
