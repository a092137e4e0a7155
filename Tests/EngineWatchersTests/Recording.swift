import EngineAPI
import EngineClient
import Foundation

/// Answers recorded from real engines, read from `Tests/EngineAPITests/Fixtures` (its README says how each was
/// recorded), so both test targets share one set of recordings.
enum Recording {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "recording \(name) is not in Tests/EngineAPITests/Fixtures" }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("EngineAPITests/Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        let path = directory.appendingPathComponent(name).path
        guard let data = FileManager.default.contents(atPath: path) else { throw Missing(name: name) }
        return Array(data)
    }

    /// The non-empty lines of a `.jsonl` recording.
    static func lines(_ name: String) throws -> [String] {
        String(decoding: try bytes(name), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// `GET /_ping` as Docker 20.10 answered it: the recorded head, and its `OK`.
    /// The recorded answer to `/_ping`: Docker's (`ping-headers.txt`) unless another recording is named.
    static func ping(_ name: String = "ping-headers.txt") throws -> EngineResponse {
        let text = String(decoding: try bytes(name), as: UTF8.self)
        var headers: [(String, String)] = []
        // The recording keeps HTTP's CRLF, which is one `Character` to Swift: split on it, not on "\n".
        for line in text.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            headers.append((name, value))
        }
        return EngineResponse(status: 200, headers: headers, body: Array("OK".utf8))
    }

    static func ok(_ name: String) throws -> EngineResponse {
        EngineResponse(status: 200, headers: [("Content-Type", "application/json")], body: try bytes(name))
    }

    /// The rows of a recorded `GET /containers/json`, each as the engine's own JSON text, keyed by ID.
    static func containerRows(_ name: String = "containers-list.json") throws -> [(id: String, json: String)] {
        let rows = try JSONSerialization.jsonObject(with: Data(try bytes(name))) as? [[String: Any]] ?? []
        return try rows.map { row in
            let data = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
            // Foundation escapes every slash; the engine does not.
            let json = String(decoding: data, as: UTF8.self).replacingOccurrences(of: #"\/"#, with: "/")
            return (row["Id"] as? String ?? "", json)
        }
    }

    /// The IDs a list request narrows to (`filters={"id":[...]}`), or nil for the whole list.
    static func filteredIDs(_ request: EngineRequest) -> [String]? {
        guard let filters = request.query.first(where: { $0.0 == "filters" })?.1,
            let object = try? JSONSerialization.jsonObject(with: Data(filters.utf8)) as? [String: [String]]
        else { return nil }
        return object["id"]
    }

    /// The recorded event lines with the recorded container's ID replaced by `id`: the same bytes about another row.
    static func events(_ verbs: [String], about id: String) throws -> [String] {
        let recorded = try lines("events-container.jsonl")
        let recordedID = "9c8ef55bb4f21668c05f5e8431d508c95301d42751f075b1b3caa3785898140d"
        return try verbs.map { verb in
            guard let line = recorded.first(where: { $0.contains(#""status":"\#(verb)"#) }) else {
                throw Missing(name: "an event \(verb) in events-container.jsonl")
            }
            return line.replacingOccurrences(of: recordedID, with: id)
        }
    }
}
