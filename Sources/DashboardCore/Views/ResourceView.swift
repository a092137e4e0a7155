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
    /// What `D` removes when this row is selected; nil when it cannot be removed from here.
    public var removal: RemovalTarget?
    /// Containers the engine's own list names as users of the object (Podman's networks), joined with what the
    /// container list says.
    public var listedUsers: [String] = []
    /// The scopes the row belongs to (`service:ID`, `node:ID` for a Swarm task): a view narrowed to a scope
    /// (`ResourceViewState.scope`) shows only its rows.
    public var scopes: [String] = []
    /// The group the row belongs to in a view that groups its rows (`RowGrouping`: a service's stack); nil stands
    /// alone. A group's own row carries its name too, with `isGroup`.
    public var group: String?
    /// Whether this is a group's row (`▾ shop`), which stands for its members rather than an engine object.
    public var isGroup = false
    /// The cells that say how long ago something happened (`3 minutes ago`), by column, with that moment in Unix
    /// seconds: they are worded again as the clock moves, as the container list's CREATED is.
    public var ages: [Int: Int64] = [:]

    public init(
        host: HostID, id: String, cells: [String], sortValues: [SortValue], tone: RowTone = .normal,
        removal: RemovalTarget? = nil
    ) {
        self.host = host
        self.id = id
        self.cells = cells
        self.sortValues = sortValues
        self.tone = tone
        self.removal = removal
    }

    /// Column `index` says how long before `now` the moment `time` was (`-` without one), and goes on saying it.
    public func aging(_ index: Int, _ time: Int64?, now: Int64) -> ResourceRow {
        var row = self
        guard index < row.cells.count else { return row }
        row.cells[index] = RelativeTime.ago(time, now: now)
        row.ages[index] = time
        return row
    }

    /// Words the aging cells again for `now`; false when none changed.
    mutating func age(now: Int64) -> Bool {
        var changed = false
        for (index, time) in ages where index < cells.count {
            let text = RelativeTime.ago(time, now: now)
            if text != cells[index] {
                cells[index] = text
                changed = true
            }
        }
        return changed
    }

    /// Sets column `index` to `text`, sorted by `sort`.
    public mutating func set(_ index: Int, _ text: String, sort: SortValue) {
        guard index < cells.count, index < sortValues.count else { return }
        cells[index] = text
        sortValues[index] = sort
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
    /// How often the whole list is fetched anyway, in seconds (events can be missed across reconnects); 0 never
    /// (the list is fetched when the view opens and on `R`).
    public var reconcileSeconds: Int
    /// The engine's answer as rows; `now` is Unix seconds, for relative times.
    public var rows: @Sendable (_ body: [UInt8], _ host: HostID, _ now: Int64) throws -> [ResourceRow]
    /// Fills in what the engine's list lacks from what berth knows of that engine besides: which containers use the
    /// object (from the container list), what was measured (`measure`). Run again whenever either changes.
    public var complete: (@Sendable (_ row: inout ResourceRow, _ context: RowContext) -> Void)?
    /// Figures too expensive to fetch with the list (volume sizes from `/system/df`): fetched once when the view
    /// first opens and again on `R`, and said how old they are.
    public var measure: MeasureSpec?
    /// What `P` prunes here, given the selected row (`:df` prunes the kind of its row).
    public var pruneKind: (@Sendable (_ selected: ResourceRow?) -> PruneKind?)?
    /// Whether its rows can be removed with `D` (they carry a `RemovalTarget`).
    public var removes: Bool
    /// Whether the header counts the rows (`12 images`); `:df`'s rows are figures, not objects.
    public var countsRows: Bool
    /// The request for an object's whole document (`Enter`), from what its `RemovalTarget` names it by.
    public var inspect: (@Sendable (_ reference: String) -> EngineRequest)?
    /// More lists the rows are made from besides `request` (a task names its service and node by ID): fetched
    /// with it each time, and given to `relatedRows`, which then makes the rows instead of `rows`.
    public var related: [EngineRequest] = []
    public var relatedRows:
        (@Sendable (_ body: [UInt8], _ related: [[UInt8]], _ host: HostID, _ now: Int64) throws -> [ResourceRow])?
    /// What the question before a removal adds that the list cannot say cheaply, fetched only when the question
    /// opens (`:services` names a service's running tasks and their nodes, from a manager's largest lists).
    public var removalDetail: RemovalDetail?
    /// How often the list is fetched while it moves (an event arrived or the last fetch changed it, recently);
    /// 0: always at `reconcileSeconds`. Swarm's running counts move without events of their own.
    public var busyReconcileSeconds = 0
    /// How often the list is fetched once it has not moved for a minute; 0: at `reconcileSeconds` still. Only with
    /// `busyReconcileSeconds`: the pace quickens again at the first event or changed answer.
    public var calmReconcileSeconds = 0
    /// Words a failure of the list for people (a Swarm worker's refusal is no error, only the wrong node to ask).
    public var explainFailure: (@Sendable (_ error: EngineError) -> String?)?
    /// Groups the rows under a row per group, which `Enter` folds (`:services` by stack); nil: no groups.
    public var grouping: RowGrouping?
    /// The lines `Enter` shows of an object's document, when not the whole document as the engine sent it (a
    /// config's data decoded, a secret's data left out).
    public var inspectLines: (@Sendable (_ document: JSONValue) -> [String])?

    public init(
        id: ViewID, title: String, columns: [ColumnSpec], defaultSort: Int = 0, defaultDescending: Bool = false,
        request: EngineRequest, eventTypes: [String], reconcileSeconds: Int = 60,
        rows: @escaping @Sendable (_ body: [UInt8], _ host: HostID, _ now: Int64) throws -> [ResourceRow],
        complete: (@Sendable (_ row: inout ResourceRow, _ context: RowContext) -> Void)? = nil,
        measure: MeasureSpec? = nil, pruneKind: (@Sendable (_ selected: ResourceRow?) -> PruneKind?)? = nil,
        removes: Bool = false, countsRows: Bool = true,
        inspect: (@Sendable (_ reference: String) -> EngineRequest)? = nil
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
        self.complete = complete
        self.measure = measure
        self.pruneKind = pruneKind
        self.removes = removes
        self.countsRows = countsRows
        self.inspect = inspect
    }

    /// Whether the list follows `/events`; one that does not is fetched when the view opens and on `R`.
    public var isLive: Bool { !eventTypes.isEmpty }
}

