import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs tasks that prefer it on the curses thread, between its waits for input.
///
/// The dashboard's event loop runs here: a key is then read, reduced, rendered and drawn by one thread that
/// sleeps most of the time, so the kernel runs it as soon as the key arrives. Had the loop run on the shared
/// pool, a key would wait for a pool thread to be scheduled, then for the curses thread again; while a container
/// floods its log both cores are busy, and each of those waits could take a scheduling period.
final class CursesThreadExecutor: TaskExecutor {
    private let pending = Mutex<[UnownedJob]>([])
    private let wakeWrite: Int32

    /// - Parameter wakeWrite: the curses thread's wake pipe; one byte is written when the queue becomes non-empty.
    init(wakeWrite: Int32) {
        self.wakeWrite = wakeWrite
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let wasEmpty = pending.withLock { queue in
            queue.append(job)
            return queue.count == 1
        }
        if wasEmpty {
            var byte = UInt8(ascii: "j")
            _ = write(wakeWrite, &byte, 1)
        }
    }

    /// Runs the queued jobs, and the jobs those enqueue, for a few rounds: enough for a key to travel from the
    /// event stream through the loop to a new grid in one pass, never so many that a stream of work keeps the
    /// thread from painting and reading keys. Jobs left over have written to the wake pipe, so the thread comes
    /// straight back. Called on the curses thread only.
    func runPending() {
        for _ in 0..<Self.roundsPerPass {
            let jobs = pending.withLock { queue -> [UnownedJob] in
                defer { queue.removeAll(keepingCapacity: true) }
                return queue
            }
            if jobs.isEmpty { return }
            for job in jobs { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }

    static let roundsPerPass = 4
}
