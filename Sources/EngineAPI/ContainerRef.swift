/// The name berth gives one engine it watches: `docker`, `podman`, or whatever `--host name=URL` said.
///
/// Rows, commands, panes and feeds carry it, so two engines' containers are never mixed up even when the same
/// engine is listed twice (its IDs then repeat).
public struct HostID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var name: String

    public init(_ name: String) {
        self.name = name
    }

    /// The host of a single-engine berth, and of rows made in tests without one.
    public static let main = HostID("main")

    public var description: String { name }

    public static func < (a: HostID, b: HostID) -> Bool { a.name < b.name }
}

/// One container on one engine: what every command, pane and feed is addressed to.
public struct ContainerRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var host: HostID
    public var id: String

    public init(host: HostID, id: String) {
        self.host = host
        self.id = id
    }

    public var description: String { "\(host.name)/\(id.prefix(12))" }

    /// By the first 16 bytes of the ID alone. Engine IDs are random hex, so those bytes tell containers apart as
    /// well as all 64 do at a quarter of the hashing (figures, marks and groups are looked up by reference for
    /// every row, every second); the rare equal hash is settled by `==`, which compares everything.
    public func hash(into hasher: inout Hasher) {
        let hashed: Void? = id.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.prefix(16))))
        }
        if hashed == nil { hasher.combine(id) }
    }

    public static func < (a: ContainerRef, b: ContainerRef) -> Bool {
        a.host != b.host ? a.host < b.host : a.id < b.id
    }
}
