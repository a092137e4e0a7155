import DashboardCore
import TerminalUI

/// Draws the top pane's content inside its border.
enum TopPaneView {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {}
}
