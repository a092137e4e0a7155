/// An Engine API request, described as data so that building it is testable and the transport stays generic.
public struct EngineRequest: Sendable, Equatable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case delete = "DELETE"
        case head = "HEAD"
    }

    public var method: Method
    /// The path without the version prefix, e.g. `/containers/json`.
    public var path: String
    public var query: [(String, String)]
    /// A JSON body, sent with `Content-Type: application/json`.
    public var jsonBody: [UInt8]?
    /// Whether the path is versioned (`/v1.41/...`). `/_ping` is not.
    public var isVersioned: Bool

    public init(
        _ method: Method, _ path: String, query: [(String, String)] = [], jsonBody: [UInt8]? = nil,
        isVersioned: Bool = true
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.jsonBody = jsonBody
        self.isVersioned = isVersioned
    }

    /// The request target, `/v1.41/containers/json?all=1`, with every query value percent-encoded.
    public func uri(version: APIVersion) -> String {
        var uri = isVersioned ? "/v\(version)\(path)" : path
        if !query.isEmpty {
            uri += "?" + query.map { "\(Self.percentEncode($0.0))=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        }
        return uri
    }

    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%"
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
            }
        }
        return out
    }

    public static func == (lhs: EngineRequest, rhs: EngineRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.jsonBody == rhs.jsonBody
            && lhs.isVersioned == rhs.isVersioned && lhs.query.elementsEqual(rhs.query, by: { $0 == $1 })
    }
}
