import DashboardCore
import TerminalUI

/// Draws the stats pane's content inside its border.
enum StatsPaneView {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {}
}
