import Foundation
import Testing

@testable import EngineWatchers

/// Held descriptors of statistics files: each read is the file's content now, and a file that cannot be read is
/// neither answered nor kept.
@Suite struct HeldFilesTests {
    /// `rchar` in `/proc/self/io` counts the bytes this process has read, reading that file included: a held
    /// descriptor read again from offset 0 must show it grown, as a fresh open would.
    @Test func aHeldKernelFileIsGeneratedAfreshOnEveryRead() throws {
        let held = HeldFiles()
        func rchar() throws -> UInt64 {
            let bytes = try #require(held.read("/proc/self/io"))
            let line = try #require(String(decoding: bytes, as: UTF8.self).split(separator: "\n").first)
            #expect(line.hasPrefix("rchar:"))
            return try #require(UInt64(line.dropFirst("rchar:".count).trimmingCharacters(in: .whitespaces)))
        }
        let first = try rchar()
        let second = try rchar()
        #expect(held.count == 1)
        #expect(second > first, "the second read returned the first read's content")
    }

    @Test func aFileRewrittenInPlaceIsReadAsItIsNow() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("berth-held-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(fopen(path, "w"))
        fputs("12345\n", handle)
        fflush(handle)
        let held = HeldFiles()
        #expect(held.read(path) == Array("12345\n".utf8))
        // Shorter content, written over the old: the read must not keep the old tail.
        fseek(handle, 0, SEEK_SET)
        ftruncate(fileno(handle), 0)
        fputs("7\n", handle)
        fflush(handle)
        fclose(handle)
        #expect(held.read(path) == Array("7\n".utf8))
        #expect(held.count == 1)
    }

    @Test func beyondTheLimitFilesAreStillReadButNotKept() throws {
        let held = HeldFiles(limit: 2)
        for path in ["/proc/self/stat", "/proc/self/statm", "/proc/self/io"] {
            #expect(held.read(path) != nil, "\(path)")
        }
        #expect(held.count == 2)
        held.release(["/proc/self/stat", "/proc/self/statm"])
        #expect(held.count == 0)
        #expect(held.read("/proc/self/io") != nil)
        #expect(held.count == 1)
        held.releaseAll()
        #expect(held.count == 0)
    }

    @Test func aFileThatCannotBeReadAnswersNilAndIsNotKept() {
        let held = HeldFiles()
        // A directory opens but does not read; a missing file does not open.
        #expect(held.read("/proc/self") == nil)
        #expect(held.read("/nonexistent/berth/file") == nil)
        #expect(held.count == 0)
    }
}
