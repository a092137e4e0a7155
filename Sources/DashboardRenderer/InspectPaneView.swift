import DashboardCore
import EngineAPI
import TerminalUI

/// Draws the inspect pane's content inside its border: the folding tree, then a footer with the selected node's
/// path and its whole value.
enum InspectPaneView {
    static let keyStyle = Style(foreground: .blue, bold: true)
    static let indexStyle = Style(dim: true)
    static let stringStyle = Style(foreground: .green)
    static let numberStyle = Style(foreground: .cyan)
    static let boolStyle = Style(foreground: .yellow)
    static let nullStyle = Style(foreground: .magenta)
    static let summaryStyle = Style(dim: true)
    static let pathStyle = Style(foreground: .cyan, bold: true)
    static let matchStyle = Style(foreground: .black, background: .yellow)

    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let pane = state.inspect
        guard let container = state.selectedContainer else { return }
        guard pane.container == container.ref else {
            grid.put(
                "Loading the inspect document…", x: area.x + 1, y: area.y, width: area.width - 1, style: Theme.hintText)
            return
        }
        guard let tree = pane.tree else {
            let reason = pane.error ?? "no document"
            grid.put(
                "Could not inspect: \(reason)", x: area.x + 1, y: area.y, width: area.width - 1, style: Theme.error)
            return
        }
        let footer = InspectPaneLayout.footerHeight(state)
        let treeArea = Rect(x: area.x, y: area.y, width: area.width, height: area.height - footer)
        let rows = tree.visibleRows(expanded: pane.expanded)
        let selected = pane.selectedPath.flatMap { tree.index(ofPath: $0) }
        let scroll = InspectPaneLayout.scroll(
            pane.scroll, selected: selected, rows: rows, height: max(1, treeArea.height))
        let query = pane.search.map(\.query) ?? ""
        for (offset, index) in rows.dropFirst(scroll).prefix(treeArea.height).enumerated() {
            let y = treeArea.y + offset
            drawRow(
                tree, index, expanded: pane.expanded, query: query, into: &grid, x: treeArea.x, y: y,
                width: treeArea.width)
            if index == selected {
                let focused = state.focus == .pane
                grid.restyle(y: y, x: treeArea.x, width: treeArea.width) {
                    $0.reverse = true
                    if !focused { $0.dim = true }
                }
            }
        }
        if footer > 0 {
            drawFooter(
                state, tree, selected, into: &grid,
                area: Rect(x: area.x, y: treeArea.maxY, width: area.width, height: footer))
        }
    }

    // MARK: - Rows

    static func drawRow(
        _ tree: JSONTree, _ index: Int, expanded: Set<String>, query: String, into grid: inout CellGrid, x: Int, y: Int,
        width: Int
    ) {
        let node = tree.nodes[index]
        var column = x + min(node.depth * 2, max(0, width / 2))
        let end = x + width
        let marker = node.isFoldable ? (expanded.contains(node.path) ? "▾ " : "▸ ") : "  "
        column += grid.put(marker, x: column, y: y, width: end - column, style: summaryStyle)
        let labelStart = column
        let label = String(node.labelText.prefix(width + 1))
        if case .index = node.label {
            column += grid.put(label, x: column, y: y, width: end - column, style: indexStyle)
        } else {
            column += grid.put(label, x: column, y: y, width: end - column, style: keyStyle)
            highlight(query, in: label, into: &grid, x: labelStart, y: y, end: end)
        }
        column += grid.put(": ", x: column, y: y, width: end - column, style: summaryStyle)
        guard column < end else { return }
        let (text, style) = valueText(tree, index, expanded: expanded, limit: end - column + 1)
        grid.put(text, x: column, y: y, width: end - column, style: style)
        if node.scalarText != nil { highlight(query, in: text, into: &grid, x: column, y: y, end: end) }
    }

    /// The value as the row shows it: strings quoted and escaped like JSON, containers as a count when open and a
    /// preview when folded. `limit` characters are enough: the grid cuts the rest with an ellipsis.
    static func valueText(_ tree: JSONTree, _ index: Int, expanded: Set<String>, limit: Int) -> (String, Style) {
        let node = tree.nodes[index]
        switch node.kind {
        case .string(let text):
            return (JSONValue.quoted(String(text.prefix(limit))), stringStyle)
        case .number(let literal): return (literal, numberStyle)
        case .bool(let flag): return (flag ? "true" : "false", boolStyle)
        case .null: return ("null", nullStyle)
        case .object(let count):
            if count == 0 { return ("{}", summaryStyle) }
            if expanded.contains(node.path) { return ("{\(count) \(count == 1 ? "key" : "keys")}", summaryStyle) }
            return (preview(tree.values[index], limit: limit), summaryStyle)
        case .array(let count):
            if count == 0 { return ("[]", summaryStyle) }
            if expanded.contains(node.path) { return ("[\(count) \(count == 1 ? "item" : "items")]", summaryStyle) }
            return (preview(tree.values[index], limit: limit), summaryStyle)
        }
    }

    /// Compact JSON of a folded value, stopping once `limit` characters are written.
    static func preview(_ value: JSONValue, limit: Int) -> String {
        var out = ""
        appendPreview(value, to: &out, limit: limit)
        return out
    }

    static func appendPreview(_ value: JSONValue, to out: inout String, limit: Int) {
        guard out.count <= limit else { return }
        switch value {
        case .object(let members):
            out += "{"
            for (offset, member) in members.enumerated() {
                if out.count > limit { return }
                if offset > 0 { out += "," }
                out += JSONValue.quoted(String(member.key.prefix(limit))) + ":"
                appendPreview(member.value, to: &out, limit: limit)
            }
            out += "}"
        case .array(let elements):
            out += "["
            for (offset, element) in elements.enumerated() {
                if out.count > limit { return }
                if offset > 0 { out += "," }
                appendPreview(element, to: &out, limit: limit)
            }
            out += "]"
        case .string(let text): out += JSONValue.quoted(String(text.prefix(limit)))
        default: out += value.compactText
        }
    }

    /// Marks where `query` occurs in `text`, which was drawn starting at `x`.
    static func highlight(_ query: String, in text: String, into grid: inout CellGrid, x: Int, y: Int, end: Int) {
        guard let range = TextMatch.range(of: query, in: text) else { return }
        let before = TerminalText.width(String(text.prefix(range.lowerBound)))
        let matched = TerminalText.width(String(text.dropFirst(range.lowerBound).prefix(range.count)))
        let start = x + before
        guard start < end else { return }
        grid.restyle(y: y, x: start, width: min(matched, end - start)) {
            $0 = matchStyle
        }
    }

    // MARK: - Footer

    static func drawFooter(_ state: AppState, _ tree: JSONTree, _ selected: Int?, into grid: inout CellGrid, area: Rect)
    {
        let pane = state.inspect
        let y = area.y
        if let search = pane.search, search.isEditing {
            var x = area.x
            x += grid.put("/", x: x, y: y, style: Theme.hintKey)
            x += grid.put(search.query, x: x, y: y, width: max(0, area.maxX - x - 1))
            x += grid.put("█", x: x, y: y, style: Style(dim: true))
            let count = tree.matches(search.query).count
            let note = search.query.isEmpty ? "search keys and values" : "\(count) \(count == 1 ? "match" : "matches")"
            grid.put(note, x: x + 2, y: y, width: max(0, area.maxX - x - 2), style: Theme.hintText)
            return
        }
        guard let selected else { return }
        let node = tree.nodes[selected]
        var info = describe(node)
        var infoStyle = Theme.hintText
        if let error = pane.error {
            info = "reload failed: \(error)"
            infoStyle = Theme.error
        } else if let query = pane.search?.query, !query.isEmpty {
            let matches = tree.matches(query)
            if let number = matches.firstIndex(of: selected) {
                info = "match \(number + 1)/\(matches.count) · " + info
            }
        }
        let infoWidth = min(TerminalText.width(info), max(0, area.width / 2))
        let pathWidth = area.width - (infoWidth > 0 ? infoWidth + 2 : 0)
        grid.put(node.displayPath, x: area.x, y: y, width: pathWidth, style: pathStyle)
        if infoWidth > 0 { grid.put(info, x: area.maxX - infoWidth, y: y, width: infoWidth, style: infoStyle) }
        guard area.height > 1, let text = node.scalarText else { return }
        let style: Style
        switch node.kind {
        case .string: style = stringStyle
        case .number: style = numberStyle
        case .bool: style = boolStyle
        default: style = nullStyle
        }
        let lines = area.height - 1
        let shown = text.prefix(area.width * lines + 1)
        let glyphs = TerminalText.glyphs(String(shown))
        var line = 0
        var column = 0
        var start = 0
        for (offset, glyph) in glyphs.enumerated() {
            if column + glyph.width > area.width {
                flush(
                    glyphs[start..<offset], line: line, lines: lines, truncated: true, into: &grid, area: area,
                    style: style)
                line += 1
                column = 0
                start = offset
                if line >= lines { return }
            }
            column += glyph.width
        }
        let moreThanShown = shown.endIndex != text.endIndex
        flush(
            glyphs[start...], line: line, lines: lines, truncated: moreThanShown, into: &grid, area: area, style: style)
    }

    /// Draws one wrapped line of the value; the last line ends in `…` when the value goes on.
    static func flush(
        _ glyphs: ArraySlice<TerminalText.Glyph>, line: Int, lines: Int, truncated: Bool, into grid: inout CellGrid,
        area: Rect, style: Style
    ) {
        var glyphs = Array(glyphs)
        if line == lines - 1, truncated {
            var used = glyphs.reduce(0) { $0 + $1.width }
            while used > area.width - 1, let last = glyphs.popLast() { used -= last.width }
            glyphs += TerminalText.glyphs("…")
        }
        grid.put(glyphs: glyphs, x: area.x, y: area.y + 1 + line, limit: area.width, style: style)
    }

    static func describe(_ node: JSONTree.Node) -> String {
        switch node.kind {
        case .object(let count): return "object · \(count) \(count == 1 ? "key" : "keys")"
        case .array(let count): return "array · \(count) \(count == 1 ? "item" : "items")"
        case .string(let text): return "string · \(text.count) \(text.count == 1 ? "char" : "chars")"
        case .number: return "number"
        case .bool: return "boolean"
        case .null: return "null"
        }
    }

}
