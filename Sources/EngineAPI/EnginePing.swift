/// What `GET /_ping` tells berth before it sends any versioned request.
///
/// The ping is the only unversioned call, so it is where the API version is negotiated. Its `Date` header also gives
/// the engine's own clock, which lets a client subscribe to `/events?since=` without trusting the local clock
/// (Docker Desktop and Podman machines run the engine in a VM whose clock can drift).
public struct EnginePing: Sendable, Equatable {
    /// The version to use: the engine's announced one capped at `APIVersion.newestKnown`.
    public var apiVersion: APIVersion
    /// The raw `API-Version` header, if the engine sent one.
    public var announcedAPIVersion: String?
    /// The engine's clock in seconds since 1970, from the `Date` header.
    public var engineTime: Int64?
    /// `linux` or `windows`, from the `OSType` header.
    public var osType: String?
    /// The `Server` header: `Docker/20.10.24 (linux)`, `Libpod/4.3.1 (linux)`.
    public var server: String?

    public init(
        apiVersion: APIVersion, announcedAPIVersion: String?, engineTime: Int64?, osType: String?,
        server: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.announcedAPIVersion = announcedAPIVersion
        self.engineTime = engineTime
        self.osType = osType
        self.server = server
    }

    /// The engine and its version as `GET /version` would name them, read from the `Server` header; nil when the
    /// header is missing or names neither Docker nor Podman (then `/version` has to be asked).
    ///
    /// Podman's `/version` takes it half a second of CPU (it asks its runtimes for their versions), so this saves
    /// that on every connect.
    public var engineInfo: EngineInfo? {
        guard let server else { return nil }
        let words = server.split(separator: " ", maxSplits: 1)
        guard let first = words.first else { return nil }
        let parts = first.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        let product: String
        switch parts[0] {
        case "Docker": product = "Docker Engine"
        case "Libpod": product = "Podman Engine"
        default: return nil
        }
        var os = osType
        if os == nil, words.count == 2, words[1].hasPrefix("("), words[1].hasSuffix(")") {
            os = String(words[1].dropFirst().dropLast())
        }
        return EngineInfo(apiVersion: apiVersion, product: product, version: String(parts[1]), os: os)
    }

    /// Reads the ping's response headers; header names are matched case-insensitively as HTTP requires.
    public init(headers: [(String, String)]) {
        func value(_ name: String) -> String? {
            headers.first(where: { $0.0.lowercased() == name })?.1
        }
        let announced = value("api-version")
        self.init(
            apiVersion: APIVersion.negotiate(engineVersion: announced),
            announcedAPIVersion: announced,
            engineTime: value("date").flatMap(HTTPDate.epochSeconds(from:)),
            osType: value("ostype"), server: value("server"))
    }
}

/// Parses the one HTTP date format servers must send (RFC 9110 IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`).
///
/// Written by hand because Foundation's `DateFormatter` is heavyweight, locale-sensitive and not needed elsewhere.
public enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Seconds since 1970-01-01T00:00:00Z, or nil for anything that is not an IMF-fixdate.
    public static func epochSeconds(from text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
            let day = Int(parts[1]), (1...31).contains(day),
            let monthIndex = months.firstIndex(of: String(parts[2])),
            // Four digits, as the format has them: a longer year would overflow the day count.
            let year = Int(parts[3]), (1970...9999).contains(year)
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = daysFromCivil(year: year, month: monthIndex + 1, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
