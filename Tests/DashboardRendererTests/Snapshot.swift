import Foundation
import TerminalUI
import Testing

/// Compares a rendered grid with `Snapshots/<name>.txt`: the size, the text, then the style runs.
///
/// `RECORD_SNAPSHOTS=1 swift test` rewrites the files, and fails so a recording is never taken for a pass.
func expectSnapshot(
    _ grid: CellGrid, named name: String, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent("\(name).txt")
    let actual = "size: \(grid.size.width)x\(grid.size.height)\n\(grid.plainText)\n--- styles\n\(grid.styleRuns)\n"
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
    if record || !FileManager.default.fileExists(atPath: file.path) {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("Recorded snapshot \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    let expected = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    #expect(actual == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
}
