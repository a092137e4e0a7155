import TerminalUI

/// How the logs pane lays out line text.
public struct LogLayoutOptions: Hashable, Sendable {
    /// Columns available for the text.
    public var width: Int
    /// Long lines continue on the next rows; otherwise they are cut and `column` scrolls them sideways.
    public var wrap: Bool
    /// The first column shown when not wrapping.
    public var column: Int
    /// SGR colour sequences become cell styles instead of visible text.
    public var colors: Bool

    public static let tabWidth = 8

    public init(width: Int, wrap: Bool, column: Int = 0, colors: Bool = false) {
        self.width = max(1, width)
        self.wrap = wrap
        self.column = max(0, column)
        self.colors = colors
    }
}

/// One laid-out cell of a log line.
public struct LogCell: Equatable, Sendable {
    public var glyph: TerminalText.Glyph
    /// The UTF-8 offset in the line where this glyph's source begins, to map search matches onto cells.
    public var source: Int
    /// The style the line's own SGR sequences gave this cell (only with `colors`).
    public var style: Style?
}

/// Lays out log lines row by row without ever materialising more than the rows asked for.
///
/// A line of plain ASCII is measured and cut by byte offset, so a megabyte line costs nothing until its visible
/// part is drawn. Anything else is walked scalar by scalar with the same rules as `TerminalText` (controls become
/// caret text, tabs go to the next multiple of 8): counting rows allocates nothing, and only the scalars on visible
/// rows are turned into glyphs, each through `TerminalText`.
public enum LogLayout {
    /// Rows the line takes: 1 without wrap.
    public static func rowCount(_ entry: LogEntry, _ options: LogLayoutOptions) -> Int {
        guard options.wrap else { return 1 }
        if entry.isPlainASCII {
            let length = entry.text.utf8.count
            return max(1, (length + options.width - 1) / options.width)
        }
        var walker = Walker(text: entry.text, options: options)
        var rows = 1
        while let unit = walker.next() { rows += walker.place(unit) }
        return rows
    }

    /// The row (wrap on) that holds the byte at UTF-8 offset `offset`; 0 without wrap.
    public static func row(containing offset: Int, _ entry: LogEntry, _ options: LogLayoutOptions) -> Int {
        guard options.wrap, offset > 0 else { return 0 }
        if entry.isPlainASCII { return min(offset, max(0, entry.text.utf8.count - 1)) / options.width }
        var walker = Walker(text: entry.text, options: options)
        var row = 0
        while let unit = walker.next() {
            var first = row
            for glyph in 0..<unit.glyphCount {
                if walker.placeGlyph(width: unit.glyphWidth) { row += 1 }
                if glyph == 0 { first = row }
            }
            // `next` has moved the offset past the unit: this is the unit that holds the byte.
            if walker.offset > offset { return first }
        }
        return row
    }

    /// The UTF-8 offset where row `row` of the line begins (wrap on); 0 for the first row or without wrap.
    public static func rowStart(_ row: Int, _ entry: LogEntry, _ options: LogLayoutOptions) -> Int {
        guard options.wrap, row > 0 else { return 0 }
        if entry.isPlainASCII { return min(row * options.width, entry.text.utf8.count) }
        var walker = Walker(text: entry.text, options: options)
        var current = 0
        while let unit = walker.next() {
            let source = unit.source
            for _ in 0..<unit.glyphCount where walker.placeGlyph(width: unit.glyphWidth) {
                current += 1
                if current == row { return source }
            }
        }
        return entry.text.utf8.count
    }

    /// The column (wrap off: counted from the line's start) where the byte at UTF-8 offset `offset` is drawn; the
    /// line's width for an offset at or past its end.
    public static func column(of offset: Int, _ entry: LogEntry, _ options: LogLayoutOptions) -> Int {
        guard offset > 0 else { return 0 }
        var unwrapped = options
        unwrapped.wrap = false
        if entry.isPlainASCII { return min(offset, entry.text.utf8.count) }
        var walker = Walker(text: entry.text, options: unwrapped)
        var column = 0
        while let unit = walker.next() {
            if walker.offset > offset { return column }
            column += unit.width
        }
        return column
    }

    /// Rows `first..<first + count` of the line (fewer at its end).
    public static func rows(_ entry: LogEntry, _ options: LogLayoutOptions, from first: Int, count: Int) -> [[LogCell]]
    {
        guard count > 0, first >= 0 else { return [] }
        if entry.isPlainASCII { return asciiRows(entry.text, options, from: first, count: count) }
        var walker = Walker(text: entry.text, options: options)
        var rows: [[LogCell]] = []
        var current: [LogCell] = []
        var row = 0
        let last = first + count
        while let unit = walker.next() {
            if options.wrap {
                // Glyph by glyph, as `place` counts: caret text may wrap in the middle.
                var cells: [LogCell]?
                for glyph in 0..<unit.glyphCount {
                    if walker.placeGlyph(width: unit.glyphWidth) {
                        if row >= first { rows.append(current) }
                        current = []
                        row += 1
                        if row >= last { return rows }
                    }
                    guard row >= first else { continue }
                    let unitCells = cells ?? walker.cells(for: unit)
                    cells = unitCells
                    if glyph < unitCells.count { current.append(unitCells[glyph]) }
                }
            } else {
                let start = walker.column
                walker.column += unit.width
                if start + unit.width <= options.column { continue }
                if start >= options.column + options.width { break }
                if start < options.column || start + unit.width > options.column + options.width {
                    // Half of a wide character at the edge: a blank, never half a glyph.
                    let visible = min(start + unit.width, options.column + options.width) - max(start, options.column)
                    for _ in 0..<visible {
                        current.append(LogCell(glyph: space, source: unit.source, style: unit.style))
                    }
                    continue
                }
                current += walker.cells(for: unit)
            }
        }
        if row >= first, row < last { rows.append(current) }
        return rows
    }

