import EngineAPI

/// The lists the Swarm views decode: a manager answers `null` for an empty list, and a related list the view asked
/// for may be missing.
enum SwarmLists {
    /// The list in `bytes`; empty for `null`, and for no bytes at all (a related list the engine does not have).
    static func decode<Item: Decodable>(_ type: Item.Type, _ bytes: [UInt8]) throws -> [Item] {
        guard !bytes.isEmpty else { return [] }
        return try JSONCoding.decode([Item]?.self, from: bytes) ?? []
    }

    /// The related list at `index` (in the order of the definition's `related`); empty when it is missing.
    static func decode<Item: Decodable>(_ type: Item.Type, _ related: [[UInt8]], at index: Int) throws -> [Item] {
        index < related.count ? try decode(type, related[index]) : []
    }
}
