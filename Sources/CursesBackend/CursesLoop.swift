import CNcursesw
import TerminalUI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// The state that only the curses thread touches.
final class CursesLoop {
    let options: CursesTerminal.Options
    let wakeRead: Int32
    let wakeWrite: Int32
    let keyGate: KeyGate
    let log: @Sendable (String) -> Void
    var screen: OpaquePointer?
    var window: UnsafeMutablePointer<WINDOW>?
    var colors = ColorPairs(enabled: false, colorCount: 0, pairCount: 0, defaultColors: true)
    var previous: CellGrid?
    /// Whether the user's locale is UTF-8; if not, every cell is drawn in ASCII (`AsciiGlyphs`).
    var isUTF8 = true
    /// The terminal went away (an SSH drop, a closed window): stdin is no longer polled, and berth is stopping.
    var hungUp = false
    /// Whether berth asked for mouse reports; asked again whenever the terminal comes back from someone else.
    var mouseReporting = false

    init(
        options: CursesTerminal.Options, wakeRead: Int32, wakeWrite: Int32, keyGate: KeyGate,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.options = options
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
        self.keyGate = keyGate
        self.log = log
    }

    func open() -> Result<Size, any Error> {
        // The user's locale decides what the terminal can show: in C, POSIX or Latin-1 berth draws ASCII only, rather
        // than UTF-8 bytes the terminal would show as mojibake.
        let environment = ProcessInfo.processInfo.environment
        if setlocale(LC_ALL, "") == nil || cn_codeset_is_utf8() == 0, LocaleCharset.requestsUTF8(environment) {
            log("the locale asks for UTF-8 but this host lacks it: drawing with C.UTF-8")
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        isUTF8 = cn_codeset_is_utf8() != 0
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            return .failure(
                CursesTerminal.StartError.noTerminal("berth needs a terminal: stdin and stdout must be a TTY"))
        }
        let requested = environment["TERM"] ?? ""
        let name: String
        switch TerminalType.choose(requested: requested, probe: { TerminalType.Probe(cn_terminfo_probe($0)) }) {
        case .refuse(let reason):
            return .failure(CursesTerminal.StartError.noTerminal(reason))
        case .use(let chosen, let note):
            if let note { log(note) }
            name = chosen
        }
        if !isUTF8 { log("the locale's character set is not UTF-8: drawing in ASCII") }
        cn_save_termios()
        guard let opened = newterm(name, cn_fdopen_out(), cn_fdopen_in()) else {
            return .failure(CursesTerminal.StartError.noTerminal("cannot open the terminal as \(name)"))
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
        // COLORS is known only after start_color(); fewer than 8 is no palette berth can map its colours to.
        if !options.noColor, has_colors(), start_color() == OK, cn_colors() >= 8 {
            let defaultColors = use_default_colors() == OK
            colors = ColorPairs(
                enabled: true, colorCount: Int(cn_colors()), pairCount: Int(cn_color_pairs()),
                defaultColors: defaultColors, lightBackground: options.lightBackground)
        }
        cn_prepare_restore()
        cn_set_crash_report_directory(options.crashReportDirectory)
        if cn_capture_stderr() != 0 { log("stderr stays on the terminal: it could not be captured (\(errno))") }
        cn_install_signal_handlers(wakeWrite)
        return .success(currentSize())
    }

    func currentSize() -> Size { Size(width: Int(cn_cols()), height: Int(cn_lines())) }

    /// Sleeps until a key arrives or something writes to the wake pipe; returns the pipe's bytes, plus `t` once
    /// when the terminal hangs up.
    func waitForInput() -> [UInt8] {
        var fds = [
            pollfd(fd: hungUp ? -1 : STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&fds, 2, -1)
        return drainWakePipe() + checkHangUp(fds[0].revents)
    }

    /// POLLHUP on the terminal: nothing will ever be typed again. Stop polling it (it would wake the loop for ever)
    /// and stop berth.
    private func checkHangUp(_ revents: Int16) -> [UInt8] {
        guard !hungUp, revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 else { return [] }
        hungUp = true
        cn_note_hang_up()
        log("the terminal hung up")
        return [UInt8(ascii: "t")]
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
            if rc == KEY_CODE_YES, Int32(code) == KEY_MOUSE {
                if let event = readMouse() { events.append(.mouse(event)) }
                continue
            }
            if let key = KeyDecoder.decode(isFunctionKey: rc == KEY_CODE_YES, code: UInt32(code)) {
                events.append(.key(key))
            }
        }
        return events
    }

    /// The mouse event ncurses decoded, if it is one berth uses.
    private func readMouse() -> MouseEvent? {
        var x: Int32 = 0
        var y: Int32 = 0
        let kind: MouseEvent.Kind
        let code = cn_mouse_read(&x, &y)
        switch code {
        case 1, 2, 3: kind = .press(button: Int(code))
        case 4: kind = .wheelUp
        case 5: kind = .wheelDown
        default: return nil
        }
        return MouseEvent(kind, x: Int(x), y: Int(y))
    }

    /// Asks the terminal to report the mouse, or to stop. ncurses sends the terminal's sequence (`XM`, else xterm's).
    func setMouseReporting(_ enabled: Bool) {
        mouseReporting = enabled
        guard screen != nil else { return }
        if cn_mouse_enable(enabled ? 1 : 0) == 0, enabled { log("the terminal cannot report the mouse") }
    }

    /// Drops what the user typed that berth has not read yet: ncurses' own buffer and the terminal's input queue.
    func discardInput() {
        if screen != nil { flushinp() }
        tcflush(STDIN_FILENO, TCIFLUSH)
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
                if !cell.isContinuation { put(cell, x: x, y: y, width: min(grid.size.width, size.width)) }
                x += 1
            }
        }
        previous = grid
        wnoutrefresh(window)
        doupdate()
    }

    private func put(_ cell: Cell, x: Int, y: Int, width: Int) {
        var attrs: attr_t = 0
        if cell.style.bold { attrs |= cn_A_BOLD() }
        if cell.style.dim { attrs |= cn_A_DIM() }
        if cell.style.reverse { attrs |= cn_A_REVERSE() }
        if cell.style.underline { attrs |= cn_A_UNDERLINE() }
        let (pair, extra) = colors.pair(for: cell.style)
        attrs |= extra
        for (offset, text) in drawable(cell.text).enumerated() where x + offset < width {
            var chars = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            chars.append(0)
            _ = cn_put_cell(window, Int32(y), Int32(x + offset), chars, attrs, pair)
        }
    }

    /// What to write for a cell: its text as one character (ncurses gives a wide one both columns) when the terminal
    /// can show it and the C library agrees on its width; else an ASCII stand-in, one character per column, so a
    /// disputed character never shifts the rest of the row and no column keeps what an earlier frame drew there.
    private func drawable(_ text: String) -> [String] {
        guard let base = text.unicodeScalars.first else { return [" "] }
        let expected = TextWidth.of(base)
        if !isUTF8 { return AsciiGlyphs.standIn(for: text, width: expected).map { String($0) } }
        if base.value < 0x80 || Int(cn_wcwidth(base.value)) == expected { return [text] }
        return Array(repeating: "?", count: max(expected, 1))
    }

    // MARK: - Hand-overs (exec, Ctrl-Z)

    private var savedTermios = termios()

    /// Leaves curses mode and makes the terminal raw, so every byte reaches the foreground program. Whatever was
    /// typed before this moment was meant for the dashboard, and must not act there after the program ends.
    func enterPassthrough() {
        discardInput()
        keyGate.discardDelivered()
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
        discardInput()
        keyGate.discardDelivered()
        def_prog_mode()
        endwin()
        cn_stop_self()
        takeBack()
    }

    /// Back in curses mode after the terminal was someone else's: whatever they drew is unknown, so repaint all.
    /// Keys typed while it changed hands (after the program ended, before the dashboard is back) are dropped.
    private func takeBack() {
        reset_prog_mode()
        cn_reinstall_winch()
        discardInput()
        keyGate.discardDelivered()
        clearok(cn_curscr(), true)
        if mouseReporting { _ = cn_mouse_enable(1) }
        if let last = previous {
            previous = nil
            paint(last)
        } else {
            wrefresh(window)
        }
    }

    /// Waits for keystrokes or a wake byte; returns both, raw (a hang-up adds `t`, once).
    func waitForPassthroughInput() -> ([UInt8], [UInt8]) {
        var fds = [
            pollfd(fd: hungUp ? -1 : STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&fds, 2, -1)
        var input: [UInt8] = []
        if fds[0].revents & Int16(POLLIN) != 0 {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(STDIN_FILENO, &buffer, buffer.count)
            if n > 0 { input = Array(buffer[0..<n]) }
        }
        return (drainWakePipe() + checkHangUp(fds[0].revents), input)
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

    /// Gives the terminal back as it was: the screen, the modes, the tty settings, and stderr (with anything written
    /// to it meanwhile).
    func close() {
        guard let screen else { return }
        if mouseReporting { _ = cn_mouse_enable(0) }
        endwin()
        cn_write_mode_resets()
        cn_reset_signal_handlers()
        cn_restore_termios()
        cn_release_stderr()
        delscreen(screen)
        self.screen = nil
    }
}
