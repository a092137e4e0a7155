import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif

/// A child process whose stdin and stdout become a NIO channel (the ssh transport), with its stderr collected
/// and its exit status reaped on a thread of its own.
final class ChildProcess: Sendable {
    struct Exit: Sendable, Equatable {
        /// The exit code, or nil when a signal ended it.
        var code: Int32?
        var signal: Int32?
        /// The last part of what it wrote to stderr (bounded).
        var stderr: String
    }

    let pid: pid_t
    /// The read end of the child's stdout and the write end of its stdin, for `NIOPipeBootstrap`.
    let output: CInt
    let input: CInt
    private let exit: Mutex<(Exit?, [CheckedContinuation<Exit, Never>])>
    private let stderrTail = Mutex<(bytes: [UInt8], total: Int)>(([], 0))

    /// How much of stderr is kept: enough for ssh's and docker's messages, not for a flood.
    static let stderrLimit = 8192

    private init(pid: pid_t, output: CInt, input: CInt) {
        self.pid = pid
        self.output = output
        self.input = input
        self.exit = Mutex((nil, []))
    }

    /// Starts `arguments[0]` (looked up in `PATH`) in a session of its own, without a terminal: it can neither
    /// prompt nor receive the terminal's signals.
    static func spawn(_ arguments: [String]) throws -> ChildProcess {
        // pipe2 is not visible to Swift here; the lock makes pipe + FD_CLOEXEC atomic with respect to berth's
        // other spawns, so no child inherits another child's pipe (which would hide its end of file).
        try spawnLock.withLock { _ in try spawnLocked(arguments) }
    }

    private static let spawnLock = Mutex(())

    private static func makePipe() throws -> [CInt] {
        var fds: [CInt] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SpawnError(errno: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    private static func spawnLocked(_ arguments: [String]) throws -> ChildProcess {
        let stdinPipe = try makePipe()
        let stdoutPipe: [CInt]
        let stderrPipe: [CInt]
        do {
            stdoutPipe = try makePipe()
        } catch {
            closeAll(stdinPipe)
            throw error
        }
        do {
            stderrPipe = try makePipe()
        } catch {
            closeAll(stdinPipe + stdoutPipe)
            throw error
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Signals berth ignores (SIGPIPE) or blocks on its threads must not carry over into ssh.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD, SIGWINCH] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        // POSIX_SPAWN_SETSID (glibc 2.26+; the constant is not imported into Swift).
        let setsid: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | setsid))

        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        closeAll([stdinPipe[0], stdoutPipe[1], stderrPipe[1]])
        guard result == 0 else {
            closeAll([stdinPipe[1], stdoutPipe[0], stderrPipe[0]])
            throw SpawnError(errno: result)
        }
        let child = ChildProcess(pid: pid, output: stdoutPipe[0], input: stdinPipe[1])
        let stderrFD = stderrPipe[0]
        // One small thread per child: it drains stderr (so the child never blocks on it), then reaps the child.
        Self.detachThread { child.drainAndReap(stderrFD) }
        return child
    }

    /// Runs `body` on a thread of its own that nobody joins. (A POSIX thread rather than Foundation's `Thread`:
    /// berth links only FoundationEssentials, which keeps the static binary free of ICU's data.)
    private static func detachThread(_ body: @escaping @Sendable () -> Void) {
        final class Work: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, work)
        if started == 0 {
            pthread_detach(thread)
        } else {
            // No thread to be had: the work still runs, on the pool, rather than leave the child unreaped.
            let work = Unmanaged<Work>.fromOpaque(work).takeRetainedValue()
            Task.detached { work.body() }
        }
    }

    private func drainAndReap(_ fd: CInt) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count > 0 {
                stderrTail.withLock { tail in
                    tail.bytes.append(contentsOf: buffer[0..<count])
                    tail.total += count
                    if tail.bytes.count > Self.stderrLimit {
                        tail.bytes.removeFirst(tail.bytes.count - Self.stderrLimit)
                    }
                }
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        close(fd)
        var status: CInt = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exited = status & 0x7f == 0
        let result = Exit(
            code: exited ? (status >> 8) & 0xff : nil, signal: exited ? nil : status & 0x7f,
            stderr: String(decoding: stderrTail.withLock { $0.bytes }, as: UTF8.self))
        let waiters = exit.withLock { state in
            state.0 = result
            defer { state.1 = [] }
            return state.1
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }

    /// How many bytes the child has written to stderr so far.
    var stderrLength: Int { stderrTail.withLock { $0.total } }

    /// What the child wrote to stderr after the first `mark` bytes (as far as the kept tail reaches).
    func stderr(since mark: Int) -> String {
        stderrTail.withLock { tail in
            let new = max(0, tail.total - mark)
            return String(decoding: tail.bytes.suffix(new), as: UTF8.self)
        }
    }

    /// The exit status once the child has ended.
    var exitStatus: Exit? { exit.withLock { $0.0 } }

    /// Waits for the child to end (it is not asked to).
    func waitForExit() async -> Exit {
        await withCheckedContinuation { continuation in
            let done = exit.withLock { state -> Exit? in
                if let done = state.0 { return done }
                state.1.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// Asks the child to end.
    func terminate() {
        if exitStatus == nil { kill(pid, SIGTERM) }
    }

    private static func closeAll(_ fds: [CInt]) {
        for fd in fds where fd >= 0 { close(fd) }
    }

    struct SpawnError: Error, CustomStringConvertible {
        var errno: CInt
        var description: String { ErrorMapping.errnoText(errno) }
    }
}
