import EngineAPI
import TerminalUI

/// The name of one kind of list berth shows: `containers`, `images`, … (what `:` takes).
public struct ViewID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var name: String

    public init(_ name: String) {
        self.name = name
    }

    /// The container list: berth's first view, with its own stats, panes and commands.
    public static let containers = ViewID("containers")

    public var description: String { name }
    public static func < (a: ViewID, b: ViewID) -> Bool { a.name < b.name }
}

/// A value a column sorts by.
public enum SortValue: Sendable, Equatable, Comparable {
    case number(Double)
    case text(String)
    /// Nothing to sort by: stays below the others in both directions.
    case none
}

/// How a row looks: most rows are plain; some say they are unused or in trouble.
public enum RowTone: Sendable, Equatable {
    case normal
    /// Unused, dangling, or otherwise of little weight.
    case dim
    case warning
}

/// One row of a view other than the containers: what each column says, and what it sorts by.
public struct ResourceRow: Sendable, Equatable {
    public var host: HostID
    /// The engine's ID (or name, for objects named by their name).
    public var id: String
    /// One text per column of the view, worded for people; `TerminalText` makes them safe when drawn.
    public var cells: [String]
    /// One value per column, for sorting.
    public var sortValues: [SortValue]
    public var tone: RowTone

    public init(host: HostID, id: String, cells: [String], sortValues: [SortValue], tone: RowTone = .normal) {
        self.host = host
        self.id = id
        self.cells = cells
        self.sortValues = sortValues
        self.tone = tone
    }

    /// This row among all views' rows: view, host and ID.
    public var key: RowKey { RowKey(host: host, id: id) }
}

/// A row of a resource view on its engine (two engines can hold an image with the same ID).
public struct RowKey: Hashable, Sendable {
    public var host: HostID
    public var id: String
}

/// One column of a resource view.
public struct ColumnSpec: Sendable, Equatable {
    public var title: String
    public var minimum: Int
    public var maximum: Int
    /// Numbers line up on the right.
    public var alignRight: Bool
    /// Lower goes first when the screen is narrow; the first column is never dropped.
    public var priority: Int

    public init(_ title: String, minimum: Int, maximum: Int, alignRight: Bool = false, priority: Int) {
        self.title = title
        self.minimum = minimum
        self.maximum = maximum
        self.alignRight = alignRight
        self.priority = priority
    }
}

/// Everything berth needs to know to show one kind of engine object as a live list: what to ask the engine,
/// which events change it, and how to turn the answer into rows.
///
/// Adding a view is a file with one of these and one line in `ViewRegistry.resourceViews`; the watcher, the table,
/// the keys, the filter, the sort, the HOST column and the `:` command come with it.
public struct ResourceViewDefinition: Sendable {
    public var id: ViewID
    /// What the header and help call it, e.g. `images`.
    public var title: String
    public var columns: [ColumnSpec]
    /// The column the list is sorted by at first, and whether highest first.
    public var defaultSort: Int
    public var defaultDescending: Bool
    /// The request that lists every object (for one engine).
    public var request: EngineRequest
    /// `/events` types after which the list is fetched again (`image`, `volume`, …).
    public var eventTypes: [String]
    /// How often the whole list is fetched anyway, in seconds (events can be missed across reconnects).
    public var reconcileSeconds: Int
    /// The engine's answer as rows; `now` is Unix seconds, for relative times.
    public var rows: @Sendable (_ body: [UInt8], _ host: HostID, _ now: Int64) throws -> [ResourceRow]

    public init(
        id: ViewID, title: String, columns: [ColumnSpec], defaultSort: Int = 0, defaultDescending: Bool = false,
        request: EngineRequest, eventTypes: [String], reconcileSeconds: Int = 60,
        rows: @escaping @Sendable (_ body: [UInt8], _ host: HostID, _ now: Int64) throws -> [ResourceRow]
    ) {
        self.id = id
        self.title = title
        self.columns = columns
        self.defaultSort = defaultSort
        self.defaultDescending = defaultDescending
        self.request = request
        self.eventTypes = eventTypes
        self.reconcileSeconds = reconcileSeconds
        self.rows = rows
    }
}
