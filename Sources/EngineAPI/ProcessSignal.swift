/// How berth signals one process of a container: `kill` run inside it through the exec API.
///
/// `top` gives PIDs as the engine sees them: Docker runs `ps` on the host, so they are host PIDs, which mean
/// nothing inside the container's PID namespace; Podman gives the container's own. So the PID to kill is found one
/// of two ways, the exact one first:
/// 1. When the engine runs on this machine, `/proc/<pid>/status` has `NSpid`, whose last entry is the PID inside
///    the container (`containerPID(status:cmdline:expecting:)`). It is used only when that process still has the
///    parent and command line `top` showed, so a reused PID, or a berth in another PID namespace, cannot hit a
///    stranger.
/// 2. Otherwise `matchingCommand` runs a small POSIX shell script in the container that kills the given PID if it
///    already is the container's with that command line, else the one process whose command line equals it,
///    and refuses when there are none or several.
public enum ProcessSignal {
    /// Exit status of the matching script when no process has the command line.
    public static let noMatchStatus = 3
    /// Exit status of the matching script when several processes have it.
    public static let ambiguousStatus = 4

    /// `kill -s TERM 7`, for a PID in the container's namespace.
    public static func killCommand(_ signal: ContainerSignal, containerPID: String) -> [String] {
        ["kill", "-s", signal.shortName, containerPID]
    }

    /// The matching script with its arguments as positional parameters, so the command line needs no quoting.
    public static func matchingCommand(_ signal: ContainerSignal, pid: String, commandLine: String) -> [String] {
        ["sh", "-c", matchScript, "berth-signal", signal.shortName, pid, commandLine]
    }

    static let matchScript = """
        sig=$1 pid=$2 want=$3
        cmd() { c=$(tr '\\000' ' ' < "/proc/$1/cmdline" 2>/dev/null) || return 1; printf '%s' "${c% }"; }
        if [ -r "/proc/$pid/cmdline" ] && [ "$(cmd "$pid")" = "$want" ]; then exec kill -s "$sig" "$pid"; fi
        found= n=0
        for d in /proc/[0-9]*; do
          p=${d#/proc/}
          [ "$p" = "$$" ] && continue
          if [ "$(cmd "$p")" = "$want" ]; then found=$p; n=$((n + 1)); fi
        done
        [ "$n" -eq 0 ] && exit 3
        [ "$n" -gt 1 ] && exit 4
        exec kill -s "$sig" "$found"
        """

    /// The PID inside the container of a host process, from its `/proc/<pid>/status` text and `cmdline` bytes;
    /// nil unless the process is in a nested PID namespace and has the parent and command line `top` showed.
    public static func containerPID(
        status: String, cmdline: [UInt8], expectingParent ppid: String?, commandLine: String
    ) -> String? {
        var nspid: [Substring] = []
        var parent: Substring?
        for line in status.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let name = fields.first else { continue }
            if name == "NSpid:" { nspid = Array(fields.dropFirst()) }
            if name == "PPid:" { parent = fields.dropFirst().first }
        }
        // One entry means the process lives in the reader's own namespace: not in a container as far as we can see.
        guard nspid.count >= 2, let inner = nspid.last, Int(inner) != nil else { return nil }
        if let ppid, !ppid.isEmpty, parent.map(String.init) != ppid { return nil }
        guard self.commandLine(cmdline) == trimmed(commandLine) else { return nil }
        return String(inner)
    }

    /// `/proc/<pid>/cmdline` as `ps -o args` prints it: the arguments joined by spaces.
    public static func commandLine(_ cmdline: [UInt8]) -> String {
        trimmed(
            cmdline.split(separator: 0, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }.joined(separator: " "))
    }

    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }

    /// A sentence for the status line when the exec ran but did not exit 0.
    public static func failure(status: Int, usedMatching: Bool, commandLine: String) -> String {
        switch status {
        case noMatchStatus where usedMatching: return "the process is gone"
        case ambiguousStatus where usedMatching:
            return "several processes run \(commandLine), so berth cannot tell which one to signal"
        case 126, 127: return "the container has no \(usedMatching ? "sh" : "kill") to run"
        default: return "kill exited with status \(status)"
        }
    }
}
