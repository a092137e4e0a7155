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
            var lines = splitter.append(stream[..<cut])
            lines += splitter.append(stream[cut...])
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
        for byte in stream { lines += splitter.append([byte]) }
        #expect(lines == (try Fixture.lines("events-podman.jsonl")))
        #expect(splitter.pendingByteCount == 0)
    }

    @Test func crlfBlankLinesAndUnterminatedTail() throws {
        var splitter = JSONLineSplitter()
        let lines = splitter.append(Array("{\"a\":1}\r\n\r\n  \n{\"b\":2}\n{\"c\"".utf8))
        #expect(lines == [Array("{\"a\":1}".utf8), Array("{\"b\":2}".utf8)])
        #expect(splitter.pendingByteCount == 4)
        #expect(splitter.append(Array(":3}".utf8)) == [])
        #expect(splitter.finish() == Array("{\"c\":3}".utf8))
        #expect(splitter.finish() == nil)
    }

    @Test func overlongLineIsDroppedAndCountedNotBuffered() {
        var splitter = JSONLineSplitter(maxLineLength: 16)
        #expect(splitter.append(Array(repeating: UInt8(ascii: "x"), count: 16)) == [])
        #expect(splitter.droppedLineCount == 0)
        // The 17th byte drops the line at once, before its end arrives, and nothing of it is held.
        #expect(splitter.append([UInt8(ascii: "x")]) == [])
        #expect(splitter.droppedLineCount == 1)
        #expect(splitter.pendingByteCount == 0)
        #expect(splitter.append(Array(repeating: UInt8(ascii: "y"), count: 100)) == [])
        #expect(splitter.pendingByteCount == 0)
        // The stream goes on after the dropped line's newline.
        #expect(splitter.append(Array("tail\n{\"a\":1}\n{\"b\"".utf8)) == [Array("{\"a\":1}".utf8)])
        #expect(splitter.droppedLineCount == 1)
        #expect(splitter.finish() == Array("{\"b\"".utf8))
    }

    @Test func overlongLinesAmongShortOnesInOneChunk() {
        var splitter = JSONLineSplitter(maxLineLength: 4)
        #expect(
            splitter.append(Array("12345\nab\n123456789\ncd\n1234\n".utf8)) == [
                Array("ab".utf8), Array("cd".utf8), Array("1234".utf8),
            ])
        #expect(splitter.droppedLineCount == 2)
        #expect(splitter.droppedByLastAppend == 2)
        #expect(splitter.append(Array("ef\n".utf8)) == [Array("ef".utf8)])
        #expect(splitter.droppedByLastAppend == 0)
    }

    @Test func streamEndingInsideADroppedLineLeavesNothing() {
        var splitter = JSONLineSplitter(maxLineLength: 4)
        #expect(splitter.append(Array("123456".utf8)) == [])
        #expect(splitter.finish() == nil)
        #expect(splitter.append(Array("ok\n".utf8)) == [Array("ok".utf8)])
    }
}
