import EngineAPI

/// `:volumes`: every volume of every engine, as `docker volume ls` lists them, with the containers using each (from
/// the container list, live) and, measured on request, its size and reference count (`/system/df`).
public enum VolumesView {
    public static let id = ViewID("volumes")

    static let sizeColumn = 3
    static let refsColumn = 4
    static let usersColumn = 5

    public static let definition = ResourceViewDefinition(
        id: id, title: "volumes",
        columns: [
            ColumnSpec("VOLUME NAME", minimum: 16, maximum: 64, priority: 0),
            ColumnSpec("DRIVER", minimum: 6, maximum: 10, priority: 3),
            ColumnSpec("MOUNTPOINT", minimum: 10, maximum: 70, priority: 6),
            ColumnSpec("SIZE", minimum: 8, maximum: 10, alignRight: true, priority: 1),
            ColumnSpec("REFS", minimum: 4, maximum: 4, alignRight: true, priority: 4),
            ColumnSpec("USED BY", minimum: 10, maximum: 40, priority: 2),
            ColumnSpec("CREATED", minimum: 14, maximum: 22, priority: 5),
        ],
        defaultSort: 0, request: Endpoints.listVolumes(), eventTypes: ["volume"],
        rows: { body, host, now in
            rows(try JSONCoding.decode(VolumeList.self, from: body).volumes ?? [], host: host, now: now)
        },
        complete: { row, context in complete(&row, context) },
        measure: MeasureSpec(
            what: "sizes", request: Endpoints.diskUsage,
            read: { body in figures(try JSONCoding.decode(DiskUsage.self, from: body)) }),
        pruneKind: { _ in .volumes }, removes: true, inspect: Endpoints.inspectVolume)

    /// A row per volume; size, references and users are filled in by `complete`.
    public static func rows(_ volumes: [VolumeSummary], host: HostID, now: Int64) -> [ResourceRow] {
        volumes.map { volume in
            let created = volume.createdAt.flatMap(LogTimestamp.parse).map { $0 / 1_000_000_000 }
            return ResourceRow(
                host: host, id: volume.name,
                cells: [
                    volume.name, volume.driver ?? "-", volume.mountpoint ?? "-", "-", "-", "-",
                    RelativeTime.ago(created, now: now),
                ],
                sortValues: [
                    .text(volume.name.lowercased()), .text(volume.driver ?? ""), .text(volume.mountpoint ?? ""),
                    .none, .none, .none, created.map { .number(Double($0)) } ?? .none,
                ],
                removal: RemovalTarget(kind: .volume, reference: volume.name, label: "volume \(volume.name)")
            ).aging(6, created, now: now)
        }
    }

    /// What `/system/df` says of each volume: its size and how many containers reference it.
    public static func figures(_ usage: DiskUsage) -> [String: [Figure]] {
        var figures: [String: [Figure]] = [:]
        for volume in usage.volumes ?? [] {
            let size = volume.usageData?.size.flatMap { $0 >= 0 ? $0 : nil }
            let refs = volume.usageData?.refCount.flatMap { $0 >= 0 ? $0 : nil }
            figures[volume.name] = [
                Figure(size.map(ByteFormat.decimal) ?? "-", sort: size.map { .number(Double($0)) } ?? .none),
                Figure(refs.map(String.init) ?? "-", sort: refs.map { .number(Double($0)) } ?? .none),
            ]
        }
        return figures
    }

    /// Size and references from the last measurement; users from the container list. A volume nothing uses is
    /// dimmed: it is what a prune would remove.
    public static func complete(_ row: inout ResourceRow, _ context: RowContext) {
        if let measured = context.measurement?.figures[row.id], measured.count == 2 {
            row.set(sizeColumn, measured[0].text, sort: measured[0].sort)
            row.set(refsColumn, measured[1].text, sort: measured[1].sort)
        } else if context.measurement != nil {
            // Measured, but the volume is newer than the measurement.
            row.set(sizeColumn, "?", sort: .none)
        }
        guard let usage = context.usage else { return }
        let users = usage.volume(row.id)
        row.set(usersColumn, ContainerUsage.names(users), sort: .number(Double(users.count)))
        row.tone = users.isEmpty ? .dim : .normal
    }
}
