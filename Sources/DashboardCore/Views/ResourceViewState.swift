import EngineAPI

/// What one resource view holds: every engine's rows, where the cursor is, and the order.
public struct ResourceViewState: Sendable, Equatable {
    /// Every engine's rows, host by host in the order the hosts were given.
    public var rows: [ResourceRow] = []
    /// Engines whose list has arrived at least once.
    public var loaded: Set<HostID> = []
    /// Why an engine's list could not be fetched, until it can.
    public var errors: [HostID: String] = [:]
    public var selection: RowKey?
    public var scroll = 0
    public var sortColumn: Int
    public var descending: Bool

    public init(sortColumn: Int = 0, descending: Bool = false) {
        self.sortColumn = sortColumn
        self.descending = descending
    }

    public init(_ definition: ResourceViewDefinition) {
        self.init(sortColumn: definition.defaultSort, descending: definition.defaultDescending)
    }
}

/// News from a resource view's watcher.
public enum ResourceAction: Sendable, Equatable {
    /// One engine's whole list, every time it changes.
    case rows(ViewID, HostID, [ResourceRow])
    /// One engine's list could not be fetched.
    case failed(ViewID, HostID, String)
}

/// Commands of a resource view's key table.
public enum ResourceCommand: String, Sendable, CaseIterable {
    case moveDown = "move-down"
    case moveUp = "move-up"
    case first, last
    case pageDown = "page-down"
    case pageUp = "page-up"
    case filter
    case clearFilter = "clear-filter"
    case sortName = "sort-name"
    case sortNext = "sort-next"
    case sortReverse = "sort-reverse"
}

extension AppState {
    /// The resource view on screen, if the list is not the containers.
    public var resourceDefinition: ResourceViewDefinition? { ViewRegistry.definition(view) }

    /// The rows `view` shows: filtered by the filter, sorted by its sort column.
    public func visibleRows(_ view: ViewID) -> [ResourceRow] {
        guard let viewState = resources[view] else { return [] }
        let matcher = PlainTextMatcher(filter, caseSensitive: false)
        let rows =
            matcher.needle.isEmpty
            ? viewState.rows
            : viewState.rows.filter { row in
                row.cells.contains(where: matcher.matches) || matcher.matches(row.host.name)
                    || row.id.utf8.starts(with: matcher.needle)
            }
        let column = viewState.sortColumn
        let descending = viewState.descending
        return rows.sorted { a, b in
            let x = column < a.sortValues.count ? a.sortValues[column] : .none
            let y = column < b.sortValues.count ? b.sortValues[column] : .none
            if x != y {
                if x == .none { return false }
                if y == .none { return true }
                return descending ? y < x : x < y
            }
            let first = a.cells.first ?? ""
            let second = b.cells.first ?? ""
            if first != second { return first < second }
            return a.host != b.host ? a.host < b.host : a.id < b.id
        }
    }
}

/// The reducer and keys of every resource view.
enum ResourceViews {
    static func reduce(_ state: inout AppState, _ action: ResourceAction) {
        switch action {
        case .rows(let view, let host, let rows):
            guard state.host(host) != nil, let definition = ViewRegistry.definition(view) else { return }
            var viewState = state.resources[view] ?? ResourceViewState(definition)
            let order = Dictionary(state.hosts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            var all = viewState.rows.filter { $0.host != host }
            all.append(
                contentsOf: rows.map { row in
                    var row = row
                    row.host = host
                    return row
                })
            if state.hosts.count > 1 {
                all.sort { (order[$0.host] ?? .max) < (order[$1.host] ?? .max) }
            }
            viewState.rows = all
            viewState.loaded.insert(host)
            viewState.errors[host] = nil
            state.resources[view] = viewState
            keepSelection(&state, view)
        case .failed(let view, let host, let message):
            guard state.host(host) != nil, let definition = ViewRegistry.definition(view) else { return }
            var viewState = state.resources[view] ?? ResourceViewState(definition)
            viewState.errors[host] = message
            state.resources[view] = viewState
        }
    }

    /// Shows `view` (`:images`); the container list when `view` is `containers`.
    static func show(_ view: ViewID, _ state: inout AppState) {
        guard view != state.view else { return }
        state.view = view
        state.filter = ""
        state.focus = .list
        state.zoomed = false
        if view != .containers {
            state.pane = nil
            if state.resources[view] == nil, let definition = ViewRegistry.definition(view) {
                state.resources[view] = ResourceViewState(definition)
            }
            keepSelection(&state, view)
        }
    }

    static func run(_ command: ResourceCommand, _ state: inout AppState) -> [Effect] {
        let view = state.view
        guard var viewState = state.resources[view] else { return [] }
        let rows = state.visibleRows(view)
        let position = rows.firstIndex { $0.key == viewState.selection } ?? 0
        let page = max(1, state.listHeight)
        func select(_ index: Int) {
            guard !rows.isEmpty else { return }
            viewState.selection = rows[min(max(index, 0), rows.count - 1)].key
        }
        switch command {
        case .moveDown: select(position + 1)
        case .moveUp: select(position - 1)
        case .first: select(0)
        case .last: select(rows.count - 1)
        case .pageDown: select(position + page)
        case .pageUp: select(position - page)
        case .filter:
            state.mode = .filtering
            state.filterSelected = !state.filter.isEmpty
        case .clearFilter: state.filter = ""
        case .sortName:
            if viewState.sortColumn == 0 {
                viewState.descending.toggle()
            } else {
                viewState.sortColumn = 0
                viewState.descending = false
            }
        case .sortNext:
            let count = ViewRegistry.definition(view)?.columns.count ?? 1
            viewState.sortColumn = (viewState.sortColumn + 1) % max(1, count)
            viewState.descending = false
        case .sortReverse: viewState.descending.toggle()
        }
        state.resources[view] = viewState
        keepSelection(&state, view)
        return []
    }

    /// Keeps the cursor on a visible row, and that row on screen.
    static func keepSelection(_ state: inout AppState, _ view: ViewID) {
        guard var viewState = state.resources[view] else { return }
        let rows = state.visibleRows(view)
        if !rows.contains(where: { $0.key == viewState.selection }) { viewState.selection = rows.first?.key }
        let height = state.listHeight
        if let index = rows.firstIndex(where: { $0.key == viewState.selection }) {
            if index < viewState.scroll { viewState.scroll = index }
            if index >= viewState.scroll + height { viewState.scroll = index - height + 1 }
        }
        viewState.scroll = max(0, min(viewState.scroll, max(0, rows.count - height)))
        state.resources[view] = viewState
    }
}
