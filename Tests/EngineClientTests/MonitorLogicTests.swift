import EngineAPI
import EngineClient
import EngineWatchers
import Foundation
import Testing

/// The monitor against an engine that is not there at all.
@Suite("ContainerMonitor without an engine")
struct MonitorLogicTests {
    @Test func neverReachableEngineBacksOff() async throws {
        let path = RawSocket.temporaryPath("absent")
        let monitor = ContainerMonitor(host: .unixSocket(path: path))
        let (updates, drain) = Recorder<MonitorUpdate>.draining(monitor.updates)
        let runner = Task { await monitor.run() }
        defer {
            runner.cancel()
            drain.cancel()
        }
        #expect(await updates.wait(within: .seconds(15)) { $0.count >= 2 })
        let items = await updates.items
        guard items.count >= 2 else { return }
        guard case .disconnected(let reason, let retry) = items[0], case .disconnected(_, let retry2) = items[1] else {
            Issue.record("expected two .disconnected, got \(items)")
            return
        }
        #expect(reason == EngineError.socketMissing(path: path).description)
        #expect(retry == .milliseconds(500))
        #expect(retry2 == .seconds(1))
    }
}
