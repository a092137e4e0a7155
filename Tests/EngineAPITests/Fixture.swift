import Foundation
import Testing

/// Loads recorded engine answers from `Fixtures/` (see its README for how each was recorded).
enum Fixture {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "fixture \(name) is not in the test bundle" }
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = Bundle.module.resourceURL?.appendingPathComponent("Fixtures").appendingPathComponent(name)
        guard let url, let data = FileManager.default.contents(atPath: url.path) else { throw Missing(name: name) }
        return Array(data)
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    /// The non-empty lines of a `.jsonl` fixture, as bytes.
    static func lines(_ name: String) throws -> [[UInt8]] {
        try bytes(name).split(separator: UInt8(ascii: "\n")).map(Array.init)
    }
}
