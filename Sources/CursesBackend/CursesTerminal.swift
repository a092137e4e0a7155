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
    // `keyGate` is Sendable (a Mutex) and `frames` an Atomic; `thread` state lives only in `CursesLoop`, which is
    // created and used on the curses thread alone.
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
        /// `discardTypeahead()` was called: drop the input queue just before the next frame is painted.
        var discardTypeahead = false
        /// Mouse reporting to switch on or off, if asked since the last pass.
        var mouse: Bool?
    }

    /// Options fixed at start.
    public struct Options: Sendable {
        /// Draw without colours (`NO_COLOR`); bold, dim and reverse remain.
        public var noColor: Bool
        /// Where a crash report is written (see `CrashReports`).
        public var crashReportDirectory: String
        /// The theme is for a light background: where the terminal cannot keep its own colours, draw black on
        /// white (rather than white on black) around the coloured text.
        public var lightBackground = false

        /// `crashReportDirectory` nil: `$XDG_STATE_HOME/berth`, else `~/.local/state/berth`, else the temporary
        /// directory.
        public init(noColor: Bool, crashReportDirectory: String? = nil) {
            self.noColor = noColor
            self.crashReportDirectory =
                crashReportDirectory ?? CrashReports.directory(environment: ProcessInfo.processInfo.environment)
        }
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
    private let keyGate = KeyGate()
    private let frames = Atomic<Int>(0)

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

    public func discardTypeahead() {
        // Keys already delivered are in the event loop's queue: they are stale from now on. Keys still in the tty
        // are dropped by the curses thread just before it paints the frame the loop just drew.
        keyGate.discardDelivered()
        mailbox.withLock { $0.discardTypeahead = true }
        wake(UInt8(ascii: "d"))
    }

    public func admitNextKey() -> Bool { keyGate.admitNext() }

    public var framesPainted: Int { frames.load(ordering: .acquiring) }

    public func setMouseReporting(_ enabled: Bool) {
        mailbox.withLock { $0.mouse = enabled }
        wake(UInt8(ascii: "d"))
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
        let loop = CursesLoop(
            options: options, wakeRead: wakeRead, wakeWrite: wakeWrite, keyGate: keyGate, log: log)
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
            for event in loop.drainKeys() {
                if case .key = event { keyGate.deliver() }
                eventSink.yield(event)
            }
            // The keys just yielded are handled here, and the grid they produce is painted below.
            executor.runPending()
            let (grid, stop, clipboard, suspendWaiter, shellStopWaiter, discard, mouse) = mailbox.withLock {
                box -> (
                    CellGrid?, Bool, [String], CheckedContinuation<AsyncStream<PassthroughEvent>, Never>?,
                    CheckedContinuation<Void, Never>?, Bool, Bool?
                ) in
                defer {
                    box.grid = nil
                    box.clipboard = []
                    box.suspendWaiter = nil
                    box.shellStopWaiter = nil
                    box.discardTypeahead = false
                    box.mouse = nil
                }
                return (
                    box.grid, box.stopRequested, box.clipboard, box.suspendWaiter, box.shellStopWaiter,
                    box.discardTypeahead, box.mouse
                )
            }
            if stop { break }
            if let mouse { loop.setMouseReporting(mouse) }
            if discard {
                // A question is about to be painted: what was typed before it reaches the screen must not answer
                // it. Dropped before the paint, not after: a key typed once the question shows (this thread reads
                // none while it paints) must never be lost to a flush that comes late, when this thread is
                // descheduled between the two.
                loop.discardInput()
                keyGate.discardDelivered()
            }
            if let grid {
                loop.paint(grid)
                frames.add(1, ordering: .releasing)
            }
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
