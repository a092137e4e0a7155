/// A terminal that draws cell grids and reports keys and resizes.
///
/// The ncurses backend is the real one; tests render grids directly and never need a terminal.
public protocol TerminalBackend: Sendable {
    /// Enters full-screen mode and returns the terminal's size.
    func start() async throws -> Size
    /// Keys, resizes and termination requests, in order.
    var events: AsyncStream<TerminalEvent> { get }
    /// Shows `grid`; only the latest grid matters, so a backend may skip frames it has not drawn yet.
    func draw(_ grid: CellGrid)
    /// Puts `text` on the clipboard of the terminal the user sits at (OSC 52: works over SSH and in tmux).
    func copyToClipboard(_ text: String)
    /// Leaves full-screen mode and restores the terminal exactly as it was. Safe to call twice.
    func stop() async
}
