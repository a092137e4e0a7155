import Synchronization
import TerminalUI

/// A terminal that records every frame instead of drawing it, and takes keys from the test.
final class RecordingBackend: TerminalBackend {
    let size: Size
    let events: AsyncStream<TerminalEvent>
    private let input: AsyncStream<TerminalEvent>.Continuation
    private let frames = Mutex<[CellGrid]>([])
    private let stopped = Atomic<Bool>(false)

    init(size: Size = Size(width: 120, height: 30)) {
        self.size = size
        (events, input) = AsyncStream.makeStream(of: TerminalEvent.self)
    }

    func start() async throws -> Size { size }
    func draw(_ grid: CellGrid) { frames.withLock { $0.append(grid) } }
    func copyToClipboard(_ text: String) {}
    func suspend() async -> AsyncStream<PassthroughEvent> { AsyncStream { $0.finish() } }
    func writeRaw(_ bytes: [UInt8]) {}
    func resume() async {}
    func suspendToShell() async {}
    func stop() async { stopped.store(true, ordering: .relaxed) }

    var isStopped: Bool { stopped.load(ordering: .relaxed) }
    var frameCount: Int { frames.withLock { $0.count } }
    var lastFrame: String { frames.withLock { $0.last?.plainText ?? "" } }

    func press(_ keys: Key...) {
        for key in keys { input.yield(.key(key)) }
    }

    /// Waits (polling, with a deadline) until the last frame drawn contains `text`.
    func waitForFrame(containing text: String, seconds: Double = 10) async -> Bool {
        await waitForFrame(seconds: seconds) { $0.contains(text) }
    }

    /// Waits (polling, with a deadline) until the last frame drawn satisfies `condition`.
    func waitForFrame(seconds: Double = 10, where condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition(lastFrame) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(lastFrame)
    }
}