    static let space: TerminalText.Glyph = TerminalText.glyphs(" ")[0]

    static func asciiRows(_ text: String, _ options: LogLayoutOptions, from first: Int, count: Int) -> [[LogCell]] {
        var text = text
        // Native strings hand out their bytes without a copy: only the visible slices become new strings.
        return text.withUTF8 { asciiRows($0, options, from: first, count: count) }
    }

    static func asciiRows(
        _ utf8: UnsafeBufferPointer<UInt8>, _ options: LogLayoutOptions, from first: Int, count: Int
    ) -> [[LogCell]] {
        var rows: [[LogCell]] = []
        let windows: [Range<Int>]
        if options.wrap {
            let total = max(1, (utf8.count + options.width - 1) / options.width)
            windows = (first..<min(total, first + count)).map {
                ($0 * options.width)..<min(utf8.count, ($0 + 1) * options.width)
            }
        } else {
            guard first == 0 else { return [] }
            let start = min(utf8.count, options.column)
            windows = [start..<min(utf8.count, start + options.width)]
        }
        for window in windows {
            let piece = String(decoding: UnsafeBufferPointer(rebasing: utf8[window]), as: UTF8.self)
            let glyphs = TerminalText.glyphs(piece)
            rows.append(
                glyphs.enumerated().map {
                    LogCell(glyph: $0.element, source: window.lowerBound + $0.offset, style: nil)
                })
        }
        return rows
    }

    /// One unit of layout: a scalar (with the zero-width scalars that attach to it), a tab, or an SGR sequence.
    struct Unit {
        enum Kind {
            case text
            case tab
            /// Consumed SGR sequence: no cells.
            case style
        }

        var kind: Kind
        var start: String.Index
        var end: String.Index
        /// UTF-8 offset of `start` in the line.
        var source: Int
        /// Glyphs it becomes: caret text makes several cells of width 1, a wide character one cell of width 2.
        var glyphCount: Int
        var glyphWidth: Int
        var style: Style?

        var width: Int { glyphCount * glyphWidth }
    }

    /// Walks a line's scalars in place, tracking the wrap position; allocates nothing per scalar.
    struct Walker {
        let scalars: String.UnicodeScalarView
        let options: LogLayoutOptions
        var index: String.Index
        var offset = 0
        /// Column within the current row (wrap) or within the whole line (no wrap).
        var column = 0
        /// Column within the whole line, for tab stops.
        var logical = 0
        var style: Style?

        init(text: String, options: LogLayoutOptions) {
            scalars = text.unicodeScalars
            index = scalars.startIndex
            self.options = options
        }

        private mutating func advance() {
            offset += UTF8.width(scalars[index])
            index = scalars.index(after: index)
        }

        mutating func next() -> Unit? {
            guard index < scalars.endIndex else { return nil }
            let start = index
            let source = offset
            let scalar = scalars[index]
            advance()
            if scalar.value == 0x09 {
                let width = LogLayoutOptions.tabWidth - logical % LogLayoutOptions.tabWidth
                logical += width
                return Unit(
                    kind: .tab, start: start, end: index, source: source, glyphCount: width, glyphWidth: 1,
                    style: style)
            }
            if options.colors, scalar.value == 0x1B, let parameters = readSGR() {
                style = SGR.apply(parameters, to: style)
                return Unit(kind: .style, start: start, end: index, source: source, glyphCount: 0, glyphWidth: 1)
            }
            let (count, width) = Self.measure(scalar)
            // Zero-width scalars ride with the scalar before them, as TerminalText attaches them.
            while index < scalars.endIndex, Self.isAttached(scalars[index]) { advance() }
            logical += count * width
            return Unit(
                kind: .text, start: start, end: index, source: source, glyphCount: count, glyphWidth: width,
                style: style)
        }

        /// Advances the wrap position past `unit`; returns how many new rows it began.
        mutating func place(_ unit: Unit) -> Int {
            var wraps = 0
            for _ in 0..<unit.glyphCount where placeGlyph(width: unit.glyphWidth) { wraps += 1 }
            return wraps
        }

        /// Advances past one glyph; true when it begins a new row.
        mutating func placeGlyph(width: Int) -> Bool {
            var wrapped = false
            if column + width > options.width, column > 0 {
                column = 0
                wrapped = true
            }
            column += width
            return wrapped
        }

