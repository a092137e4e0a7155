import CNcursesw
import Synchronization
import TerminalUI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// The ncurses terminal: one dedicated thread owns every curses call.
///
/// Other threads only hand it the latest grid (a mailbox: frames it has not drawn yet are replaced) and
/// wake it through a pipe. Signal handlers (resize, SIGTERM/SIGHUP/SIGINT) write to the same pipe, so the
/// thread sleeps in `poll` until something happens: no timers, no redraw while nothing changes.
public final class CursesTerminal: TerminalBackend, @unchecked Sendable {
    // Sendable proof: `mailbox` is a Mutex; `wakeRead`/`wakeWrite`/`options`/`events`/`eventSink` are
    // immutable after init (the continuation is itself Sendable); `executor` is Sendable (a Mutex and an fd);
    // `thread` state lives only in `CursesLoop`, which is created and used on the curses thread alone.
    private struct Mailbox {
        var grid: CellGrid?
        var clipboard: [String] = []
        var suspendWaiter: CheckedContinuation<AsyncStream<PassthroughEvent>, Never>?
        var resumeWaiter: CheckedContinuation<Void, Never>?
        var shellStopWaiter: CheckedContinuation<Void, Never>?
        var stopRequested = false
        var finished = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        var startWaiter: CheckedContinuation<Size, any Error>?
    }

    /// Options fixed at start.
    public struct Options: Sendable {
        /// Draw without colours (`NO_COLOR`); bold, dim and reverse remain.
        public var noColor: Bool
        public init(noColor: Bool) { self.noColor = noColor }
    }

    /// Why the terminal could not start.
    public enum StartError: Error, CustomStringConvertible {
        case noTerminal(String)
        public var description: String {
            switch self {
            case .noTerminal(let why): return why
            }
        }
    }

    public let events: AsyncStream<TerminalEvent>
    private let eventSink: AsyncStream<TerminalEvent>.Continuation
    private let mailbox = Mutex(Mailbox())
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let executor: CursesThreadExecutor
    private let options: Options
    private let log: @Sendable (String) -> Void

