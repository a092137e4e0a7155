/// The container table's columns, and how they share the width.
public enum TableColumn: String, CaseIterable, Sendable {
    /// The engine's name, only while several engines are watched.
    case host = "HOST"
    case name = "NAME"
    case image = "IMAGE"
    case status = "STATUS"
    case cpu = "CPU %"
    case memory = "MEM"
    case ports = "PORTS"
    case created = "CREATED"
    case id = "CONTAINER ID"

    var minimum: Int {
        switch self {
        case .host: return 6
        case .name: return 10
        case .image: return 8
        case .status: return 12
        // The figure and its bar; `100.00%` and `1.523MiB` are the widest usual figures.
        case .cpu: return 13
        case .memory: return 14
        case .ports: return 9
        case .created: return 14
        case .id: return 12
        }
    }

    var maximum: Int {
        switch self {
        case .host: return 20
        case .name, .image: return 40
        // The engine's words run long: "Restarting (1) Less than a second ago", "Up 3 hours (health: starting)".
        case .status: return 40
        case .cpu: return 15
        case .memory: return 15
        case .ports: return 40
        case .created: return 22
        case .id: return 12
        }
    }

    /// How narrow a long name or image may become to make room for a figure column: one very long name must not
    /// push STATUS, CPU % and MEM off the screen.
    var claim: Int {
        switch self {
        case .name, .image: return 24
        default: return maximum
        }
    }

    var isFigure: Bool { self == .status || self == .cpu || self == .memory }

    /// Which columns survive first when the terminal is narrow.
    static let priority: [TableColumn] = [.name, .status, .host, .cpu, .memory, .image, .ports, .created, .id]
}

/// Decides which columns show and how wide each is.
public enum ColumnLayout {
    public static let gap = 2

    /// Widths for the visible columns in display order, given the widest cell of each column.
    ///
    /// Columns join in priority order at their ideal width (their widest cell, within bounds); columns that
    /// did not fit then join at their minimum if there is still room. So a narrow terminal drops a column
    /// rather than cutting every column short.
    /// Columns in `emptyColumns` (no row has anything in them) join last, whatever their priority; columns in
    /// `hidden` never show.
    public static func layout(
        width: Int, widest: [TableColumn: Int], emptyColumns: Set<TableColumn> = [], hidden: Set<TableColumn> = []
    ) -> [(TableColumn, Int)] {
        func ideal(_ column: TableColumn) -> Int { min(column.maximum, max(column.minimum, widest[column] ?? 0)) }
        let shown = TableColumn.priority.filter { !hidden.contains($0) }
        let priority = shown.filter { !emptyColumns.contains($0) } + shown.filter { emptyColumns.contains($0) }
        var widths: [TableColumn: Int] = [:]
        var used = 0
        for column in priority {
            let need = ideal(column) + (widths.isEmpty ? 0 : gap)
            if used + need > width, column.isFigure {
                // A long name or image gives way (down to its claim) before a figure column is dropped.
                for wide in [TableColumn.image, .name] where used + need > width {
                    guard let current = widths[wide], current > wide.claim else { continue }
                    let give = min(current - wide.claim, used + need - width)
                    widths[wide] = current - give
                    used -= give
                }
            }
            if used + need <= width {
                widths[column] = ideal(column)
                used += need
            }
        }
        // An empty column (no published ports anywhere) is not worth squeezing in.
        for column in priority where widths[column] == nil && !emptyColumns.contains(column) {
            let need = column.minimum + (widths.isEmpty ? 0 : gap)
            if used + need <= width {
                widths[column] = column.minimum
                used += need
            }
        }
        guard !widths.isEmpty else { return [(.name, max(0, width))] }
        var spare = width - used
        for column in priority where spare > 0 {
            guard let current = widths[column] else { continue }
            let grow = min(spare, ideal(column) - current)
            if grow > 0 {
                widths[column] = current + grow
                spare -= grow
            }
        }
        let ordered = TableColumn.allCases.filter { widths[$0] != nil }
        // Whatever is left goes to the last column so the selection bar spans the row.
        if spare > 0, let last = ordered.last { widths[last, default: 0] += spare }
        return ordered.map { ($0, widths[$0] ?? $0.minimum) }
    }
}
