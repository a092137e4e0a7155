import EngineAPI

/// The groups of a resource view that declares a `RowGrouping` (`:services` by stack): a row per group and engine
/// before its members, which `Enter` folds away and brings back.
///
/// A group's row is a `ResourceRow` of its own (`isGroup`, an ID no engine object has), so the cursor, scrolling
/// and the mouse need nothing new; the view's definition says what it shows (counts summed over its members).
public enum RowGroups {
    /// A group row's ID: `group:shop`. Swarm's IDs are 25 lower-case letters and digits, never with a colon.
    static let idPrefix = "group:"

    /// The row key of group `name` on `host`.
    public static func key(_ name: String, host: HostID) -> RowKey { RowKey(host: host, id: idPrefix + name) }

    /// Every member of every group, by the group's row key, in the order of `rows`.
    static func members(_ rows: [ResourceRow]) -> [RowKey: [ResourceRow]] {
        var members: [RowKey: [ResourceRow]] = [:]
        for row in rows {
            guard let group = row.group, !row.isGroup else { continue }
            members[key(group, host: row.host), default: []].append(row)
        }
        return members
    }

    /// `shown` (filtered and sorted) with each group's row where its first shown member was, and its other shown
    /// members right after it; a folded group shows its row alone. `all`: every row of the view, for the groups'
    /// figures (a filter narrows what is shown, not what a group holds).
    static func arrange(
        _ shown: [ResourceRow], all: [ResourceRow], grouping: RowGrouping, folded: Set<RowKey>
    ) -> [ResourceRow] {
        var allMembers: [RowKey: [ResourceRow]]?
        return GroupedRows.arrange(
            shown, group: { row in row.group.map { key($0, host: row.host) } }, folded: folded,
            groupRow: { groupKey, first in
                // Worked out once, and only when some shown row has a group.
                if allMembers == nil { allMembers = members(all) }
                guard let group = first.group else { return nil }
                return row(
                    group, host: first.host, members: allMembers?[groupKey] ?? [], grouping,
                    folded: folded.contains(groupKey))
            })
    }

    /// Group `name`'s row: what the view's grouping makes of its members, marked `▾` (open) or `▸` (folded).
    static func row(
        _ name: String, host: HostID, members: [ResourceRow], _ grouping: RowGrouping, folded: Bool
    ) -> ResourceRow {
        var row = grouping.row(name, host, members)
        row.host = host
        row.id = idPrefix + name
        row.group = name
        row.isGroup = true
        if !row.cells.isEmpty { row.cells[0] = (folded ? "▸ " : "▾ ") + row.cells[0] }
        return row
    }

    /// `Enter` on a group's row: folds it, or unfolds it.
    static func fold(_ row: ResourceRow, noun: String, _ state: inout AppState) {
        let view = state.view
        guard var viewState = state.resources[view], let group = row.group else { return }
        if viewState.folded.remove(row.key) == nil {
            viewState.folded.insert(row.key)
            state.status = StatusMessage("Folded \(noun) \(group); Enter unfolds it")
        } else {
            state.status = StatusMessage("Unfolded \(noun) \(group)")
        }
        viewState.selection = row.key
        state.resources[view] = viewState
    }
}
