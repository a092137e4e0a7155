/// A full screen of cells: what the renderer produces and the backend draws.
///
/// Every write goes through `TerminalText`, so a grid can only ever hold text that is safe for a terminal.
public struct CellGrid: Hashable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: size.width * size.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank }
        return cells[y * size.width + x]
    }

    /// Writes `text` at (`x`, `y`) in at most `width` columns (default: to the right edge), truncating with `…`.
    ///
    /// - Returns: the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, width: Int? = nil, style: Style = .plain) -> Int {
        guard y >= 0, y < size.height, x >= 0, x < size.width else { return 0 }
        let available = min(width ?? (size.width - x), size.width - x)
        guard available > 0 else { return 0 }
        if TerminalText.isPrintableASCII(text) { return putASCII(text, x: x, y: y, available: available, style: style) }
        return put(glyphs: TerminalText.truncated(text, to: available), x: x, y: y, limit: available, style: style)
    }

    /// `put` for printable ASCII, cell by cell with no glyphs in between: what `TerminalText.truncated` and
    /// `put(glyphs:)` would make of it, `…` included when it does not fit.
    private mutating func putASCII(_ text: String, x: Int, y: Int, available: Int, style: Style) -> Int {
        let bytes = text.utf8
        let cut = bytes.count > available
        var column = x
        for byte in bytes.prefix(cut ? available - 1 : available) {
            setCell(x: column, y: y, Cell(String(Unicode.Scalar(byte)), style: style))
            column += 1
        }
        if cut {
            setCell(x: column, y: y, Cell("…", style: style))
            column += 1
        }
        return column - x
    }

    /// Writes already-laid-out glyphs, stopping at `limit` columns.
    @discardableResult
    public mutating func put(glyphs: [TerminalText.Glyph], x: Int, y: Int, limit: Int, style: Style) -> Int {
        guard y >= 0, y < size.height else { return 0 }
        var column = x
        let end = min(size.width, x + limit)
        for glyph in glyphs {
            if column + glyph.width > end {
                if column < end { setCell(x: column, y: y, Cell(" ", style: style)) }
                break
            }
            setCell(x: column, y: y, Cell(glyph.text, style: style))
            if glyph.width == 2 { setCell(x: column + 1, y: y, Cell("", style: style)) }
            column += glyph.width
        }
        return column - x
    }

    /// Fills a rectangle with blanks of `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        for row in max(0, rect.y)..<min(size.height, rect.maxY) {
            for column in max(0, rect.x)..<min(size.width, rect.maxX) {
                setCell(x: column, y: row, Cell(" ", style: style))
            }
        }
    }

    /// Changes the style of existing cells in a row span, keeping their text (e.g. to highlight a selection).
    public mutating func restyle(y: Int, x: Int, width: Int, _ change: (inout Style) -> Void) {
        guard y >= 0, y < size.height else { return }
        for column in max(0, x)..<min(size.width, x + width) {
            var cell = cells[y * size.width + column]
            change(&cell.style)
            cells[y * size.width + column] = cell
        }
    }

    /// Draws a single-line box border around `rect` with an optional title.
    public mutating func box(_ rect: Rect, title: String? = nil, style: Style = .plain) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        fill(rect, style: style)
        for column in rect.x + 1..<rect.maxX - 1 {
            setCell(x: column, y: rect.y, Cell("─", style: style))
            setCell(x: column, y: rect.maxY - 1, Cell("─", style: style))
        }
        for row in rect.y + 1..<rect.maxY - 1 {
            setCell(x: rect.x, y: row, Cell("│", style: style))
            setCell(x: rect.maxX - 1, y: row, Cell("│", style: style))
        }
        setCell(x: rect.x, y: rect.y, Cell("┌", style: style))
        setCell(x: rect.maxX - 1, y: rect.y, Cell("┐", style: style))
        setCell(x: rect.x, y: rect.maxY - 1, Cell("└", style: style))
        setCell(x: rect.maxX - 1, y: rect.maxY - 1, Cell("┘", style: style))
        if let title, rect.width > 4 {
            var titleStyle = style
            titleStyle.bold = true
            put(" \(title) ", x: rect.x + 2, y: rect.y, width: rect.width - 4, style: titleStyle)
        }
    }

    /// One line per row, trailing spaces trimmed: the form snapshot tests compare.
    public var plainText: String {
        var lines: [String] = []
        for row in 0..<size.height {
            var line = ""
            for column in 0..<size.width { line += cells[row * size.width + column].text }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Run-length list of non-plain styles, one line per run: `y x+len style`. Readable in a diff.
    public var styleRuns: String {
        var out: [String] = []
        for row in 0..<size.height {
            var column = 0
            while column < size.width {
                let style = cells[row * size.width + column].style
                var end = column + 1
                while end < size.width, cells[row * size.width + end].style == style { end += 1 }
                if style != .plain { out.append("\(row) \(column)+\(end - column) \(style.summary)") }
                column = end
            }
        }
        return out.joined(separator: "\n")
    }

    /// Rows whose cells differ from `previous` (all rows when sizes differ): what the backend redraws.
    public func changedRows(since previous: CellGrid?) -> [Int] {
        guard let previous, previous.size == size else { return Array(0..<size.height) }
        var rows: [Int] = []
        for row in 0..<size.height {
            let start = row * size.width
            if cells[start..<start + size.width] != previous.cells[start..<start + size.width] { rows.append(row) }
        }
        return rows
    }

    private mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
        let index = y * size.width + x
        // Overwriting half of a wide character leaves the other half blank rather than a broken glyph.
        if cells[index].isContinuation, x > 0, !cell.isContinuation {
            cells[index - 1] = Cell(" ", style: cells[index - 1].style)
        }
        if x + 1 < size.width, cells[index + 1].isContinuation, !cell.isContinuation {
            cells[index + 1] = Cell(" ", style: cells[index + 1].style)
        }
        cells[index] = cell
    }
}
