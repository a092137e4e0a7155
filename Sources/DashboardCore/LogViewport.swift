import TerminalUI

/// Where the logs pane draws, at the current size and settings. Shared by the reducer (page sizes, scrolling) and
/// the renderer, so both agree on every row.
public struct LogsGeometry: Equatable, Sendable {
    /// Inside the pane's border.
    public var area: Rect
    /// Rows for log lines (the prompt takes the last row while open).
    public var height: Int
    /// Columns before the text: the stderr marker, then the timestamp when shown.
    public var gutter: Int
    public var options: LogLayoutOptions

    public static let markerWidth = 1
    /// `2026-11-23T04:50:11.265Z` and a space.
    public static let timestampWidth = 25

    public init?(_ state: AppState) {
        guard state.pane == .logs, let area = state.layout.paneContent, !area.isEmpty else { return nil }
        self.area = area
        height = max(1, area.height - (state.logs.prompt == nil ? 0 : 1))
        gutter = Self.markerWidth + (state.logs.showTimestamps ? Self.timestampWidth : 0)
        options = LogLayoutOptions(
            width: max(1, area.width - gutter), wrap: state.logs.wrap, column: state.logs.column,
            colors: state.logs.colors)
    }
}

/// The lines the pane shows, in order: the whole buffer, or the lines the filters keep.
public struct LogDisplay: Sendable {
    public let buffer: LogBuffer
    public let shown: [Int]?

    public init(_ logs: LogsPaneState) {
        buffer = logs.buffer
        shown = logs.shown
    }

    public var count: Int { shown?.count ?? buffer.count }

    public func seq(_ index: Int) -> Int { shown?[index] ?? buffer.firstSeq + index }

    public func entry(_ index: Int) -> LogEntry { buffer[seq: seq(index)] }

    public func contains(seq: Int) -> Bool {
        guard let shown else { return buffer.contains(seq: seq) }
        let index = self.index(atOrAfter: seq)
        return index < shown.count && shown[index] == seq
    }

    /// The index of the first shown line numbered `seq` or later; `count` when there is none.
    public func index(atOrAfter seq: Int) -> Int {
        guard let shown else { return min(max(0, seq - buffer.firstSeq), buffer.count) }
        var low = 0
        var high = shown.count
        while low < high {
            let mid = (low + high) / 2
            if shown[mid] < seq { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// One screen row of the log: row `row` of display line `index` (numbered `seq` in the buffer).
public struct LogRowRef: Equatable, Sendable {
    public var index: Int
    public var seq: Int
    public var row: Int
}

/// Row arithmetic over the displayed lines: what is on screen from a given top, where the top must be for the
/// newest line to sit at the bottom, and moving by rows across wrapped lines.
struct Viewport {
    struct Position: Comparable {
        var index: Int
        var row: Int

        static func < (a: Position, b: Position) -> Bool {
            a.index != b.index ? a.index < b.index : a.row < b.row
        }
    }

    let display: LogDisplay
    let geometry: LogsGeometry
    /// The top that puts the newest line at the bottom.
    let bottomTop: Position

    init(display: LogDisplay, geometry: LogsGeometry) {
        self.display = display
        self.geometry = geometry
        var remaining = geometry.height
        var index = display.count - 1
        var top = Position(index: 0, row: 0)
        while index >= 0 {
            let rows = LogLayout.rowCount(display.entry(index), geometry.options)
            if rows >= remaining {
                top = Position(index: index, row: rows - remaining)
                break
            }
            remaining -= rows
            index -= 1
        }
        bottomTop = top
    }

    func rowCount(_ index: Int) -> Int { LogLayout.rowCount(display.entry(index), geometry.options) }

    /// `position` moved by `delta` rows, kept between the first row and `bottomTop`.
    func moved(_ position: Position, by delta: Int) -> Position {
        guard display.count > 0 else { return Position(index: 0, row: 0) }
        var index = position.index
        var row = position.row + delta
        if delta >= 0 {
            while index < display.count, row >= rowCount(index) {
                row -= rowCount(index)
                index += 1
            }
            let moved = Position(index: index, row: row)
            return index >= display.count || moved > bottomTop ? bottomTop : moved
        }
        while row < 0, index > 0 {
            index -= 1
            row += rowCount(index)
        }
        return row < 0 ? Position(index: 0, row: 0) : Position(index: index, row: row)
    }

    /// Where a remembered top is now; past the end it is the bottom.
    func position(of top: LogPosition) -> Position {
        let index = display.index(atOrAfter: top.seq)
        guard index < display.count else { return bottomTop }
        let row = display.seq(index) == top.seq ? min(top.row, rowCount(index) - 1) : 0
        return min(Position(index: index, row: max(0, row)), bottomTop)
    }

    func logPosition(_ position: Position) -> LogPosition {
        guard position.index < display.count else { return LogPosition(seq: display.buffer.endSeq, row: 0) }
        return LogPosition(seq: display.seq(position.index), row: position.row)
    }

    /// Up to `count` rows from `top`.
    func rows(from top: Position, count: Int) -> [LogRowRef] {
        var out: [LogRowRef] = []
        var index = top.index
        var row = top.row
        while out.count < count, index < display.count {
            let rows = rowCount(index)
            let seq = display.seq(index)
            while row < rows, out.count < count {
                out.append(LogRowRef(index: index, seq: seq, row: row))
                row += 1
            }
            index += 1
            row = 0
        }
        return out
    }
}

/// What the pane shows, for the renderer.
public enum LogsView {
    /// The rows on screen, top to bottom.
    public static func rows(_ logs: LogsPaneState, _ geometry: LogsGeometry) -> [LogRowRef] {
        let viewport = Viewport(display: LogDisplay(logs), geometry: geometry)
        let top = logs.following ? viewport.bottomTop : viewport.position(of: logs.top)
        return viewport.rows(from: top, count: geometry.height)
    }
}
