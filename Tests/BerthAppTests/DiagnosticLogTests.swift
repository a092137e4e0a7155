import Foundation
import Testing

@testable import BerthApp

#if canImport(Glibc)
import Glibc
#endif

/// The log file is berth's alone: private, and never reached through anything planted at its path.
@Suite struct DiagnosticLogTests {
    /// A fresh directory for one test, removed afterwards.
    final class Scratch {
        let path: String

        init() throws {
            path = "/tmp/berth-log-test-\(UUID().uuidString.prefix(8).lowercased())"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }

        func file(_ name: String) -> String { "\(path)/\(name)" }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & 0o7777
    }

    static func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func refusal(_ path: String) -> String? {
        do {
            _ = try DiagnosticLog(path: path)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func createdPrivateAndAppended() throws {
        let scratch = try Scratch()
        let path = scratch.file("berth.log")
        do {
            let log = try DiagnosticLog(path: path)
            log("first")
            log.sink("second")
        }
        #expect(Self.mode(path) == 0o600)
        do {
            let log = try DiagnosticLog(path: path)
            log("third")
        }
        let lines = Self.contents(path)?.split(separator: "\n") ?? []
        let messages = lines.map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) }
        #expect(messages == ["first", "second", "third"])
        #expect(lines.first?.count == "2026-11-23T04:17:13Z first".count)
    }

    @Test func anExistingFileIsMadePrivate() throws {
        let scratch = try Scratch()
        let path = scratch.file("berth.log")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old\n".utf8)))
        #expect(chmod(path, 0o644) == 0)
        let log = try DiagnosticLog(path: path)
        log("new")
        #expect(Self.mode(path) == 0o600)
        #expect(Self.contents(path)?.hasPrefix("old\n") == true)
    }

    @Test func aPlantedSymlinkIsNeverFollowed() throws {
        let scratch = try Scratch()
        let victim = scratch.file("victim")
        #expect(FileManager.default.createFile(atPath: victim, contents: Data("precious\n".utf8)))
        #expect(chmod(victim, 0o644) == 0)
        let link = scratch.file("berth.log")
        #expect(symlink(victim, link) == 0)
        #expect(Self.refusal(link) == "it is a symbolic link, which berth does not follow")
        #expect(Self.contents(victim) == "precious\n")
        #expect(Self.mode(victim) == 0o644)

        // A dangling link must not create its target either.
        let missing = scratch.file("would-be-created")
        let dangling = scratch.file("dangling.log")
        #expect(symlink(missing, dangling) == 0)
        #expect(Self.refusal(dangling) == "it is a symbolic link, which berth does not follow")
        #expect(access(missing, F_OK) != 0)
    }

    @Test func onlyARegularFileIsUsed() throws {
        let scratch = try Scratch()
        let directory = scratch.file("dir")
        #expect(mkdir(directory, 0o700) == 0)
        #expect(Self.refusal(directory) != nil)
        // A FIFO nobody reads would block a plain open for ever; one somebody reads is still refused.
        let fifo = scratch.file("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(Self.refusal(fifo) != nil)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        #expect(Self.refusal(fifo) == "it is not a regular file")
        #expect(Self.refusal("/dev/null") == "it is not a regular file")
    }

    @Test func aHardLinkIsRefused() throws {
        let scratch = try Scratch()
        let victim = scratch.file("victim")
        #expect(FileManager.default.createFile(atPath: victim, contents: Data("precious\n".utf8)))
        let link = scratch.file("berth.log")
        #expect(Glibc.link(victim, link) == 0)
        #expect(Self.refusal(link) == "it has other hard links")
        #expect(Self.contents(victim) == "precious\n")
    }

    /// Only root can give a file away; as root, a file another user placed at the path must not be written.
    @Test(.enabled(if: geteuid() == 0)) func anotherUsersFileIsRefused() throws {
        let scratch = try Scratch()
        let path = scratch.file("berth.log")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(chmod(path, 0o666) == 0)
        #expect(chown(path, 65534, 65534) == 0)
        #expect(Self.refusal(path) == "it belongs to another user")
        #expect(Self.contents(path) == "")
        #expect(Self.mode(path) == 0o666)
    }

    @Test func noPathDiscards() throws {
        let log = try DiagnosticLog(path: nil)
        log("nowhere")
    }
}
