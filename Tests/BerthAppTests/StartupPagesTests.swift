import Testing

@testable import BerthApp

#if canImport(Glibc)
import Glibc
#endif

/// `StartupPages` reads `/proc/self/smaps`, picks what can go without harm, and gives its pages back: the code still
/// runs, data written before is still there, and the shared libraries still work.
@Suite("Start-up pages")
struct StartupPagesTests {
    /// A function of this binary, called through a C pointer so that its address can be taken.
    private static let probe: @convention(c) (Int32) -> Int32 = { $0 &* 3 }
    /// Data of this binary (initialised in the file, so its page is the file's until written) that the test writes
    /// before the pages go: unmapping that page would bring back the file's 7.
    nonisolated(unsafe) private static var written = 7

    static let smaps = """
        55d0c0000000-55d0c0e72000 r-xp 000aa000 08:01 1234                       /usr/bin/berth
        Size:              14792 kB
        Rss:                7196 kB
        Anonymous:             0 kB
        VmFlags: rd ex mr mw me dw sd
        55d0c0e72000-55d0c0f11000 r--p 00f1b000 08:01 1234                       /usr/bin/berth
        Anonymous:           636 kB
        55d0c0f11000-55d0c11c9000 rw-p 00fb9000 08:01 1234                       /usr/bin/berth
        Anonymous:           236 kB
        55d0c11c9000-55d0c1291000 rw-p 00000000 00:00 0
        Anonymous:           460 kB
        7f0000000000-7f0000156000 r-xp 00026000 08:01 99                         /usr/lib/x86_64-linux-gnu/libc.so.6
        Anonymous:             0 kB
        7f0000156000-7f00001a9000 r--p 0017c000 08:01 99                         /usr/lib/x86_64-linux-gnu/libc.so.6
        Anonymous:             0 kB
        7f00001a9000-7f00001ad000 r--p 001cf000 08:01 99                         /usr/lib/x86_64-linux-gnu/libc.so.6
        Anonymous:            16 kB
        7f00001ad000-7f00001af000 rw-p 001d3000 08:01 99                         /usr/lib/x86_64-linux-gnu/libc.so.6
        Anonymous:             8 kB
        7f0000200000-7f0000201000 r--p 00000000 08:01 7                          /usr/lib/locale/C.utf8/LC_CTYPE (deleted)
        Anonymous:             0 kB
        7f0000300000-7f0000301000 r--p 00000000 08:01 8                          /usr/lib/odd name
        7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]
        Anonymous:           132 kB
        7ffd00100000-7ffd00102000 r-xp 00000000 00:00 0                          [vdso]
        Anonymous:             0 kB
        """

    @Test func eachMappingGetsTheAdviceItsPagesAllow() {
        let mappings = StartupPages.mappings(smaps: Self.smaps)
        #expect(
            mappings.map(\.path) == [
                "/usr/bin/berth", "/usr/bin/berth", "/usr/bin/berth", "",
                "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6",
                "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6",
                "/usr/lib/locale/C.utf8/LC_CTYPE (deleted)", "/usr/lib/odd name", "[stack]", "[vdso]",
            ])
        #expect(mappings.first?.range == 0x55d0_c000_0000..<0x55d0_c0e7_2000)
        #expect(mappings.map(\.writtenKiB).prefix(3) == [0, 636, 236])
        #expect(
            mappings.map { $0.advice(executable: "/usr/bin/berth") } == [
                // The binary: its code goes, its data and relocated pointers are only paged out.
                .pageOutAndUnmap, .pageOut, .pageOut,
                // .bss and other anonymous memory.
                .keep,
                // libc's code and constant data go; its relocated data (written, read-only again) and its data stay.
                .unmap, .unmap, .keep, .keep,
                .unmap,
                // No `Anonymous` line: counted as written.
                .keep,
                .keep, .keep,
            ])
    }

    @Test func theExecutablesMappingsHoldItsOwnCode() throws {
        let executable = try #require(StartupPages.ownExecutable())
        let text = String(decoding: try #require(FileBytesForTests.smaps()), as: UTF8.self)
        let mappings = StartupPages.mappings(smaps: text)
        let code = UInt(bitPattern: unsafeBitCast(Self.probe, to: Int.self))
        let own = mappings.filter { $0.path == executable[...] }
        #expect(own.contains { $0.isCode && $0.range.contains(code) }, "\(code) is in no code of \(own)")
        // The binary's data (written at start-up: relocated pointers, initialised globals) is not counted as code.
        #expect(own.contains { !$0.isCode }, "\(own)")
        // libc's code is someone else's, and can go.
        #expect(
            mappings.contains {
                $0.path.contains("libc.so") && $0.isCode && $0.advice(executable: executable) == .unmap
            })
    }

    @Test func releasingLeavesTheCodeWorkingAndTheDataInPlace() {
        Self.written = 9
        let released = StartupPages.release()
        #expect(released.executable > 0)
        #expect(released.otherFiles > 0)
        #expect(Self.probe(14) == 42)
        #expect(Self.written == 9)
        // libc still works, its written data (the environment, stdio) still there.
        #expect(strlen("berth") == 5)
        #expect(getenv("PATH") != nil)
    }
}

/// Reads `/proc/self/smaps` the way `StartupPages.release()` does.
enum FileBytesForTests {
    static func smaps() -> [UInt8]? {
        let fd = open("/proc/self/smaps", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard got > 0 else { break }
            bytes += buffer.prefix(got)
        }
        return bytes
    }
}
