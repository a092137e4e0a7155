import DashboardCore
import TerminalUI

/// Draws the top pane's content inside its border.
enum TopPaneView {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {}

    /// Key hints for the status line while the pane has the focus: (key, word) pairs.
    static func hints(_ state: AppState) -> [(String, String)] { [] }
}
