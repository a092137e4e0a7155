/// What the log follower reads from a container's inspect document.
extension ContainerInspect {
    /// A container as the log follower sees it (for tests and fixtures).
    public init(
        tty: Bool, logDriver: String?, running: Bool, startedAt: String? = nil, finishedAt: String? = nil,
        created: String? = nil
    ) {
        self.init(
            created: created, state: State(running: running, startedAt: startedAt, finishedAt: finishedAt),
            config: Config(tty: tty), hostConfig: HostConfig(logConfig: LogConfig(type: logDriver)))
    }

    /// How the log body is framed: raw for a TTY, multiplexed otherwise.
    public var framing: LogFrameDecoder.Framing { config?.tty == true ? .raw : .multiplexed }

    /// The logging driver, e.g. `json-file`, `local`, `journald`, `none`.
    public var logDriver: String? { hostConfig?.logConfig?.type }

    /// Whether the engine can give back what the driver stored. Drivers that ship logs elsewhere (syslog, gelf,
    /// fluentd, awslogs...) can only be read when Docker's dual logging cache is on, which inspect does not show,
    /// so only `none` is known in advance to be unreadable; the others are tried and their error shown.
    public var logsAreReadable: Bool { logDriver != "none" }

    public var isRunning: Bool { state?.running == true }

    /// `StartedAt` as nanoseconds; nil before the first start (`0001-01-01T00:00:00Z`).
    public var startedAtNanos: Int64? { Self.realTime(state?.startedAt) }

    public var finishedAtNanos: Int64? { Self.realTime(state?.finishedAt) }

    public var createdNanos: Int64? { Self.realTime(created) }

    static func realTime(_ text: String?) -> Int64? {
        guard let text, let value = LogTimestamp.parse(text), value > 0 else { return nil }
        return value
    }
}

extension Endpoints {
    /// `GET /containers/{id}/logs`, both streams.
    ///
    /// - Parameters:
    ///   - tail: the last N lines only; nil for all.
    ///   - since, until: nanoseconds since the epoch, both inclusive. The engine applies `tail` before `until`, so
    ///     the two together do not page backwards.
    public static func containerLogs(
        _ id: String, follow: Bool, tail: Int? = nil, since: Int64? = nil, until: Int64? = nil,
        timestamps: Bool = true
    ) -> EngineRequest {
        var query: [(String, String)] = [
            ("stdout", "1"), ("stderr", "1"), ("follow", follow ? "1" : "0"), ("timestamps", timestamps ? "1" : "0"),
        ]
        query.append(("tail", tail.map { String(max(0, $0)) } ?? "all"))
        if let since { query.append(("since", LogTimestamp.queryValue(since))) }
        if let until { query.append(("until", LogTimestamp.queryValue(until))) }
        return EngineRequest(.get, "/containers/\(pathSegment(id))/logs", query: query)
    }

    /// `GET /events` for one container's `start` and `destroy` events since `since` (nanoseconds, inclusive);
    /// Podman calls its removal `remove`.
    public static func containerStarts(_ id: String, since: Int64?) -> EngineRequest {
        var query: [(String, String)] = []
        if let since { query.append(("since", LogTimestamp.queryValue(since))) }
        let filters = ["type": ["container"], "container": [id], "event": ["start", "destroy", "remove"]]
        if let text = jsonString(filters) { query.append(("filters", text)) }
        return EngineRequest(.get, "/events", query: query)
    }
}
