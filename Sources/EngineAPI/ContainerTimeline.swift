/// One step in a container's life as the events pane shows it: created, started, died (with its exit code), killed
/// (with the signal), OOM, restarted, health changed.
public struct TimelineEvent: Sendable, Equatable, Hashable {
    public var container: ContainerRef
    /// The container's name when the event happened (`Actor.Attributes.name`); the short ID when the engine gave none.
    public var name: String
    /// The verb (`die`, `kill`, `health_status`, …); Podman's `died` is `die`.
    public var verb: String
    /// The exit code of a `die`, from Docker's `exitCode` or Podman's `containerExitCode`.
    public var exitCode: Int?
    /// The signal of a `kill`, as the engine wrote it (`9`, `SIGTERM`).
    public var signal: String?
    /// The health of a `health_status` (`healthy`, `unhealthy`, `starting`).
    public var health: String?
    /// When, in nanoseconds since 1970 (`timeNano`, or `time` when the engine sent only seconds).
    public var timeNanos: Int64

    public init(
        container: ContainerRef, name: String, verb: String, exitCode: Int? = nil, signal: String? = nil,
        health: String? = nil, timeNanos: Int64
    ) {
        self.container = container
        self.name = name
        self.verb = verb
        self.exitCode = exitCode
        self.signal = signal
        self.health = health
        self.timeNanos = timeNanos
    }

    /// The verbs a timeline shows; the rest (exec, attach, archive, resize, …) is noise for "why did it die".
    public static let verbs: Set<String> = [
        "create", "start", "restart", "die", "oom", "kill", "stop", "health_status", "pause", "unpause", "destroy",
        "remove",
    ]

    /// The timeline step of `event` from engine `host`; nil for other verbs and events naming no container.
    public init?(_ event: EngineEvent, host: HostID) {
        guard event.type == nil || event.type == "container" else { return nil }
        guard let id = event.containerID, !id.isEmpty else { return nil }
        var verb = event.verb
        if verb == "remove" { verb = "destroy" }
        guard Self.verbs.contains(verb) else { return nil }
        let attributes = event.actor?.attributes ?? [:]
        let nanos = event.timeNano ?? (event.time.map { $0 * 1_000_000_000 }) ?? 0
        let name = attributes["name"].flatMap { $0.isEmpty ? nil : $0 } ?? String(id.prefix(12))
        var health: String?
        if verb == "health_status" {
            // `health_status: healthy`, the details after the colon.
            let raw = event.action ?? event.status ?? ""
            if let colon = raw.firstIndex(of: ":") {
                let word = raw[raw.index(after: colon)...].trimmingCharacters(in: " ")
                health = word.isEmpty ? nil : word
            }
            health = health ?? attributes["health_status"]
        }
        self.init(
            container: ContainerRef(host: host, id: id), name: name, verb: verb,
            exitCode: verb == "die" ? event.exitCode : nil,
            signal: verb == "kill" ? attributes["signal"] : nil, health: health, timeNanos: nanos)
    }

    /// What the DETAIL column says: `exit 137 killed (SIGKILL)`, `SIGKILL`, `unhealthy`.
    public var detail: String {
        switch verb {
        case "die":
            guard let exitCode else { return "" }
            return ExitCodeMeaning.describe(exitCode).map { "exit \(exitCode) \($0)" } ?? "exit \(exitCode)"
        case "kill":
            guard let signal else { return "" }
            if let number = Int(signal) { return Self.signalNames[number].map { "SIG\($0)" } ?? "signal \(number)" }
            return signal
        case "health_status": return health ?? ""
        case "oom": return "out of memory"
        default: return ""
        }
    }

    /// Whether the step is bad news: a death with an error, an OOM, a failing health check.
    public var isTrouble: Bool {
        switch verb {
        case "die": return (exitCode ?? 0) != 0
        case "oom": return true
        case "health_status": return health == "unhealthy"
        default: return false
        }
    }

    static let signalNames: [Int: String] = [
        1: "HUP", 2: "INT", 3: "QUIT", 6: "ABRT", 9: "KILL", 10: "USR1", 11: "SEGV", 12: "USR2", 13: "PIPE",
        14: "ALRM", 15: "TERM", 17: "CHLD", 18: "CONT", 19: "STOP", 20: "TSTP",
    ]
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}

/// How often a container died lately, to show a crash loop at a glance.
public struct DeathRate: Sendable, Equatable {
    /// Deaths per minute, oldest minute first; the last one is the minute ending now.
    public var perMinute: [Int]
    /// Deaths in the last 60 seconds.
    public var lastMinute: Int { perMinute.last ?? 0 }
    /// Deaths in the whole window.
    public var total: Int { perMinute.reduce(0, +) }

    /// Counts the `die` steps among `events` in the `minutes` minutes before `now` (Unix seconds).
    public init(_ events: [TimelineEvent], now: Int64, minutes: Int = 15) {
        var buckets = [Int](repeating: 0, count: max(1, minutes))
        for event in events where event.verb == "die" {
            let age = now - event.timeNanos / 1_000_000_000
            guard age >= 0 else {
                // A clock a little ahead of berth's: the death is as recent as can be.
                buckets[buckets.count - 1] += 1
                continue
            }
            let minute = Int(age / 60)
            if minute < buckets.count { buckets[buckets.count - 1 - minute] += 1 }
        }
        perMinute = buckets
    }

    /// A crash loop: three deaths within the last minute, or deaths in at least three of the last five minutes
    /// (Docker's restart back-off spaces a looping container's deaths out to one a minute).
    public var isCrashLoop: Bool {
        lastMinute >= 3 || perMinute.suffix(5).filter { $0 > 0 }.count >= 3
    }
}
