import EngineAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns what `ssh` (and the remote docker CLI) wrote to stderr into one clear sentence.
///
/// ssh runs with `BatchMode=yes`, so every failure ends the process with a message instead of a prompt: the
/// messages below are OpenSSH's and the docker CLI's own wording.
enum SSHFailure {
    /// `line` without the blanks around it.
    static func trimmed(_ line: Substring) -> String {
        let start = line.firstIndex { !$0.isWhitespace } ?? line.endIndex
        let end = line.lastIndex { !$0.isWhitespace }.map(line.index(after:)) ?? start
        return String(line[start..<max(start, end)])
    }

    enum Stage: Sendable {
        /// Logging in to find out how to reach the engine.
        case login
        /// Opening a connection to the engine.
        case connect
        /// An established connection broke.
        case transfer
    }

    static func classify(_ exit: ChildProcess.Exit, target: String, stage: Stage) -> EngineError {
        explain(exit.stderr, code: exit.code, target: target, stage: stage)
    }

    /// The reason an established ssh connection ended, or nil when it ended cleanly.
    static func explainBrokenConnection(_ exit: ChildProcess.Exit, target: String, stage: Stage) -> EngineError? {
        guard exit.code != 0 else { return nil }
        return explain(exit.stderr, code: exit.code, target: target, stage: stage)
    }

    static func socketDenied(path: String, user: String, host: String) -> EngineError {
        .unreachable(
            "permission denied on \(path) on \(host): the user \(user) may not use the engine there "
                + "(add \(user) to the docker group on \(host), or log in as a user who may)")
    }

    static func explain(_ stderr: String, code: Int32?, target: String, stage: Stage) -> EngineError {
        let text = stderr
        let lower = text.lowercased()
        let lastLine =
            text.split(whereSeparator: \.isNewline).map(trimmed).last { !$0.isEmpty } ?? ""
        if lower.contains("remote host identification has changed") {
            return .unreachable(
                "ssh: the host key of \(target) has CHANGED since it was recorded in known_hosts (someone may be "
                    + "intercepting the connection, or the host was reinstalled); refusing to connect")
        }
        if lower.contains("host key verification failed") || lower.contains("no matching host key")
            || lower.contains("host key is known") || lower.contains("authenticity of host")
        {
            return .unreachable(
                "ssh: the host key of \(target) is unknown (not in known_hosts); connect once with ssh by hand to "
                    + "check and accept it")
        }
        if lower.contains("permission denied (") || lower.contains("too many authentication failures")
            || lower.contains("no supported authentication methods")
        {
            return .unreachable(
                "ssh: authentication to \(target) failed: berth runs ssh without prompts, so use ssh-agent or a "
                    + "key without a passphrase")
        }
        if lower.contains("connection closed by unknown port") || lower.contains("kex_exchange_identification")
            || lower.contains("connection closed by remote host") && stage == .login
        {
            return .unreachable(
                "ssh: the connection to \(target) closed before logging in (\(lastLine)); the network or its "
                    + "ProxyCommand failed")
        }
        if lower.contains("could not resolve hostname") {
            return .unreachable("ssh: cannot resolve the host name of \(target)")
        }
        if lower.contains("connection refused") && lower.contains("port") && !lower.contains("docker") {
            return .unreachable("ssh: nothing listens for ssh at \(target) (connection refused)")
        }
        if lower.contains("timed out") || lower.contains("no route to host") || lower.contains("network is unreachable")
            || lower.contains("timeout, server") || lower.contains("broken pipe") && stage == .transfer
        {
            return .unreachable(
                "ssh: \(target) is unreachable (\(lastLine.isEmpty ? "timed out" : lastLine)); the network may be "
                    + "down or dropping packets")
        }
        // The remote docker CLI's words for the engine's socket.
        if lower.contains("permission denied") && (lower.contains("docker") || lower.contains(".sock")) {
            return .unreachable(
                "permission denied on the engine's socket on \(target): the remote user may not use it "
                    + "(add it to the docker group there)")
        }
        if lower.contains("cannot connect to the docker daemon") || lower.contains("is the docker daemon running")
            || (lower.contains("connection refused") && lower.contains(".sock"))
            || lower.contains("open failed") || lower.contains("no such file or directory") && lower.contains(".sock")
        {
            return .unreachable("the engine on \(target) is not running (its socket does not answer)")
        }
        if code == 127 || lower.contains("command not found") {
            return .unreachable("ssh: a command berth needs is missing on \(target): \(lastLine)")
        }
        let status = code.map { "exit \($0)" } ?? "killed"
        let detail = lastLine.isEmpty ? "" : ": \(lastLine)"
        switch stage {
        case .login: return .unreachable("ssh to \(target) failed (\(status))\(detail)")
        case .connect: return .unreachable("ssh could not connect to the engine on \(target) (\(status))\(detail)")
        case .transfer: return .unreachable("the ssh connection to \(target) ended (\(status))\(detail)")
        }
    }
}
