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
    /// Nothing is attached: the exec is started detached and `GET /exec/{id}/json` is polled until it stops
    /// running, so no connection stays hijacked. `user` (e.g. `"0"`) overrides the container's user.
    /// - Throws: `EngineError` (a stopped container is `.conflict`), or `ExecTimedOut` after `timeout`.
    public func runExec(
        containerID: String, command: [String], user: String? = nil, timeout: Duration = .seconds(10)
    ) async throws -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        let body = ExecCreateBody(
            cmd: command, tty: false, attachStdin: false, attachStdout: false, attachStderr: false, user: user)
        let created = try await decode(ExecCreateResponse.self, Endpoints.createExec(containerID, body: body))
        _ = try await send(Endpoints.startExec(created.id, detach: true, tty: false), timeout: timeout)
        // Most commands are done by the first look; the interval grows so a slow one costs few requests.
        var interval = Duration.milliseconds(20)
        while true {
            let state = try await decode(ExecInspect.self, Endpoints.inspectExec(created.id))
            if state.running != true, let code = state.exitCode { return code }
            if clock.now >= deadline { throw ExecTimedOut(command: command, seconds: secondsOf(timeout)) }
            try await Task.sleep(for: interval)
            interval = min(interval * 2, .milliseconds(250))
        }
    }
}

private func secondsOf(_ duration: Duration) -> Double {
    let (whole, fraction) = duration.components
    return Double(whole) + Double(fraction) / 1e18
}
