import DashboardCore
import TerminalUI

/// Draws the logs pane's content inside its border.
enum LogsPaneView {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {}

    /// Key hints for the status line while the pane has the focus: (key, word) pairs.
    static func hints(_ state: AppState) -> [(String, String)] { [] }
}
