/// An Engine API version such as `1.41`.
public struct APIVersion: Sendable, Comparable, CustomStringConvertible, Hashable {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `1.41`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.trimmingTrailingNewlines().split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major: major, minor: minor)
    }

    /// The newest version this client knows how to speak.
    public static let newestKnown = APIVersion(major: 1, minor: 47)
    /// The oldest engine berth supports: Docker 20.10.
    public static let oldestSupported = APIVersion(major: 1, minor: 41)

    /// The version to use with an engine that announced `engineVersion` in its `API-Version` header:
    /// the engine's own, capped at the newest the client knows. Without a header, the oldest supported.
    public static func negotiate(engineVersion: String?) -> APIVersion {
        guard let engineVersion, let announced = APIVersion(engineVersion) else { return oldestSupported }
        return min(announced, newestKnown)
    }

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }
}
