import Testing

@testable import EngineAPI

@Suite struct ContainerLifecycleTests {
    @Test(arguments: [
        ("running", ContainerLifecycle.running), ("Running", .running), ("PAUSED", .paused),
        ("configured", .created), ("stopped", .exited), ("dead", .dead), ("removing", .removing),
        ("restarting", .restarting), ("sleeping", .unknown), ("", .unknown),
    ])
    func theEnginesWordInAnyCase(word: String, lifecycle: ContainerLifecycle) {
        #expect(ContainerLifecycle(engineState: word) == lifecycle)
    }

    @Test func noWordIsUnknown() {
        #expect(ContainerLifecycle(engineState: nil) == .unknown)
    }
}
