import DashboardCore
import TerminalUI

/// Draws the logs pane's content inside its border.
enum LogsPaneView {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {}
}
