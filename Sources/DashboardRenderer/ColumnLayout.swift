/// The container table's columns, and how they share the width.
public enum TableColumn: String, CaseIterable, Sendable {
    case name = "NAME"
    case image = "IMAGE"
    case status = "STATUS"
    case ports = "PORTS"
    case created = "CREATED"
    case id = "CONTAINER ID"

    var minimum: Int {
        switch self {
        case .name: return 10
        case .image: return 8
        case .status: return 12
        case .ports: return 9
        case .created: return 14
        case .id: return 12
        }
    }

    var maximum: Int {
        switch self {
        case .name, .image: return 40
        case .status: return 30
        case .ports: return 40
        case .created: return 18
        case .id: return 12
        }
    }

    /// Which columns survive first when the terminal is narrow.
    static let priority: [TableColumn] = [.name, .status, .image, .id, .created, .ports]
}

/// Decides which columns show and how wide each is.
public enum ColumnLayout {
    public static let gap = 2

    /// Widths for the visible columns in display order, given the widest cell of each column.
    public static func layout(width: Int, widest: [TableColumn: Int]) -> [(TableColumn, Int)] {
        var chosen: [TableColumn] = []
        var used = 0
        for column in TableColumn.priority {
            let need = column.minimum + (chosen.isEmpty ? 0 : gap)
            if used + need <= width {
                chosen.append(column)
                used += need
            } else if chosen.isEmpty {
                return [(column, max(0, width))]
            }
        }
        var widths: [TableColumn: Int] = [:]
        for column in chosen { widths[column] = column.minimum }
        var spare = width - used
        // Grow each column toward its widest cell, most important first.
        for column in TableColumn.priority where chosen.contains(column) && spare > 0 {
            let ideal = min(column.maximum, max(column.minimum, widest[column] ?? 0))
            let grow = min(spare, ideal - column.minimum)
            if grow > 0 {
                widths[column, default: 0] += grow
                spare -= grow
            }
        }
        let ordered = TableColumn.allCases.filter { chosen.contains($0) }
        // Whatever is left goes to the last column so the selection bar spans the row.
        if spare > 0, let last = ordered.last { widths[last, default: 0] += spare }
        return ordered.map { ($0, widths[$0] ?? $0.minimum) }
    }
}
