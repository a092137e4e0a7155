#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Shared JSON coders: one place that decides how engine JSON is read.
public enum JSONCoding {
    /// A decoder for engine JSON. `JSONDecoder` is thread-safe for decoding.
    public static var decoder: JSONDecoder { JSONDecoder() }

    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension JSONDecoder {
    /// Decodes from raw bytes.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: Data(bytes))
    }
}

extension JSONCoding {
    /// Decodes engine JSON, turning any failure into `EngineError.decoding` with a one-line reason.
    ///
    /// Engines differ (Docker versions, Podman), so a surprising document must surface as a readable error in the
    /// status line, never as a crash or an opaque `DecodingError` dump.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(EngineError) -> T {
        do {
            return try decoder.decode(type, from: bytes)
        } catch {
            throw EngineError.decoding(summary(of: error, decoding: type))
        }
    }

    static func summary(of error: any Error, decoding type: Any.Type) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        let what = String(describing: type)
        switch error {
        case DecodingError.dataCorrupted(let context):
            return "\(what): malformed JSON\(path(context))"
        case DecodingError.keyNotFound(let key, let context):
            return "\(what): missing \(key.stringValue)\(path(context))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(what): \(context.debugDescription)\(path(context))"
        default:
            return "\(what): \(error)"
        }
    }
}
