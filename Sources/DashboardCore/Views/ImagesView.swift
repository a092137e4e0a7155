import EngineAPI

/// `:images`: every image of every engine, a row per tag, as `docker image ls -a` lists them, with the containers
/// using each (counted from the engine's container list, live: Docker's list says `-1`).
public enum ImagesView {
    public static let id = ViewID("images")

    public static let definition = ResourceViewDefinition(
        id: id, title: "images",
        columns: [
            ColumnSpec("REPOSITORY:TAG", minimum: 16, maximum: 60, priority: 0),
            ColumnSpec("IMAGE ID", minimum: 12, maximum: 12, priority: 1),
            ColumnSpec("SIZE", minimum: 8, maximum: 10, alignRight: true, priority: 2),
            ColumnSpec("SHARED", minimum: 8, maximum: 10, alignRight: true, priority: 5),
            ColumnSpec("CONTAINERS", minimum: 10, maximum: 10, alignRight: true, priority: 3),
            ColumnSpec("CREATED", minimum: 14, maximum: 22, priority: 4),
        ],
        defaultSort: 0, request: Endpoints.listImages(), eventTypes: ["image"],
        rows: { body, host, now in
            // Podman has answered `null` for no images.
            let images = try JSONCoding.decode([ImageSummary]?.self, from: body) ?? []
            return rows(images, host: host, now: now)
        },
        complete: { row, context in complete(&row, context) }, pruneKind: { _ in .danglingImages }, removes: true,
        inspect: Endpoints.inspectImage)

    /// The CONTAINERS column.
    static let containersColumn = 4

    /// The image ID a row (`ID#tag`, or the ID of a dangling image) is about.
    static func imageID(of row: ResourceRow) -> String {
        String(row.id.split(separator: "#", maxSplits: 1).first ?? Substring(row.id))
    }

    /// Counts the containers using the row's image from the engine's container list, once it has arrived (until
    /// then, the engine's own count where it gave one).
    public static func complete(_ row: inout ResourceRow, _ context: RowContext) {
        guard let usage = context.usage else { return }
        let users = usage.image(imageID(of: row))
        row.set(containersColumn, String(users.count), sort: .number(Double(users.count)))
    }

    /// A row per tag (a dangling image is one `<none>:<none>` row).
    public static func rows(_ images: [ImageSummary], host: HostID, now: Int64) -> [ResourceRow] {
        var rows: [ResourceRow] = []
        rows.reserveCapacity(images.count)
        for image in images {
            let size = image.size.flatMap { $0 >= 0 ? $0 : nil }
            let shared = image.sharedSize.flatMap { $0 >= 0 ? $0 : nil }
            let users = image.containers.flatMap { $0 >= 0 ? $0 : nil }
            let tags = image.tags
            for tag in tags {
                let dangling = tag == "<none>:<none>"
                let others = tags.count - 1
                let removal = RemovalTarget(
                    kind: .image, reference: dangling ? image.id : tag,
                    label: dangling ? "image \(image.shortID) (untagged)" : "image \(tag) (\(image.shortID))",
                    note: others > 0
                        ? "It has \(others) more tag\(others == 1 ? "" : "s"): only this one goes, the image stays."
                        : nil)
                rows.append(
                    ResourceRow(
                        host: host, id: image.id + (dangling ? "" : "#" + tag),
                        cells: [
                            tag, image.shortID, size.map(ByteFormat.decimal) ?? "-",
                            shared.map(ByteFormat.decimal) ?? "-",
                            users.map(String.init) ?? "-", RelativeTime.ago(image.created, now: now),
                        ],
                        sortValues: [
                            .text(tag.lowercased()), .text(image.shortID), size.map { .number(Double($0)) } ?? .none,
                            shared.map { .number(Double($0)) } ?? .none, users.map { .number(Double($0)) } ?? .none,
                            image.created.map { .number(Double($0)) } ?? .none,
                        ],
                        tone: dangling ? .dim : .normal, removal: removal
                    ).aging(5, image.created, now: now))
            }
        }
        return rows
    }
}

/// Sizes as the docker CLI prints them: decimal units, three significant digits (`2.13MB`, `105kB`).
public enum ByteFormat {
    public static func decimal(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes)B" }
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        var text = fixed(digits, value)
        // "2.10" reads "2.1", as the docker CLI's %.3g does.
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + units[unit]
    }

    static func fixed(_ digits: Int, _ value: Double) -> String {
        let scale = [1.0, 10.0, 100.0][digits]
        let rounded = (value * scale).rounded() / scale
        if digits == 0 { return String(Int(rounded)) }
        let whole = Int(rounded)
        let fraction = Int(((rounded - Double(whole)) * scale).rounded())
        let padded = String(fraction)
        return "\(whole)." + String(repeating: "0", count: max(0, digits - padded.count)) + padded
    }
}

/// Relative times in the docker CLI's steps.
public enum RelativeTime {
    /// `3 days ago`; `-` when the engine gave no time.
    public static func ago(_ created: Int64?, now: Int64) -> String {
        guard let created, created > 0 else { return "-" }
        return duration(seconds: max(0, now - created)) + " ago"
    }

    /// The docker CLI's human duration: `Less than a second`, `About a minute`, `3 hours`, `2 weeks`.
    public static func duration(seconds: Int64) -> String {
        if seconds < 1 { return "Less than a second" }
        if seconds == 1 { return "1 second" }
        if seconds < 60 { return "\(seconds) seconds" }
        let minutes = seconds / 60
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = (seconds + 1800) / 3600
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(seconds / 3600 / 24 / 365) years"
    }
}
