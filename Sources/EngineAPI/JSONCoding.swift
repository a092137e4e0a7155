import Foundation

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