    public init(options: Options, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.log = log
        (events, eventSink) = AsyncStream.makeStream(of: TerminalEvent.self)
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        executor = CursesThreadExecutor(wakeWrite: fds[1])
        for fd in fds where fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    /// The curses thread: the event loop runs there, next to the drawing (see `CursesThreadExecutor`).
    public var taskExecutor: (any TaskExecutor)? { executor }

    public func start() async throws -> Size {
        guard wakeRead >= 0, wakeWrite >= 0 else {
            throw StartError.noTerminal("cannot create the terminal thread's wake pipe")
        }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Size, any Error>) in
            mailbox.withLock { $0.startWaiter = continuation }
            startThread()
        }
    }

    /// The curses thread is a plain pthread: it blocks in `poll`, which must never happen on the concurrency pool.
    private func startThread() {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                let terminal = Unmanaged<CursesTerminal>.fromOpaque(raw).takeRetainedValue()
                // A terminal that never opened had no event loop on it: nothing can be waiting for this thread.
                guard terminal.runLoop() else { return nil }
                return terminal.serveLateJobs()
            }, box.toOpaque())
        if rc == 0 {
            pthread_detach(thread)
        } else {
            box.release()
            failStart(StartError.noTerminal("cannot start the terminal thread (error \(rc))"))
        }
    }

    private func failStart(_ error: any Error) {
        let waiter = mailbox.withLock { box -> CheckedContinuation<Size, any Error>? in
            box.finished = true
            defer { box.startWaiter = nil }
            return box.startWaiter
        }
        eventSink.finish()
        waiter?.resume(throwing: error)
    }

    public func draw(_ grid: CellGrid) {
        let shouldWake = mailbox.withLock { box -> Bool in
            guard !box.finished else { return false }
            let wasEmpty = box.grid == nil
            box.grid = grid
            return wasEmpty
        }
        if shouldWake { wake(UInt8(ascii: "d")) }
    }

    public func copyToClipboard(_ text: String) {
        mailbox.withLock { $0.clipboard.append(text) }
        wake(UInt8(ascii: "d"))
    }

    public func suspend() async -> AsyncStream<PassthroughEvent> {
        await withCheckedContinuation { (continuation: CheckedContinuation<AsyncStream<PassthroughEvent>, Never>) in
            let finished = mailbox.withLock { box -> Bool in
                if box.finished { return true }
                box.suspendWaiter = continuation
                return false
            }
            if finished { continuation.resume(returning: AsyncStream { $0.finish() }) } else { wake(UInt8(ascii: "p")) }
        }
    }

    public func writeRaw(_ bytes: [UInt8]) {
        CursesLoop.writeAll(bytes)
    }

    public func resume() async {
        await request(wake: "r") { box, continuation in box.resumeWaiter = continuation }
    }

    public func suspendToShell() async {
        await request(wake: "z") { box, continuation in box.shellStopWaiter = continuation }
    }

    public func stop() async {
        await request(wake: "s") { box, continuation in
            box.stopRequested = true
            box.stopWaiters.append(continuation)
        }
    }

    /// Leaves a request for the curses thread in the mailbox and waits until the thread has carried it out; returns
    /// at once when the thread has already finished.
    private func request(
        wake byte: Character, _ leave: (inout Mailbox, CheckedContinuation<Void, Never>) -> Void
    ) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = mailbox.withLock { box -> Bool in
                if box.finished { return true }
                leave(&box, continuation)
                return false
            }
            if finished { continuation.resume() } else { wake(byte.asciiValue ?? 0) }
        }
    }

    private func wake(_ byte: UInt8) {
        var b = byte
        _ = write(wakeWrite, &b, 1)
    }

    // MARK: - The curses thread

    /// The nice value of berth's other threads. Within berth's own share of the machine (its session or cgroup),
    /// a thread at +10 gets about a tenth of the weight of one at 0: the readers still use every cycle the screen
    /// does not need.
    static let otherThreadsNice: Int32 = 10

    /// After the terminal is restored, a task may still prefer this thread (the end of the event loop): keep
    /// running such jobs until the process exits.
    private func serveLateJobs() -> UnsafeMutableRawPointer? {
        while true {
            var fds = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 1, -1)
            var buffer = [UInt8](repeating: 0, count: 64)
            while read(wakeRead, &buffer, buffer.count) > 0 {}
            executor.runPending()
        }
    }

    /// Runs the terminal until `stop()`; returns false when it could not be opened.
    private func runLoop() -> Bool {
        // Keys are this thread's work: ask to be scheduled promptly when one arrives, even while other threads
        // (a container flooding its log, berth reading it) keep every core busy.
        let slice = cn_request_short_slice(300_000)
        if slice != 0, slice != ENOSYS { log("short scheduler slice not granted (error \(slice))") }
        // The same reason: berth's other threads (socket readers, decoders) yield to this one. Threads come and go
        // (the pool grows on demand), so they are checked again every few seconds while the screen is busy.
        var lastLowering = ContinuousClock.now - .seconds(10)
        let loop = CursesLoop(options: options, wakeRead: wakeRead, wakeWrite: wakeWrite, log: log)
        switch loop.open() {
        case .failure(let error):
            failStart(error)
            return false
        case .success(let size):
            let waiter = mailbox.withLock { box -> CheckedContinuation<Size, any Error>? in
                defer { box.startWaiter = nil }
                return box.startWaiter
            }
            waiter?.resume(returning: size)
        }
        var passthrough: AsyncStream<PassthroughEvent>.Continuation?
        while true {
            if let sink = passthrough {
                // A foreground program owns the terminal: forward keystrokes and resizes, draw nothing.
                let (wakeBytes, input) = loop.waitForPassthroughInput()
                executor.runPending()
                if !input.isEmpty { sink.yield(.input(input)) }
                if wakeBytes.contains(UInt8(ascii: "w")) { sink.yield(.resize(loop.terminalSize())) }
                if wakeBytes.contains(UInt8(ascii: "t")) { sink.yield(.terminate) }
                let (resumeWaiter, stop) = mailbox.withLock { box in
                    defer { box.resumeWaiter = nil }
                    return (box.resumeWaiter, box.stopRequested)
                }
                if resumeWaiter != nil || stop {
                    sink.finish()
                    passthrough = nil
                    loop.leavePassthrough()
                    resumeWaiter?.resume()
                }
                if stop { break }
                continue
            }
            let wakeBytes = loop.waitForInput()
            let now = ContinuousClock.now
            if now - lastLowering >= .seconds(2) {
                lastLowering = now
                _ = cn_lower_other_threads(Self.otherThreadsNice)
            }
            if wakeBytes.contains(UInt8(ascii: "t")) { eventSink.yield(.terminate) }
            for event in loop.drainKeys() { eventSink.yield(event) }
            // The keys just yielded are handled here, and the grid they produce is painted below.
            executor.runPending()
            let (grid, stop, clipboard, suspendWaiter, shellStopWaiter) = mailbox.withLock {
                box -> (
                    CellGrid?, Bool, [String], CheckedContinuation<AsyncStream<PassthroughEvent>, Never>?,
                    CheckedContinuation<Void, Never>?
                ) in
                defer {
                    box.grid = nil
                    box.clipboard = []
                    box.suspendWaiter = nil
                    box.shellStopWaiter = nil
                }
                return (box.grid, box.stopRequested, box.clipboard, box.suspendWaiter, box.shellStopWaiter)
            }
            if stop { break }
            if let grid { loop.paint(grid) }
            if let shellStopWaiter {
                loop.stopToShell()
                shellStopWaiter.resume()
            }
            for text in clipboard { loop.copyToClipboard(text) }
            if let suspendWaiter {
                loop.enterPassthrough()
                let (stream, sink) = AsyncStream.makeStream(of: PassthroughEvent.self)
                passthrough = sink
                suspendWaiter.resume(returning: stream)
            }
        }
        loop.close()
        let waiters = mailbox.withLock { box -> [CheckedContinuation<Void, Never>] in
            box.finished = true
            defer { box.stopWaiters = [] }
            return box.stopWaiters
        }
        eventSink.finish()
        for waiter in waiters { waiter.resume() }
        return true
    }
}

