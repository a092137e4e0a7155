import Testing

@testable import BerthApp

/// `StartupPages` finds this process's own code in `/proc/self/maps` and pages it out without harm.
@Suite("Start-up pages")
struct StartupPagesTests {
    /// A function of this binary, called through a C pointer so that its address can be taken.
    private static let probe: @convention(c) (Int32) -> Int32 = { $0 &* 3 }

    @Test func theExecutablesMappingsHoldItsOwnCode() throws {
        let executable = try #require(StartupPages.ownExecutable())
        let ranges = StartupPages.mappings(of: executable)
        let code = UInt(bitPattern: unsafeBitCast(Self.probe, to: Int.self))
        #expect(ranges.contains { $0.contains(code) }, "\(code) is in none of \(ranges)")
        // Another file's mappings are not this binary's.
        #expect(StartupPages.mappings(of: "/nonexistent/berth").isEmpty)
    }

    @Test func pagingOutLeavesTheCodeWorking() {
        let released = StartupPages.release()
        #expect(released > 0)
        #expect(Self.probe(14) == 42)
    }
}
