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

    // MARK: - Keys that must not act

    /// Drops the keys the terminal and the backend hold but have not delivered yet, and marks every key already
    /// delivered as stale (see `admitNextKey()`). The event loop calls it just before it draws a frame that opens a
    /// confirmation dialog: a key typed before the dialog is on the screen never answers it, and one typed after
    /// always can. Hand-overs of the
    /// terminal (`suspend()`/`resume()`, `suspendToShell()`) do the same by themselves, on the way out and back.
    func discardTypeahead()
    /// Whether the next key taken from `events` may act. The event loop asks once for every `.key` event, in the
    /// order it takes them, before acting on it; false means the key was read before a hand-over or before
    /// `discardTypeahead()`, and must be dropped. (Keys are numbered as they are delivered, their read sequence; a
    /// hand-over or a discard marks every number delivered so far as stale.)
    func admitNextKey() -> Bool
    /// Frames painted on the terminal so far (0 until the first one is on the screen).
    var framesPainted: Int { get }

    // MARK: - Mouse

    /// Asks the terminal to report clicks and the wheel (`true`), or to keep them for its own selection (`false`).
    /// Reporting is always switched off when the backend stops, and by the crash and signal handlers.
    func setMouseReporting(_ enabled: Bool)
}

extension TerminalBackend {
    public var taskExecutor: (any TaskExecutor)? { nil }
    public func discardTypeahead() {}
    public func admitNextKey() -> Bool { true }
    public var framesPainted: Int { 0 }
    public func setMouseReporting(_ enabled: Bool) {}
}
