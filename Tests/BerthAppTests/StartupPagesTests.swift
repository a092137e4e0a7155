import Testing

@testable import BerthApp

/// `StartupPages` finds this process's own code in `/proc/self/maps` and gives its pages back without harm: the code
/// still runs, and data written before is still there.
@Suite("Start-up pages")
struct StartupPagesTests {
    /// A function of this binary, called through a C pointer so that its address can be taken.
    private static let probe: @convention(c) (Int32) -> Int32 = { $0 &* 3 }
    /// Data of this binary (initialised in the file, so its page is the file's until written) that the test writes
    /// before the pages go: unmapping that page would bring back the file's 7.
    nonisolated(unsafe) private static var written = 7

    @Test func theExecutablesMappingsHoldItsOwnCode() throws {
        let executable = try #require(StartupPages.ownExecutable())
        let mappings = StartupPages.mappings(of: executable)
        let code = UInt(bitPattern: unsafeBitCast(Self.probe, to: Int.self))
        #expect(mappings.contains { $0.isCode && $0.range.contains(code) }, "\(code) is in no code of \(mappings)")
        // The binary's data (written at start-up: relocated pointers, initialised globals) is not counted as code.
        #expect(mappings.contains { !$0.isCode }, "\(mappings)")
        // Another file's mappings are not this binary's.
        #expect(StartupPages.mappings(of: "/nonexistent/berth").isEmpty)
    }

    @Test func releasingLeavesTheCodeWorkingAndTheDataInPlace() {
        Self.written = 9
        let released = StartupPages.release()
        #expect(released > 0)
        #expect(Self.probe(14) == 42)
        #expect(Self.written == 9)
    }
}
