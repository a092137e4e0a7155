import DashboardCore
import TerminalUI

/// Draws the inspect pane's content inside its border.
enum InspectPaneView {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {}
}
