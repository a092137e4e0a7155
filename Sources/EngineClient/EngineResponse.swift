/// A complete, non-streaming answer from the engine.
public struct EngineResponse: Sendable {
    public var status: Int
    /// In the order received; names keep the engine's spelling, so look them up with `header(_:)`.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, matched case-insensitively as HTTP requires.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first(where: { $0.0.lowercased() == wanted })?.1
    }
}