/// A figure of a row that berth measured on request, with the value it sorts by.
public struct Figure: Sendable, Equatable {
    public var text: String
    public var sort: SortValue

    public init(_ text: String, sort: SortValue) {
        self.text = text
        self.sort = sort
    }
}

/// What one engine measured for a view, and when (Unix seconds).
public struct Measurement: Sendable, Equatable {
    public var at: Int64
    /// By row ID, the figures of the view's measured columns.
    public var figures: [String: [Figure]]

    public init(at: Int64, figures: [String: [Figure]]) {
        self.at = at
        self.figures = figures
    }
}

/// An expensive request behind some of a view's columns, fetched only on request.
public struct MeasureSpec: Sendable {
    /// What the header calls the measured figures: `sizes`.
    public var what: String
    public var request: EngineRequest
    /// The answer as figures by row ID.
    public var read: @Sendable (_ body: [UInt8]) throws -> [String: [Figure]]

    public init(
        what: String, request: EngineRequest, read: @escaping @Sendable (_ body: [UInt8]) throws -> [String: [Figure]]
    ) {
        self.what = what
        self.request = request
        self.read = read
    }
}

/// What a view's `complete` knows about a row's engine besides the list.
public struct RowContext: Sendable {
    /// Who uses what, from the engine's container list; nil until that list has arrived.
    public var usage: ContainerUsage?
    /// The view's last measurement on this engine, if any.
    public var measurement: Measurement?

    public init(usage: ContainerUsage?, measurement: Measurement?) {
        self.usage = usage
        self.measurement = measurement
    }
}

/// How a view groups its rows: a row per group (per engine) before its members, folded or unfolded by `Enter`
/// (`RowGroups`). Rows name their group in `ResourceRow.group`; rows without one stand alone.
public struct RowGrouping: Sendable {
    /// What messages call a group: `stack`.
    public var noun: String
    /// The group's row, from all its members on one engine (shown or not): its cells (the first names the group;
    /// the fold mark is put before it), sort values, tone and removal. Its ID and `isGroup` are set for it.
    public var row: @Sendable (_ name: String, _ host: HostID, _ members: [ResourceRow]) -> ResourceRow

    public init(
        noun: String, row: @escaping @Sendable (_ name: String, _ host: HostID, _ members: [ResourceRow]) -> ResourceRow
    ) {
        self.noun = noun
        self.row = row
    }
}

/// The requests behind a removal question's note, and the note made from their answers
/// (`ResourceViewDefinition.removalDetail`).
public struct RemovalDetail: Sendable {
    /// Whether the question for `target` needs them (a stack's question names its services, not their tasks).
    public var applies: @Sendable (_ target: RemovalTarget) -> Bool
    public var requests: @Sendable (_ target: RemovalTarget) -> [EngineRequest]
    /// The note, from each request's answer in order; nil keeps the one the question opened with.
    public var note: @Sendable (_ target: RemovalTarget, _ answers: [[UInt8]]) throws -> String?

    public init(
        applies: @escaping @Sendable (_ target: RemovalTarget) -> Bool,
        requests: @escaping @Sendable (_ target: RemovalTarget) -> [EngineRequest],
        note: @escaping @Sendable (_ target: RemovalTarget, _ answers: [[UInt8]]) throws -> String?
    ) {
        self.applies = applies
        self.requests = requests
        self.note = note
    }
}
