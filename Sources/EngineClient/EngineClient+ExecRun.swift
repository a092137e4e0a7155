import EngineAPI

/// A command run inside a container that did not finish in time.
public struct ExecTimedOut: Error, Sendable, Equatable, CustomStringConvertible {
    public var command: [String]
    public var seconds: Double

    public var description: String {
        "\(command.joined(separator: " ")) did not finish within \(seconds)s"
    }
}

extension EngineClient {
    /// Runs `command` inside a running container without a terminal and returns its exit code.
    ///
    /// The exec is started attached, without a connection upgrade: the engine streams the output, which is read
    /// and thrown away as it comes, and ends the response when the process ends; `GET /exec/{id}/json` then holds
    /// the exit code. A detached start cannot be used: Podman 4 reports a detached exec as running for minutes
    /// after it ended. `user` (e.g. `"0"`) overrides the container's user. A program that cannot be started gives
    /// 126 or 127, as in a shell.
    /// - Throws: `EngineError` (a stopped container is `.conflict`), or `ExecTimedOut` after `timeout`.
    public func runExec(
        containerID: String, command: [String], user: String? = nil, timeout: Duration = .seconds(10)
    ) async throws -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let body = ExecCreateBody(
            cmd: command, tty: false, attachStdin: false, attachStdout: true, attachStderr: true, user: user)
        let created = try await decode(ExecCreateResponse.self, Endpoints.createExec(containerID, body: body))
        let ended = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.readBody(Endpoints.startExec(created.id, detach: false, tty: false)) { _ in }
                return true
            }
            group.addTask {
                try await Task.sleep(until: deadline, clock: clock)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard ended else { throw ExecTimedOut(command: command, seconds: secondsOf(timeout)) }
        // The engine may record the exit code a moment after the output ends; an exec that never started (its
        // container stopped meanwhile) has none to record.
        let settle = min(deadline, clock.now.advanced(by: .seconds(2)))
        var interval = Duration.milliseconds(10)
        while true {
            let state = try await decode(ExecInspect.self, Endpoints.inspectExec(created.id))
            if state.running != true, let code = state.exitCode { return code }
            if clock.now >= settle {
                let program = command.first ?? "the exec"
                throw EngineError.protocolViolation("the engine did not report how \(program) ended")
            }
            try await Task.sleep(for: interval)
            interval = min(interval * 2, .milliseconds(250))
        }
    }
}

private func secondsOf(_ duration: Duration) -> Double {
    let (whole, fraction) = duration.components
    return Double(whole) + Double(fraction) / 1e18
}
