import CursesBackend

#if canImport(Glibc)
import Glibc
#endif

/// A hidden switch for the end-to-end tests. Once berth's first frame is on the screen, on the terminal's own
/// thread (where the event loop runs), `BERTH_TEST_CRASH=trap` fails a Swift runtime check, `segv` writes to an
/// invalid address, and `hang` blocks that thread for good, as a stuck event loop would. The tests then check that
/// the terminal comes back: from the crash handler, or from the termination watchdog.
enum CrashSwitch {
    /// `log` hears one line just before the switch acts, so a test can wait for the thread to be stuck rather than
    /// guess how long that takes.
    static func arm(
        _ terminal: CursesTerminal, environment: [String: String], log: @escaping @Sendable (String) -> Void
    ) {
        guard let mode = environment["BERTH_TEST_CRASH"], ["trap", "segv", "hang"].contains(mode) else { return }
        Task(executorPreference: terminal.taskExecutor) {
            while terminal.framesPainted == 0 {
                try? await Task.sleep(for: .milliseconds(10))
            }
            log("test switch: \(mode) now")
            switch mode {
            case "trap":
                // An index the optimiser cannot prove out of range: the runtime's bounds check traps.
                let frames = [terminal.framesPainted]
                _ = frames[frames.count + Int(getpid() % 2)]
            case "segv":
                if let address = UnsafeMutablePointer<Int>(bitPattern: 8) { address.pointee = 0 }
            default:
                while true { sleep(60) }
            }
        }
    }
}
