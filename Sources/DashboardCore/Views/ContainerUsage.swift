import EngineAPI

/// Which containers of one engine use which image, volume and network, from that engine's container list.
///
/// The engine's own lists do not say (Docker counts an image's containers as `-1` and leaves a network's
/// `Containers` empty in its list), but berth already keeps every container live: the views join with it.
public struct ContainerUsage: Sendable, Equatable {
    /// By image ID without `sha256:`, the names of the containers made from it.
    public var byImage: [String: [String]] = [:]
    /// By volume name.
    public var byVolume: [String: [String]] = [:]
    /// By network name, and by network ID where the engine gave one.
    public var byNetwork: [String: [String]] = [:]

    public init(_ containers: [ContainerSummary]) {
        for container in containers {
            let name = container.displayName
            if let image = container.imageID, !image.isEmpty { byImage[ImageID.bare(image), default: []].append(name) }
            for volume in Set(container.volumeNames) { byVolume[volume, default: []].append(name) }
            for network in Set(container.networkKeys) { byNetwork[network, default: []].append(name) }
        }
        for key in byImage.keys { byImage[key]?.sort() }
        for key in byVolume.keys { byVolume[key]?.sort() }
        for key in byNetwork.keys { byNetwork[key]?.sort() }
    }

    /// The containers using image `id`.
    public func image(_ id: String) -> [String] { byImage[ImageID.bare(id)] ?? [] }

    public func volume(_ name: String) -> [String] { byVolume[name] ?? [] }

    /// The containers on the network named `name` or with ID `id` (Docker's stopped containers name only the
    /// network, Podman's give its name as the ID).
    public func network(name: String, id: String) -> [String] {
        Array(Set((byNetwork[name] ?? []) + (byNetwork[id] ?? []))).sorted()
    }

    /// `web-1, db-1` cut to about `limit` characters: `web-1, db-1 +3`.
    public static func names(_ names: [String], limit: Int = 40) -> String {
        guard !names.isEmpty else { return "-" }
        var text = ""
        for (index, name) in names.enumerated() {
            let next = text.isEmpty ? name : text + ", " + name
            if next.count > limit, !text.isEmpty { return text + " +\(names.count - index)" }
            text = next
        }
        return text
    }
}
