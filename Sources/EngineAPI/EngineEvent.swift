/// One message of `GET /events`.
public struct EngineEvent: Codable, Sendable, Equatable {
    public var type: String?
    public var action: String?
    public var actor: Actor?
    public var time: Int64?
    public var timeNano: Int64?
    /// Pre-1.22 field names that Podman still sends.
    public var status: String?
    public var id: String?

    /// The object an event is about.
    public struct Actor: Codable, Sendable, Equatable {
        public var id: String?
        public var attributes: [String: String]?

        public init(id: String? = nil, attributes: [String: String]? = nil) {
            self.id = id
            self.attributes = attributes
        }

        enum CodingKeys: String, CodingKey {
            case id = "ID"
            case attributes = "Attributes"
        }
    }

    public init(
        type: String? = nil, action: String? = nil, actor: Actor? = nil, time: Int64? = nil, timeNano: Int64? = nil,
        status: String? = nil, id: String? = nil
    ) {
        self.type = type
        self.action = action
        self.actor = actor
        self.time = time
        self.timeNano = timeNano
        self.status = status
        self.id = id
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type"
        case action = "Action"
        case actor = "Actor"
        case time
        case timeNano
        case status
        case id
    }

    /// Stands in for an event too long to read (over `JSONLineSplitter`'s limit, as with a container of ten thousand
    /// labels). It names nothing, so whoever follows the stream fetches again whatever it shows.
    public static let unreadable = EngineEvent(type: "berth", action: "unreadable")

    /// Whether this is `unreadable`, the stand-in for an event berth could not read.
    public var isUnreadable: Bool { self == .unreadable }

    /// The exit code a `die` event gives: Docker's `exitCode` attribute, Podman's `containerExitCode`.
    public var exitCode: Int? {
        let attributes = actor?.attributes ?? [:]
        return (attributes["exitCode"] ?? attributes["containerExitCode"]).flatMap { Int($0) }
    }

    /// The container ID this event is about, from whichever field the engine filled.
    public var containerID: String? { actor?.id ?? id }

    /// The action verb without its details: `exec_start: sh` becomes `exec_start`,
    /// `health_status: healthy` becomes `health_status`; Podman's `died` becomes `die`.
    public var verb: String {
        let raw = action ?? status ?? ""
        let head = raw.split(separator: ":", maxSplits: 1).first.map(String.init) ?? raw
        return head == "died" ? "die" : head
    }
}