/// The state that only the curses thread touches.
private final class CursesLoop {
    let options: CursesTerminal.Options
    let wakeRead: Int32
    let wakeWrite: Int32
    let log: @Sendable (String) -> Void
    var screen: OpaquePointer?
    var window: UnsafeMutablePointer<WINDOW>?
    var colors = ColorPairs(enabled: false, colorCount: 0)
    var previous: CellGrid?
    var isUTF8 = true

    init(options: CursesTerminal.Options, wakeRead: Int32, wakeWrite: Int32, log: @escaping @Sendable (String) -> Void)
    {
        self.options = options
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
        self.log = log
    }

    func open() -> Result<Size, any Error> {
        setlocale(LC_ALL, "")
        if cn_codeset_is_utf8() == 0 { setlocale(LC_CTYPE, "C.UTF-8") }
        isUTF8 = cn_codeset_is_utf8() != 0
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            return .failure(
                CursesTerminal.StartError.noTerminal("berth needs a terminal: stdin and stdout must be a TTY"))
        }
        cn_save_termios()
        let output = cn_fdopen_out()
        let input = cn_fdopen_in()
        var opened: OpaquePointer?
        let requested = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if !requested.isEmpty { opened = newterm(nil, output, input) }
        for fallback in ["xterm-256color", "vt100"] where opened == nil {
            log("terminal type '\(requested)' has no terminfo entry; trying \(fallback)")
            opened = newterm(fallback, output, input)
        }
        guard let opened else {
            return .failure(
                CursesTerminal.StartError.noTerminal("No usable terminal description for TERM=\(requested)"))
        }
        screen = opened
        set_term(opened)
        window = cn_stdscr()
        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        curs_set(0)
        set_escdelay(25)
        if !options.noColor, has_colors() {
            start_color()
            use_default_colors()
            colors = ColorPairs(enabled: true, colorCount: Int(cn_colors()))
        }
        cn_install_signal_handlers(wakeWrite)
        return .success(currentSize())
    }

    func currentSize() -> Size { Size(width: Int(cn_cols()), height: Int(cn_lines())) }

    /// Sleeps until a key arrives or something writes to the wake pipe; returns the pipe's bytes.
    func waitForInput() -> [UInt8] {
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&fds, 2, -1)
        return drainWakePipe()
    }

    private func drainWakePipe() -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(wakeRead, &buffer, buffer.count)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return bytes
    }

    /// Reads every pending key; a resize becomes `.resize` with the new size, after a full repaint is arranged.
    func drainKeys() -> [TerminalEvent] {
        var events: [TerminalEvent] = []
        var code: wint_t = 0
        while true {
            let rc = wget_wch(window, &code)
            if rc == ERR { break }
            if rc == KEY_CODE_YES, Int32(code) == KEY_RESIZE {
                previous = nil
                events.append(.resize(currentSize()))
                continue
            }
            if let key = KeyDecoder.decode(isFunctionKey: rc == KEY_CODE_YES, code: UInt32(code)) {
                events.append(.key(key))
            }
        }
        return events
    }

    /// Draws the rows that changed since the last frame, then lets ncurses send the minimal update.
    func paint(_ grid: CellGrid) {
        let size = currentSize()
        let rows = grid.changedRows(since: previous)
        if previous == nil || previous?.size != grid.size { werase(window) }
        for y in rows where y < size.height {
            var x = 0
            while x < min(grid.size.width, size.width) {
                let cell = grid[x, y]
                if !cell.isContinuation { put(cell, x: x, y: y) }
                x += 1
            }
        }
        previous = grid
        wnoutrefresh(window)
        doupdate()
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var attrs: attr_t = 0
        if cell.style.bold { attrs |= cn_A_BOLD() }
        if cell.style.dim { attrs |= cn_A_DIM() }
        if cell.style.reverse { attrs |= cn_A_REVERSE() }
        if cell.style.underline { attrs |= cn_A_UNDERLINE() }
        let (pair, extra) = colors.pair(for: cell.style)
        attrs |= extra
        var chars = drawable(cell.text).unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        chars.append(0)
        _ = cn_put_cell(window, Int32(y), Int32(x), chars, attrs, pair)
    }

    /// The text to send for a cell: unchanged when the C library agrees on its width, else a stand-in of the
    /// same width, so one disputed character can never shift the rest of the row.
    private func drawable(_ text: String) -> String {
        guard let base = text.unicodeScalars.first else { return " " }
        if base.value < 0x80 { return text }
        let expected = TextWidth.of(base)
        if !isUTF8 { return Self.asciiFallback(base, width: expected) }
        if Int(cn_wcwidth(base.value)) != expected { return expected == 2 ? "??" : "?" }
        return text
    }

    static func asciiFallback(_ scalar: Unicode.Scalar, width: Int) -> String {
        switch scalar {
        case "─": return "-"
        case "│": return "|"
        case "┌", "┐", "└", "┘": return "+"
        case "…": return "~"
        case "█": return "#"
        case "↑": return "^"
        case "↓": return "v"
        default: return width == 2 ? "??" : "?"
        }
    }

    // MARK: - Passthrough (exec)

    private var savedTermios = termios()

    /// Leaves curses mode and makes the terminal raw, so every byte reaches the foreground program.
    func enterPassthrough() {
        def_prog_mode()
        endwin()
        cn_reinstall_winch()
        tcgetattr(STDIN_FILENO, &savedTermios)
        var raw = savedTermios
        cfmakeraw(&raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }

    /// Restores the terminal and repaints the last frame in full.
    func leavePassthrough() {
        tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios)
        takeBack()
    }

    /// Ctrl-Z: gives the terminal back to the shell, stops until `fg`, then takes it back and repaints.
    func stopToShell() {
        def_prog_mode()
        endwin()
        cn_stop_self()
        takeBack()
    }

    /// Back in curses mode after the terminal was someone else's: whatever they drew is unknown, so repaint all.
    private func takeBack() {
        reset_prog_mode()
        cn_reinstall_winch()
        clearok(cn_curscr(), true)
        if let last = previous {
            previous = nil
            paint(last)
        } else {
            wrefresh(window)
        }
    }

    /// Waits for keystrokes or a wake byte; returns both, raw.
    func waitForPassthroughInput() -> ([UInt8], [UInt8]) {
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&fds, 2, -1)
        var input: [UInt8] = []
        if fds[0].revents & Int16(POLLIN | POLLHUP) != 0 {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(STDIN_FILENO, &buffer, buffer.count)
            if n > 0 { input = Array(buffer[0..<n]) }
        }
        return (drainWakePipe(), input)
    }

    /// The terminal's size from the kernel (ncurses is not in charge while suspended).
    func terminalSize() -> Size {
        var rows: Int32 = 0
        var columns: Int32 = 0
        guard cn_window_size(STDOUT_FILENO, &rows, &columns) == 0 else { return currentSize() }
        return Size(width: Int(columns), height: Int(rows))
    }

    static func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            if n <= 0 { break }
            offset += n
        }
    }

    /// Writes OSC 52 straight to the terminal after ncurses has flushed, so it reaches the user's terminal
    /// (tmux takes it from programs inside only with `set-clipboard on`; its default, `external`, ignores it).
    func copyToClipboard(_ text: String) {
        let sequence = "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        Self.writeAll(Array(sequence.utf8))
    }

    func close() {
        guard let screen else { return }
        endwin()
        cn_reset_signal_handlers()
        cn_restore_termios()
        delscreen(screen)
        self.screen = nil
    }
}
