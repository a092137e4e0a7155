import EngineAPI

/// `:df`: what each engine's images, containers, volumes and build cache hold on disk, and what a prune could give
/// back, as `docker system df` says it. `/system/df` is slow on a big host, so it is fetched when the view opens and
/// on `R`, never on a timer; the header says how old it is. `P` prunes the kind of the selected row.
public enum DiskUsageView {
    public static let id = ViewID("df")

    public static let definition = ResourceViewDefinition(
        id: id, title: "disk usage",
        columns: [
            ColumnSpec("TYPE", minimum: 13, maximum: 14, priority: 0),
            ColumnSpec("TOTAL", minimum: 5, maximum: 8, alignRight: true, priority: 1),
            ColumnSpec("ACTIVE", minimum: 6, maximum: 8, alignRight: true, priority: 2),
            ColumnSpec("SIZE", minimum: 8, maximum: 10, alignRight: true, priority: 3),
            ColumnSpec("RECLAIMABLE", minimum: 11, maximum: 18, alignRight: true, priority: 4),
        ],
        defaultSort: 0, request: Endpoints.diskUsage, eventTypes: [], reconcileSeconds: 0,
        rows: { body, host, _ in rows(try JSONCoding.decode(DiskUsage.self, from: body), host: host) },
        pruneKind: { row in row.flatMap { kind(of: $0) } }, countsRows: false)

    /// Four rows per engine, in `docker system df`'s order.
    public static func rows(_ usage: DiskUsage, host: HostID) -> [ResourceRow] {
        usage.lines.enumerated().map { index, line in
            let reclaimable =
                line.reclaimablePercent.map { "\(ByteFormat.docker(line.reclaimable)) (\($0)%)" }
                ?? ByteFormat.docker(line.reclaimable)
            return ResourceRow(
                host: host, id: line.kind.rawValue,
                cells: [
                    line.kind.rawValue, String(line.total), String(line.active), ByteFormat.docker(line.size),
                    reclaimable,
                ],
                sortValues: [
                    .number(Double(index)), .number(Double(line.total)), .number(Double(line.active)),
                    .number(Double(line.size)), .number(Double(line.reclaimable)),
                ],
                tone: line.total == 0 ? .dim : .normal)
        }
    }

    /// What `P` prunes on a row: images, containers, volumes or build cache.
    static func kind(of row: ResourceRow) -> PruneKind? {
        switch DiskUsageLine.Kind(rawValue: row.id) {
        case .images?: return .danglingImages
        case .containers?: return .containers
        case .volumes?: return .volumes
        case .buildCache?: return .buildCache
        case nil: return nil
        }
    }
}

extension ByteFormat {
    /// Sizes as `docker system df` prints them: decimal units, four significant digits (`1.984MB`, `11.33kB`).
    public static func docker(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(max(0, bytes))
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        // Go's %.4g: four significant digits, no trailing zeros.
        let whole = value < 1 ? 1 : String(Int(value)).count
        let decimals = max(0, 4 - whole)
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text: String
        if decimals == 0 {
            text = String(Int(rounded))
        } else {
            let integer = Int(rounded)
            let fraction = Int(((rounded - Double(integer)) * scale).rounded())
            let digits = String(fraction)
            text = "\(integer)." + String(repeating: "0", count: max(0, decimals - digits.count)) + digits
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text + units[unit]
    }
}
