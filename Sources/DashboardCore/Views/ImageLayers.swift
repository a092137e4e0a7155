import EngineAPI

/// `L` in `:images`: an image's layers, oldest first as they were built, each with its size and the build step that
/// made it, shown in the same overlay as an object's document.
public enum ImageLayers {
    /// The overlay's lines: a title row, one row per layer, then the total.
    public static func lines(_ layers: [ImageHistoryItem], now: Int64) -> [String] {
        let sizes = layers.map { ByteFormat.decimal(max(0, $0.size ?? 0)) }
        let sizeWidth = max(4, sizes.map(\.count).max() ?? 0)
        let ages = layers.map { RelativeTime.ago($0.created, now: now) }
        let ageWidth = max(7, ages.map(\.count).max() ?? 0)
        func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - text.count))
            return right ? fill + text : text + fill
        }
        var lines = [pad("SIZE", sizeWidth, right: true) + "  " + pad("CREATED", ageWidth) + "  STEP"]
        // The engine lists the newest layer first; a build reads top down.
        for index in layers.indices.reversed() {
            let layer = layers[index]
            // An imported layer has no build step; its comment says where it came from (`Imported from -`).
            let step = layer.step.isEmpty ? (layer.comment.flatMap { $0.isEmpty ? nil : $0 } ?? "-") : layer.step
            lines.append(pad(sizes[index], sizeWidth, right: true) + "  " + pad(ages[index], ageWidth) + "  " + step)
        }
        let total = layers.reduce(Int64(0)) { $0 + max(0, $1.size ?? 0) }
        lines.append("")
        lines.append("\(layers.count) layer\(layers.count == 1 ? "" : "s"), \(ByteFormat.decimal(total)) in all")
        return lines
    }
}
