import EngineAPI
import Foundation

/// The engine answers recorded for `EngineAPITests` (see its `Fixtures/README.md`), read from the source tree so
/// every test target uses the same bytes.
public enum EngineFixtures {
    public static func json(_ name: String, filePath: String = #filePath) throws -> JSONValue {
        try JSONValue.parse(bytes(name, filePath: filePath))
    }

    public static func bytes(_ name: String, filePath: String = #filePath) throws -> [UInt8] {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EngineAPITests/Fixtures").appendingPathComponent(name)
        return Array(try Data(contentsOf: url))
    }

    public static func top(_ name: String) throws -> ContainerTop {
        try JSONCoding.decode(ContainerTop.self, from: bytes(name))
    }
}
