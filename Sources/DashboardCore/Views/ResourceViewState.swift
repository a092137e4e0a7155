import EngineAPI
import TerminalUI

/// What one resource view holds: every engine's rows, where the cursor is, and the order.
public struct ResourceViewState: Sendable, Equatable {
    /// Every engine's rows, host by host in the order the hosts were given, completed with what berth knows
    /// besides the list (`ResourceViewDefinition.complete`).
    public var rows: [ResourceRow] = []
    /// Each engine's rows as its list made them, before they are completed.
    public var engineRows: [HostID: [ResourceRow]] = [:]
    /// When each engine's list was last fetched (Unix seconds), for views that do not follow events.
    public var fetchedAt: [HostID: Int64] = [:]
    /// Each engine's last measurement (`ResourceViewDefinition.measure`).
    public var measurements: [HostID: Measurement] = [:]
    /// Engines measuring now.
    public var measuring: Set<HostID> = []
    /// Why an engine's measurement failed, until it succeeds.
    public var measureErrors: [HostID: String] = [:]
    /// Rows being removed, with how the question named them.
    public var removing: [RowKey: String] = [:]
    /// Engines whose list has arrived at least once.
    public var loaded: Set<HostID> = []
    /// Why an engine's list could not be fetched, until it can.
    public var errors: [HostID: String] = [:]
    public var selection: RowKey?
    public var scroll = 0
    /// Only the rows of this scope are shown (`:tasks` of one service or node); nil shows them all.
    public var scope: RowScope?
    /// The groups whose members are folded away (`RowGroups`), by their rows' keys.
    public var folded: Set<RowKey> = []
    public var sortColumn: Int
    public var descending: Bool
    /// The rows as shown (filtered and sorted) and each column's widest cell, kept from the end of the last action
    /// while the rows, the filter and the order stay the same: a key that only moves the cursor over a thousand
    /// rows neither sorts nor measures them again.
    public var shown: ShownRows?

    public init(sortColumn: Int = 0, descending: Bool = false) {
        self.sortColumn = sortColumn
        self.descending = descending
    }

    public init(_ definition: ResourceViewDefinition) {
        self.init(sortColumn: definition.defaultSort, descending: definition.defaultDescending)
    }
}

/// A part of a view's rows: those whose `scopes` name `key`, called `label` in the header.
public struct RowScope: Sendable, Equatable, Hashable {
    public var key: String
    public var label: String

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}

/// A view's rows as shown, and what they were made from.
public struct ShownRows: Sendable, Equatable {
    public var filter: String
    public var sortColumn: Int
    public var descending: Bool
    /// The part of the view they show (`:tasks` of one service or node).
    public var scope: RowScope?
    /// The groups folded when they were made.
    public var folded: Set<RowKey> = []
    /// How many of the view's objects they show, folded away or not (group rows are not objects).
    public var objects = 0
    /// The view's `rows` they were made from.
    public var source: [ResourceRow]
    public var rows: [ResourceRow]
    /// Per column, the widest cell's display width (at least the title's plus one) and whether every cell is empty.
    public var widest: [Int]
    public var empty: [Bool]

    /// Whether they still show `viewState` under `filter`. Comparing `source` costs little: equal arrays that share
    /// storage (the usual case, as nothing changed them) compare at once.
    func matches(_ viewState: ResourceViewState, filter: String) -> Bool {
        self.filter == filter && sortColumn == viewState.sortColumn && descending == viewState.descending
            && scope == viewState.scope && folded == viewState.folded && source == viewState.rows
    }
}

