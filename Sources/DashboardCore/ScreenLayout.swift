import TerminalUI

/// Where things go on screen. Shared by the reducer (page sizes, scrolling) and the renderer (drawing).
public struct ScreenLayout: Equatable, Sendable {
    /// The header line.
    public var header: Rect
    /// The container table, including its column titles; empty when a pane is zoomed.
    public var list: Rect
    /// The detail pane, including its border; nil when no pane is open.
    public var pane: Rect?
    /// The status line.
    public var status: Rect

    public init(size: Size, pane: PaneKind?, zoomed: Bool) {
        let width = size.width
        let height = size.height
        header = Rect(x: 0, y: 0, width: width, height: min(1, height))
        status = Rect(x: 0, y: max(0, height - 1), width: width, height: height > 1 ? 1 : 0)
        let body = Rect(x: 0, y: 1, width: width, height: max(0, height - 2))
        guard pane != nil else {
            list = body
            self.pane = nil
            return
        }
        if zoomed {
            list = Rect(x: 0, y: 1, width: width, height: 0)
            self.pane = body
            return
        }
        // The list keeps at least a few rows; the pane takes the larger part below it.
        let listRows = min(body.height, max(4, body.height * 2 / 5))
        list = Rect(x: 0, y: 1, width: width, height: listRows)
        self.pane = Rect(x: 0, y: 1 + listRows, width: width, height: body.height - listRows)
    }

    /// The inside of the pane's border.
    public var paneContent: Rect? { pane.map { $0.inset(by: 1) } }
}
