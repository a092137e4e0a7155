/// Puts group rows among the rows of a list: the container list's Compose projects and pods (`ProjectGrouping`),
/// a resource view's groups (`RowGroups`, the stacks of `:services`).
enum GroupedRows {
    /// `rows` (filtered and sorted) with each group's row where its first shown member is, and its other shown
    /// members right after it; a folded group shows its row alone.
    ///
    /// - Parameters:
    ///   - group: the group a row belongs to, nil for a row of none.
    ///   - groupRow: the row that stands for a group, made from its first shown member; nil leaves its members as
    ///     rows of no group.
    static func arrange<Row, Key: Hashable>(
        _ rows: [Row], group: (Row) -> Key?, folded: Set<Key>, groupRow: (Key, _ first: Row) -> Row?
    ) -> [Row] {
        let keys = rows.map(group)
        var members: [Key: [Row]] = [:]
        for (row, key) in zip(rows, keys) {
            if let key { members[key, default: []].append(row) }
        }
        guard !members.isEmpty else { return rows }
        var result: [Row] = []
        result.reserveCapacity(rows.count + members.count)
        var placed = Set<Key>()
        for (row, key) in zip(rows, keys) {
            guard let key, let shown = members[key] else {
                result.append(row)
                continue
            }
            guard placed.insert(key).inserted else { continue }
            guard let standIn = groupRow(key, row) else {
                result += shown
                continue
            }
            result.append(standIn)
            if !folded.contains(key) { result += shown }
        }
        return result
    }
}
