import EngineAPI
import Foundation
import Testing

@Suite("JSONLineSplitter")
struct JSONLineSplitterTests {
    @Test func splitAtEveryOffsetGivesTheSameLines() throws {
        // Every offset of the first six recorded events, then the whole recording at a coarser stride.
        let all = try Fixture.lines("events-container.jsonl")
        #expect(all.count == 31)
        let head = Array(all.prefix(6))
        try expectSameLines(Array(head.joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")], head, stride: 1)
        try expectSameLines(try Fixture.bytes("events-container.jsonl"), all, stride: 101)
    }

    private func expectSameLines(_ stream: [UInt8], _ expected: [[UInt8]], stride step: Int) throws {
        for cut in stride(from: 0, through: stream.count, by: step) {
            var splitter = JSONLineSplitter()
            var lines = try splitter.append(stream[..<cut])
            lines += try splitter.append(stream[cut...])
            #expect(splitter.finish() == nil)
            if lines != expected {
                Issue.record("split at \(cut) gave \(lines.count) lines instead of \(expected.count)")
                return
            }
        }
    }

    @Test func byteAtATime() throws {
        let stream = try Fixture.bytes("events-podman.jsonl")
        var splitter = JSONLineSplitter()
        var lines: [[UInt8]] = []
        for byte in stream { lines += try splitter.append([byte]) }
        #expect(lines == (try Fixture.lines("events-podman.jsonl")))
        #expect(splitter.pendingByteCount == 0)
    }

    @Test func crlfBlankLinesAndUnterminatedTail() throws {
        var splitter = JSONLineSplitter()
        let lines = try splitter.append(Array("{\"a\":1}\r\n\r\n  \n{\"b\":2}\n{\"c\"".utf8))
        #expect(lines == [Array("{\"a\":1}".utf8), Array("{\"b\":2}".utf8)])
        #expect(splitter.pendingByteCount == 4)
        #expect(try splitter.append(Array(":3}".utf8)) == [])
        #expect(splitter.finish() == Array("{\"c\":3}".utf8))
        #expect(splitter.finish() == nil)
    }

    @Test func overlongLineIsAnErrorNotUnboundedMemory() throws {
        var splitter = JSONLineSplitter(maxLineLength: 16)
        #expect(try splitter.append(Array(repeating: UInt8(ascii: "x"), count: 16)) == [])
        #expect(throws: EngineError.self) {
            _ = try splitter.append([UInt8(ascii: "x")])
        }
        var terminated = JSONLineSplitter(maxLineLength: 4)
        #expect(throws: EngineError.self) {
            _ = try terminated.append(Array("12345\n".utf8))
        }
    }
}
