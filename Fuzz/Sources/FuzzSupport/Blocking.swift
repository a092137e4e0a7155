import Dispatch
import Synchronization

/// Runs async code to completion from libFuzzer's synchronous callback.
///
/// The callback runs on the main thread, which no Swift task needs, so blocking it on a semaphore while the task runs
/// on the global executor cannot deadlock.
public func runBlocking<Result: Sendable>(_ body: @escaping @Sendable () async -> Result) -> Result {
    let outcome = Mutex<Result?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let value = await body()
        outcome.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    guard let value = outcome.withLock({ $0 }) else { fatalError("the task finished without a result") }
    return value
}
