/// The container table's columns, and how they share the width.
public enum TableColumn: CaseIterable, Hashable, Sendable {
    /// The engine's name, only while several engines are watched.
    case host
    case name
    case image
    case status
    /// Why a container keeps dying: restart count, last exit code and its meaning, health. Shown only while some
    /// row has something to say.
    case why
    case cpu
    case memory
    case ports
    case created
    case id

    // No raw string values: a raw-valued enum hashes its raw string, and every frame looks the columns of every row
    // up in dictionaries.
    /// The column's heading.
    public var title: String {
        switch self {
        case .host: return "HOST"
        case .name: return "NAME"
        case .image: return "IMAGE"
        case .status: return "STATUS"
        case .why: return "WHY"
        case .cpu: return "CPU %"
        case .memory: return "MEM"
        case .ports: return "PORTS"
        case .created: return "CREATED"
        case .id: return "CONTAINER ID"
        }
    }

    /// The column's place in `allCases`, for tables indexed by column.
    var index: Int {
        switch self {
        case .host: 0
        case .name: 1
        case .image: 2
        case .status: 3
        case .why: 4
        case .cpu: 5
        case .memory: 6
        case .ports: 7
        case .created: 8
        case .id: 9
        }
    }

    var minimum: Int {
        switch self {
        case .host: return 6
        case .name: return 10
        case .image: return 8
        case .status: return 12
        case .why: return 8
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
        case .why: return 36
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

    /// Which columns survive first when the terminal is narrow (STATUS, kept whatever the width, survives last).
    static let priority: [TableColumn] = [.name, .status, .host, .cpu, .memory, .why, .image, .ports, .created, .id]
}

/// What the layout rule needs to know of one column.
public struct ColumnNeed: Sendable, Equatable {
    public var minimum: Int
    /// Its widest cell (or title), within its bounds.
    public var ideal: Int
    /// How narrow it gives way to, so that a column in `givesWay` order can join (a long name before a figure).
    public var claim: Int
    /// Wide columns give way (down to their claim) before this one is dropped.
    public var isFigure: Bool
    /// No row has anything in it.
    public var isEmpty: Bool

    public init(minimum: Int, ideal: Int, claim: Int? = nil, isFigure: Bool = false, isEmpty: Bool = false) {
        self.minimum = max(1, minimum)
        self.ideal = max(self.minimum, ideal)
        self.claim = min(self.ideal, max(self.minimum, claim ?? ideal))
        self.isFigure = isFigure
        self.isEmpty = isEmpty
    }
}

/// Decides which columns show and how wide each is: one rule for every list.
///
/// Columns are dropped by usefulness, never by where they happen to be: they join most useful first, and once one
/// cannot join (not even at its minimum, after long names and images gave way to a figure column), no less useful
/// one does. A column empty in every row is the least useful of all, so it goes first; the `keep` column (the
/// container list's STATUS) goes last, after even the most useful other one has shrunk or gone.
public enum ColumnLayout {
    public static let gap = 2

    /// The width of each column in `needs` (nil: not shown); `usefulness` lists the indices most useful first.
    public static func widths(_ needs: [ColumnNeed], usefulness: [Int], keep: Int? = nil, width: Int) -> [Int?] {
        var widths = [Int?](repeating: nil, count: needs.count)
        guard width > 0, !needs.isEmpty else { return widths }
        let order = usefulness.filter { !needs[$0].isEmpty } + usefulness.filter { needs[$0].isEmpty }
        var chosen: [Int] = []
        var used = 0
        func need(_ columnWidth: Int) -> Int { columnWidth + (chosen.isEmpty ? 0 : gap) }
        for index in order {
            let column = needs[index]
            if used + need(column.ideal) > width, column.isFigure {
                // A long name or image gives way (down to its claim) before a figure column is dropped.
                for wide in chosen.reversed() where used + need(column.ideal) > width {
                    guard let current = widths[wide], current > needs[wide].claim else { continue }
                    let give = min(current - needs[wide].claim, used + need(column.ideal) - width)
                    widths[wide] = current - give
                    used -= give
                }
            }
            if used + need(column.ideal) <= width {
                used += need(column.ideal)
                widths[index] = column.ideal
                chosen.append(index)
                continue
            }
            // The first column that does not fit whole may still join at its minimum (an empty one is not worth
            // squeezing in); none after it joins.
            if !column.isEmpty, used + need(column.minimum) <= width {
                used += need(column.minimum)
                widths[index] = column.minimum
                chosen.append(index)
            }
            break
        }
        if let keep, widths[keep] == nil {
            // The kept column shows at its minimum: the others make room, least useful first; the last one standing
            // shrinks (to four columns) before it goes too.
            let keepWidth = min(needs[keep].minimum, width)
            while let last = chosen.last, used + gap + keepWidth > width {
                let current = widths[last] ?? 0
                let room = current - (used + gap + keepWidth - width)
                if chosen.count == 1, room >= 4 {
                    widths[last] = room
                    used -= current - room
                    break
                }
                used -= current + (chosen.count > 1 ? gap : 0)
                widths[last] = nil
                chosen.removeLast()
            }
            widths[keep] = chosen.isEmpty ? min(needs[keep].ideal, width) : keepWidth
            used += need(widths[keep] ?? 0)
            chosen.append(keep)
        }
        // What is left lets the most useful columns grow to their widest cell, then goes to the last column so the
        // selection bar spans the row.
        var spare = width - used
        for index in order where spare > 0 {
            guard let current = widths[index] else { continue }
            let grow = min(spare, needs[index].ideal - current)
            if grow > 0 {
                widths[index] = current + grow
                spare -= grow
            }
        }
        if spare > 0, let last = widths.lastIndex(where: { $0 != nil }) { widths[last] = (widths[last] ?? 0) + spare }
        return widths
    }

    /// Widths for the container list's visible columns in display order, given the widest cell of each column.
    /// Columns in `emptyColumns` (no row has anything in them) go first; columns in `hidden` never show.
    public static func layout(
        width: Int, widest: [TableColumn: Int], emptyColumns: Set<TableColumn> = [], hidden: Set<TableColumn> = []
    ) -> [(TableColumn, Int)] {
        // WHY joins only a table that measured it (the container table does, and hides it when no row has trouble).
        let columns = TableColumn.allCases.filter { !hidden.contains($0) && ($0 != .why || widest[.why] != nil) }
        let needs = columns.map { column in
            ColumnNeed(
                minimum: column.minimum, ideal: min(column.maximum, max(column.minimum, widest[column] ?? 0)),
                claim: column.claim, isFigure: column.isFigure, isEmpty: emptyColumns.contains(column))
        }
        let usefulness = TableColumn.priority.compactMap { columns.firstIndex(of: $0) }
        let widths = Self.widths(needs, usefulness: usefulness, keep: columns.firstIndex(of: .status), width: width)
        return zip(columns, widths).compactMap { column, width in width.map { (column, $0) } }
    }
}
