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
    /// Hands the terminal to a foreground program (exec): leaves full-screen mode, puts the terminal in raw
    /// mode, and reports the user's keystrokes and size changes as bytes until `resume()`.
    func suspend() async -> AsyncStream<PassthroughEvent>
    /// Writes a foreground program's output straight to the terminal while suspended.
    func writeRaw(_ bytes: [UInt8])
    /// Takes the terminal back after `suspend()`: restores the dashboard exactly as it was drawn.
    func resume() async
    /// Ctrl-Z: hands the terminal back to the shell and stops berth until the shell continues it (`fg`), then
    /// restores the dashboard. Returns at once where there is no job control.
    func suspendToShell() async
    /// Leaves full-screen mode and restores the terminal exactly as it was. Safe to call twice.
    func stop() async
    /// The thread the event loop should run on, if the backend has one: input, state and drawing then share a
    /// thread, and a key reaches the screen without waiting for others to be scheduled. Nil: the shared pool.
    var taskExecutor: (any TaskExecutor)? { get }
}

extension TerminalBackend {
    public var taskExecutor: (any TaskExecutor)? { nil }
}
