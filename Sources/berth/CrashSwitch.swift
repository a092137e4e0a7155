import CursesBackend

#if canImport(Glibc)
import Glibc
#endif

/// A hidden switch for the end-to-end tests: `BERTH_TEST_CRASH=trap` (a Swift runtime trap) or `segv` (a bad
/// memory access) crashes berth on purpose once its first frame is on the screen, on the terminal's own thread,
/// where the event loop runs. The tests then check that the terminal came back and the crash was reported.
enum CrashSwitch {
    static func arm(_ terminal: CursesTerminal, environment: [String: String]) {
        guard let mode = environment["BERTH_TEST_CRASH"], mode == "trap" || mode == "segv" else { return }
        Task(executorPreference: terminal.taskExecutor) {
            while terminal.framesPainted == 0 {
                try? await Task.sleep(for: .milliseconds(10))
            }
            if mode == "trap" {
                // An index the optimiser cannot prove out of range: the runtime's bounds check traps.
                let frames = [terminal.framesPainted]
                _ = frames[frames.count + Int(getpid() % 2)]
            } else if let address = UnsafeMutablePointer<Int>(bitPattern: 8) {
                address.pointee = 0
            }
        }
    }
}