/// News from a resource view's watcher.
public enum ResourceAction: Sendable, Equatable {
    /// One engine's whole list, every time it changes.
    case rows(ViewID, HostID, [ResourceRow])
    /// One engine's list could not be fetched.
    case failed(ViewID, HostID, String)
    /// One engine's list was fetched at `at` (Unix seconds).
    case fetched(ViewID, HostID, at: Int64)
    /// One engine's measurement.
    case measured(ViewID, HostID, Measurement)
    case measureFailed(ViewID, HostID, String)
    /// An object's whole document, pretty-printed, or why it could not be fetched.
    case inspected(HostID, reference: String, lines: [String])
    case inspectFailed(HostID, reference: String, String)
    /// A removal's result.
    case removed(RemovalRequest, RemovalOutcome)
    /// What the open question before `RemovalRequest` adds, fetched when it opened (a service's running tasks by
    /// name); nil leaves the question as it is.
    case removalDetailed(RemovalRequest, note: String?)
    /// One engine's prune preview.
    case prunePreviewed(HostID, PrunePreview)
    case prunePreviewFailed(PruneKind, HostID, String)
    /// One engine's prune, against its preview.
    case pruned(PruneKind, HostID, PruneOutcome)
    case pruneFailed(PruneKind, HostID, String)
    /// A Swarm change's answer: done (with the engine's warnings), refused or failed.
    case swarmFinished(SwarmRequest, RemovalOutcome)
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
    /// `D`: remove the selected object (asks first).
    case remove
    /// `P`: prune what this view shows (preview first).
    case prune
    /// `R`: measure again (sizes), or fetch again a view that does not follow events.
    case refresh
    /// `Enter`: the selected object's whole document.
    case inspect
    /// `L`: the selected image's layers (`/images/{id}/history`).
    case history
}

extension AppState {
    /// The resource view on screen, if the list is not the containers.
    public var resourceDefinition: ResourceViewDefinition? { ViewRegistry.definition(view) }

    /// The rows `view` shows: filtered by the filter, sorted by its sort column.
    public func visibleRows(_ view: ViewID) -> [ResourceRow] {
        guard let viewState = resources[view] else { return [] }
        if let shown = viewState.shown, shown.matches(viewState, filter: filter) { return shown.rows }
        return Self.arranged(viewState, filter: filter, grouping: ViewRegistry.definition(view)?.grouping).rows
    }

    /// How many of `view`'s objects the filter shows, those of folded groups included; group rows are not counted.
    public func shownObjectCount(_ view: ViewID) -> Int {
        guard let viewState = resources[view] else { return 0 }
        if let shown = viewState.shown, shown.matches(viewState, filter: filter) { return shown.objects }
        return Self.arranged(viewState, filter: filter, grouping: ViewRegistry.definition(view)?.grouping).objects
    }

    /// The rows as shown (filtered, sorted, then grouped when the view groups them), and how many objects they
    /// show.
    static func arranged(
        _ viewState: ResourceViewState, filter: String, grouping: RowGrouping?
    ) -> (rows: [ResourceRow], objects: Int) {
        let rows = filteredAndSorted(viewState, filter: filter)
        guard let grouping else { return (rows, rows.count) }
        return (RowGroups.arrange(rows, all: viewState.rows, grouping: grouping, folded: viewState.folded), rows.count)
    }

    /// The widest cell of each of `view`'s columns among the rows it shows, and whether a column is empty in all.
    public func shownColumnWidths(_ view: ViewID) -> (widest: [Int], empty: [Bool])? {
        guard let viewState = resources[view], let shown = viewState.shown, shown.matches(viewState, filter: filter)
        else { return nil }
        return (shown.widest, shown.empty)
    }