        /// The cells of a unit, through TerminalText.
        func cells(for unit: Unit) -> [LogCell] {
            switch unit.kind {
            case .style: return []
            case .tab:
                return Array(
                    repeating: LogCell(glyph: LogLayout.space, source: unit.source, style: unit.style),
                    count: unit.glyphCount)
            case .text:
                let text = String(scalars[unit.start..<unit.end])
                return TerminalText.glyphs(text).map { LogCell(glyph: $0, source: unit.source, style: unit.style) }
            }
        }

        /// After an ESC: reads `[ digits ; : m` and returns its parameters, or nil (and reads nothing) otherwise.
        mutating func readSGR() -> [Int]? {
            var i = index
            guard i < scalars.endIndex, scalars[i] == "[" else { return nil }
            i = scalars.index(after: i)
            var values: [Int] = []
            var current: Int?
            var length = 1
            while i < scalars.endIndex, length < 64 {
                let v = scalars[i].value
                length += 1
                if v == 0x6D {
                    values.append(current ?? 0)
                    index = scalars.index(after: i)
                    offset += length
                    return values
                }
                if (0x30...0x39).contains(v) {
                    current = min(9999, (current ?? 0) * 10 + Int(v - 0x30))
                } else if v == 0x3B || v == 0x3A {
                    values.append(current ?? 0)
                    current = nil
                } else {
                    return nil
                }
                i = scalars.index(after: i)
            }
            return nil
        }

        /// The cells a scalar becomes and their width, by TerminalText's rules.
        static func measure(_ scalar: Unicode.Scalar) -> (count: Int, width: Int) {
            let v = scalar.value
            if v < 0x20 || v == 0x7F { return (2, 1) }
            if (0x80...0x9F).contains(v) { return (4, 1) }
            if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x2028 || v == 0x2029 {
                return (8, 1)
            }
            if isDropped(v) { return (0, 1) }
            let width = TextWidth.of(scalar)
            if width == 0 { return (0, 1) }
            if (0xE000...0xF8FF).contains(v) || v >= 0xF0000 { return (1, 1) }
            return (1, width)
        }

        static func isDropped(_ v: UInt32) -> Bool {
            v == 0x200D || v == 0xFE0F || (0x1F3FB...0x1F3FF).contains(v)
        }

        static func isAttached(_ scalar: Unicode.Scalar) -> Bool {
            let v = scalar.value
            guard v >= 0x300 else { return false }
            if isDropped(v) { return true }
            if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x2028 || v == 0x2029 {
                return false
            }
            return TextWidth.of(scalar) == 0
        }
    }
}

/// SGR (`ESC [ ... m`) parameters to cell styles, for the optional colour mode. Only colours and the common
/// attributes; everything else in a sequence is ignored.
enum SGR {
    static func apply(_ parameters: [Int], to current: Style?) -> Style? {
        var style = current ?? .plain
        var i = 0
        while i < parameters.count {
            let p = parameters[i]
            switch p {
            case 0: style = .plain
            case 1: style.bold = true
            case 2: style.dim = true
            case 4: style.underline = true
            case 7: style.reverse = true
            case 22:
                style.bold = false
                style.dim = false
            case 24: style.underline = false
            case 27: style.reverse = false
            case 30...37: style.foreground = Color(rawValue: UInt8(p - 30))
            case 39: style.foreground = nil
            case 40...47: style.background = Color(rawValue: UInt8(p - 40))
            case 49: style.background = nil
            case 90...97: style.foreground = Color(rawValue: UInt8(p - 90 + 8))
            case 100...107: style.background = Color(rawValue: UInt8(p - 100 + 8))
            case 38, 48:
                var color: Color?
                if i + 2 < parameters.count, parameters[i + 1] == 5 {
                    color = palette(parameters[i + 2])
                    i += 2
                } else if i + 4 < parameters.count, parameters[i + 1] == 2 {
                    color = nearest(parameters[i + 2], parameters[i + 3], parameters[i + 4])
                    i += 4
                }
                if p == 38 { style.foreground = color } else { style.background = color }
            default: break
            }
            i += 1
        }
        return style == .plain ? nil : style
    }

    /// The 256-colour palette folded onto the 16 colours berth draws with.
    static func palette(_ index: Int) -> Color? {
        switch index {
        case 0..<16: return Color(rawValue: UInt8(index))
        case 16..<232:
            let n = index - 16
            return nearest(n / 36 * 51, n / 6 % 6 * 51, n % 6 * 51)
        case 232..<256:
            let level = index - 232
            return level < 6 ? .black : level < 12 ? .brightBlack : level < 18 ? .white : .brightWhite
        default: return nil
        }
    }

    static func nearest(_ r: Int, _ g: Int, _ b: Int) -> Color {
        let bright = max(r, g, b) > 191
        let bits = (r > 95 ? 1 : 0) | (g > 95 ? 2 : 0) | (b > 95 ? 4 : 0)
        if bits == 0 { return max(r, g, b) > 63 ? .brightBlack : .black }
        return Color(rawValue: UInt8(bits + (bright ? 8 : 0))) ?? .white
    }
}
