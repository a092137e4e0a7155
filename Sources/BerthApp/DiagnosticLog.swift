import Foundation
import Synchronization

/// berth's own diagnostics. They go to `--log-file` when given and nowhere otherwise: never to the screen.
public final class DiagnosticLog: Sendable {
    private let handle: Mutex<FileHandle?>

    /// Opens (creating or appending to) `path`; a nil path discards messages.
    public init(path: String?) throws {
        guard let path else {
            handle = Mutex(nil)
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        _ = try? file.seekToEnd()
        handle = Mutex(file)
    }

    /// Appends one timestamped line.
    public func callAsFunction(_ message: String) {
        handle.withLock { file in
            guard let file else { return }
            let stamp = Date().formatted(.iso8601)
            file.write(Data("\(stamp) \(message)\n".utf8))
        }
    }

    /// The logger as a plain Sendable closure, for modules that take one.
    public var sink: @Sendable (String) -> Void { { [self] in self($0) } }
}