    static func filteredAndSorted(_ viewState: ResourceViewState, filter: String) -> [ResourceRow] {
        let matcher = PlainTextMatcher(filter, caseSensitive: false)
        let scoped = viewState.scope.map { scope in viewState.rows.filter { $0.scopes.contains(scope.key) } }
        let rows =
            matcher.needle.isEmpty
            ? scoped ?? viewState.rows
            : (scoped ?? viewState.rows).filter { row in
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

extension AppState {
    /// Whether a view other than the container list shows a "… seconds ago" cell: the clock should then tick each
    /// second, for that cell's first minute.
    public var viewCountsSeconds: Bool {
        guard view != .containers, let rows = resources[view]?.rows else { return false }
        return rows.contains { row in row.ages.values.contains { (0..<60).contains(now - $0) } }
    }
}

/// The reducer and keys of every resource view.
enum ResourceViews {
    static func reduce(_ state: inout AppState, _ action: ResourceAction) -> [Effect] {
        switch action {
        case .rows(let view, let host, let rows):
            guard state.host(host) != nil, let definition = ViewRegistry.definition(view) else { return [] }
            var viewState = state.resources[view] ?? ResourceViewState(definition)
            viewState.engineRows[host] = rows.map { row in
                var row = row
                row.host = host
                return row
            }
            viewState.loaded.insert(host)
            viewState.errors[host] = nil
            let unmeasured =
                definition.measure != nil && viewState.measurements[host] == nil
                && !viewState.measuring.contains(host) && viewState.measureErrors[host] == nil
            state.resources[view] = viewState
            rebuild(&state, view)
            // An engine that was not connected when the view opened is measured once its list arrives.
            if unmeasured, state.view == view { return measure(view, hosts: [host], &state) }
        case .failed(let view, let host, let message):
            guard state.host(host) != nil, let definition = ViewRegistry.definition(view) else { return [] }
            var viewState = state.resources[view] ?? ResourceViewState(definition)
            viewState.errors[host] = message
            state.resources[view] = viewState
        case .fetched(let view, let host, let at):
            state.resources[view]?.fetchedAt[host] = at
        case .measured(let view, let host, let measurement):
            guard state.host(host) != nil, state.resources[view] != nil else { return [] }
            state.resources[view]?.measurements[host] = measurement
            state.resources[view]?.measuring.remove(host)
            state.resources[view]?.measureErrors[host] = nil
            rebuild(&state, view)
        case .measureFailed(let view, let host, let message):
            state.resources[view]?.measuring.remove(host)
            state.resources[view]?.measureErrors[host] = message
        case .inspected(let host, let reference, let lines):
            guard case .resourceDialog(.inspect(var overlay)) = state.mode, overlay.host == host,
                overlay.reference == reference
            else { return [] }
            overlay.lines = lines
            state.mode = .resourceDialog(.inspect(overlay))
        case .inspectFailed(let host, let reference, let message):
            guard case .resourceDialog(.inspect(var overlay)) = state.mode, overlay.host == host,
                overlay.reference == reference
            else { return [] }
            overlay.error = message
            state.mode = .resourceDialog(.inspect(overlay))
        case .removed(let request, let outcome):
            return ResourceRemoval.finished(request, outcome, &state)
        case .removalDetailed(let request, let note):
            ResourceRemoval.detailed(request, note: note, &state)
        case .prunePreviewed, .prunePreviewFailed, .pruned, .pruneFailed:
            return Prune.reduce(action, &state)
        case .swarmFinished(let request, let outcome):
            return SwarmActions.finished(request, outcome, &state)
        }
        return []
    }

    /// Completes every engine's rows of `view` again, hosts in the order they were given.
    static func rebuild(_ state: inout AppState, _ view: ViewID) {
        guard let definition = ViewRegistry.definition(view), var viewState = state.resources[view] else { return }
        var rows: [ResourceRow] = []
        let order = state.hosts.map(\.id)
        let hosts = order.filter { viewState.engineRows[$0] != nil }
        for host in hosts {
            guard let engineRows = viewState.engineRows[host] else { continue }
            guard let complete = definition.complete else {
                rows += engineRows
                continue
            }
            let known = state.containersKnown.contains(host)
            let context = RowContext(
                usage: known ? ContainerUsage(state.containers.filter { $0.host == host }) : nil,
                measurement: viewState.measurements[host])
            for var row in engineRows {
                complete(&row, context)
                rows.append(row)
            }
        }
        viewState.rows = rows
        state.resources[view] = viewState
        keepSelection(&state, view)
    }

    /// The clock moved: the view on screen words its "… ago" cells again, and its rows are rebuilt only when one
    /// of them now says something else (at most once a minute per row, once they are a minute old).
    static func age(_ state: inout AppState) {
        let view = state.view
        guard view != .containers, var viewState = state.resources[view] else { return }
        var changed = false
        for (host, rows) in viewState.engineRows {
            var aged = rows
            var hostChanged = false
            for index in aged.indices where !aged[index].ages.isEmpty {
                if aged[index].age(now: state.now) { hostChanged = true }
            }
            if hostChanged {
                viewState.engineRows[host] = aged
                changed = true
            }
        }
        guard changed else { return }
        state.resources[view] = viewState
        rebuild(&state, view)
    }

    /// One engine's containers changed: the views that count containers count again.
    static func containersChanged(_ state: inout AppState, host: HostID) {
        for (view, viewState) in state.resources where viewState.engineRows[host] != nil {
            if ViewRegistry.definition(view)?.complete != nil { rebuild(&state, view) }
        }
    }

    /// Shows `view` (`:images`); the container list when `view` is `containers`.
    @discardableResult
    static func show(_ view: ViewID, _ state: inout AppState) -> [Effect] {
        guard view != state.view else {
            // `:containers` over the list: the list comes back from under a pane zoomed over it (`:events`).
            if view == .containers, state.zoomed {
                state.zoomed = false
                state.focus = .list
            }
            return []
        }
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
            // Expensive figures are measured the first time the view opens; `R` measures again.
            if let viewState = state.resources[view], ViewRegistry.definition(view)?.measure != nil {
                let unmeasured = state.hosts.filter(\.isConnected).map(\.id).filter {
                    viewState.measurements[$0] == nil && !viewState.measuring.contains($0)
                }
                return measure(view, hosts: unmeasured, &state)
            }
        }
        return []
    }

    /// Asks `hosts` to measure `view` again.
    static func measure(_ view: ViewID, hosts: [HostID], _ state: inout AppState) -> [Effect] {
        // An engine measuring already is not asked twice.
        let measuring = state.resources[view]?.measuring ?? []
        let hosts = hosts.filter { !measuring.contains($0) }
        guard !hosts.isEmpty else { return [] }
        state.resources[view]?.measuring.formUnion(hosts)
        return [.resources(.measure(view, hosts: hosts))]
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
        case .remove:
            return ResourceRemoval.ask(&state)
        case .prune:
            guard let definition = ViewRegistry.definition(view), let choose = definition.pruneKind else { return [] }
            let selected = rows.first { $0.key == viewState.selection }
            guard let kind = choose(selected) else {
                state.status = StatusMessage("Nothing to prune here", kind: .error)
                return []
            }
            return Prune.start(kind, &state)
        case .inspect:
            if let grouping = ViewRegistry.definition(view)?.grouping,
                let row = rows.first(where: { $0.key == viewState.selection }), row.isGroup
            {
                RowGroups.fold(row, noun: grouping.noun, &state)
                keepSelection(&state, view)
                return []
            }
            if view == TasksView.id, let row = rows.first(where: { $0.key == viewState.selection }),
                let effects = SwarmActions.jumpToContainer(row, &state)
            {
                return effects
            }
            guard let definition = ViewRegistry.definition(view), definition.inspect != nil,
                let row = rows.first(where: { $0.key == viewState.selection }), let target = row.removal
            else { return [] }
            let title = state.showsHosts ? "\(target.label) on \(row.host.name)" : target.label
            state.mode = .resourceDialog(
                .inspect(InspectOverlay(title: title, host: row.host, reference: target.reference)))
            return [.resources(.inspect(view, host: row.host, reference: target.reference))]
        case .history:
            guard view == ImagesView.id, let row = rows.first(where: { $0.key == viewState.selection }),
                let target = row.removal
            else { return [] }
            let title = state.showsHosts ? "\(target.label) on \(row.host.name)" : target.label
            var overlay = InspectOverlay(title: title, host: row.host, reference: target.reference)
            overlay.kind = "layers of"
            state.mode = .resourceDialog(.inspect(overlay))
            return [.resources(.history(host: row.host, reference: target.reference))]
        case .refresh:
            guard let definition = ViewRegistry.definition(view) else { return [] }
            let hosts = state.hosts.filter(\.isConnected).map(\.id)
            if definition.measure != nil { return measure(view, hosts: hosts, &state) }
            guard !definition.isLive, !hosts.isEmpty else { return [] }
            return [.resources(.fetch(view, hosts: hosts))]
        }
        state.resources[view] = viewState
        keepSelection(&state, view)
        return []
    }

    /// Whether a key of the `resources` table does something in the view on screen (else its hint is left out).
    static func applies(_ command: String, _ state: AppState) -> Bool {
        guard let definition = state.resourceDefinition else { return false }
        switch ResourceCommand(rawValue: command) {
        case .remove?: return !state.readOnly && definition.removes
        case .prune?: return !state.readOnly && definition.pruneKind != nil
        case .refresh?: return definition.measure != nil || !definition.isLive
        case .inspect?: return definition.inspect != nil
        case .history?: return definition.id == ImagesView.id
        default: return true
        }
    }

    /// Makes the shown rows of the view on screen current again, after an action changed its rows, the filter or
    /// the order (`ShownRows`); nothing to do when none of them changed.
    static func refreshShown(_ state: inout AppState) {
        let view = state.view
        guard view != .containers, let definition = ViewRegistry.definition(view), var viewState = state.resources[view]
        else { return }
        if let shown = viewState.shown, shown.matches(viewState, filter: state.filter) { return }
        let (rows, objects) = AppState.arranged(viewState, filter: state.filter, grouping: definition.grouping)
        // The columns fit the rows as if every group were unfolded: folding a stack does not move the columns.
        var measured = rows
        if !viewState.folded.isEmpty {
            var unfolded = viewState
            unfolded.folded = []
            measured = AppState.arranged(unfolded, filter: state.filter, grouping: definition.grouping).rows
        }
        var widest = definition.columns.map { TerminalText.width($0.title) + 1 }
        var empty = definition.columns.map { _ in !measured.isEmpty }
        for row in measured {
            for (index, text) in row.cells.enumerated() where index < widest.count {
                widest[index] = max(widest[index], TerminalText.width(text))
                if !text.isEmpty { empty[index] = false }
            }
        }
        viewState.shown = ShownRows(
            filter: state.filter, sortColumn: viewState.sortColumn, descending: viewState.descending,
            scope: viewState.scope, folded: viewState.folded, objects: objects, source: viewState.rows, rows: rows,
            widest: widest, empty: empty)
        state.resources[view] = viewState
    }

    /// Keeps the cursor on a visible row, and that row on screen.
    static func keepSelection(_ state: inout AppState, _ view: ViewID) {
        guard var viewState = state.resources[view] else { return }
        let rows = state.visibleRows(view)
        if !rows.contains(where: { $0.key == viewState.selection }) {
            // What the filter found, rather than the group row it brought along: `/web` then `s` scales web.
            let found = state.filter.isEmpty ? nil : rows.first { !$0.isGroup }
            viewState.selection = (found ?? rows.first)?.key
        }
        let height = state.listHeight
        if let index = rows.firstIndex(where: { $0.key == viewState.selection }) {
            if index < viewState.scroll { viewState.scroll = index }
            if index >= viewState.scroll + height { viewState.scroll = index - height + 1 }
        }
        viewState.scroll = max(0, min(viewState.scroll, max(0, rows.count - height)))
        state.resources[view] = viewState
    }
}
