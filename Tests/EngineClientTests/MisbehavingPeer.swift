import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw Unix-socket plumbing for tests that need an engine to misbehave in ways a real one will not on demand.
enum RawSocket {
    struct Failure: Error, CustomStringConvertible {
        let what: String
        let code: Int32
        var description: String { "\(what): errno \(code)" }
    }

    static func temporaryPath(_ hint: String) -> String {
        "/tmp/berth-\(hint)-\(UUID().uuidString.prefix(8).lowercased()).sock"
    }

    /// A socket bound to `path`; listening only when asked (a bound, non-listening socket refuses connections).
    static func bound(_ path: String, listening: Bool) throws -> Int32 {
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket", code: errno) }
        var address = try unixAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            close(fd)
            throw Failure(what: "bind \(path)", code: errno)
        }
        if listening, listen(fd, 64) != 0 {
            close(fd)
            throw Failure(what: "listen", code: errno)
        }
        return fd
    }

    static func connected(to path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(what: "socket", code: errno) }
        var address = try unixAddress(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(what: "connect \(path)", code: errno)
        }
        return fd
    }

    private static func unixAddress(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Failure(what: "path too long", code: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return address
    }

    /// Writes everything; false once the peer is gone. MSG_NOSIGNAL keeps a closed peer from killing the test run.
    @discardableResult
    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    @discardableResult
    static func send(_ fd: Int32, _ text: String) -> Bool { send(fd, Array(text.utf8)) }

    /// Reads one request head (and its Content-Length body); nil if the peer closed first.
    static func readRequest(_ fd: Int32) -> String? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = headEnd(data) {
                let head = String(decoding: data[..<end], as: UTF8.self)
                let length =
                    head.split(separator: "\r\n").compactMap { line -> Int? in
                        let parts = line.split(separator: ":", maxSplits: 1)
                        guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                        return Int(parts[1].trimmingCharacters(in: .whitespaces))
                    }.first ?? 0
                if data.count >= end + 4 + length { return head }
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            data += buffer[..<count]
        }
    }

    private static func headEnd(_ data: [UInt8]) -> Int? {
        guard data.count >= 4 else { return nil }
        for index in 0...(data.count - 4)
        where data[index] == 13 && data[index + 1] == 10 && data[index + 2] == 13 && data[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Blocks until the peer closes its end (or `timeout`); true if it did.
    static func waitForPeerClose(_ fd: Int32, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready > 0 {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count <= 0 { return true }
            }
        }
        return false
    }
}

/// A Unix-socket peer that breaks the protocol on purpose (garbage, cut-off answers, silence, oversized bodies):
/// faults a real engine cannot be made to produce. Everything an engine does correctly is tested against the real
/// engine instead (EngineIntegrationTests, MonitorIntegrationTests).
final class MisbehavingPeer: Sendable {
    typealias Handler = @Sendable (_ connection: Int32, _ request: String) -> Void

    let path: String
    private let listener: Int32

    init(_ hint: String = "fake", handler: @escaping Handler) throws {
        path = RawSocket.temporaryPath(hint)
        let listener = try RawSocket.bound(path, listening: true)
        self.listener = listener
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 {
                    if errno == EINTR { continue }
                    return
                }
                Thread.detachNewThread {
                    if let request = RawSocket.readRequest(connection) { handler(connection, request) }
                    close(connection)
                }
            }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        unlink(path)
    }
}

/// A transparent Unix-socket proxy to the real engine that a test can pull the plug on, as if the daemon died.
final class SocketProxy: Sendable {
    let path: String
    private let listener: Int32
    private let open = Mutex<Set<Int32>>([])

    init(path: String, upstream: String) throws {
        self.path = path
        let listener = try RawSocket.bound(path, listening: true)
        self.listener = listener
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                guard let server = try? RawSocket.connected(to: upstream) else {
                    close(client)
                    continue
                }
                self.open.withLock { $0.formUnion([client, server]) }
                Thread.detachNewThread { self.pump(client, server) }
            }
        }
    }

    private func pump(_ a: Int32, _ b: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        pumping: while true {
            var fds = [
                pollfd(fd: a, events: Int16(POLLIN), revents: 0), pollfd(fd: b, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&fds, 2, -1) > 0 else {
                if errno == EINTR { continue }
                break
            }
            for (index, entry) in fds.enumerated() where entry.revents != 0 {
                let from = index == 0 ? a : b
                let to = index == 0 ? b : a
                let count = buffer.withUnsafeMutableBytes { recv(from, $0.baseAddress, $0.count, 0) }
                guard count > 0, RawSocket.send(to, Array(buffer[..<count])) else { break pumping }
            }
        }
        open.withLock {
            $0.remove(a)
            $0.remove(b)
            close(a)
            close(b)
        }
    }

    /// Closes the listener and every proxied connection, and removes the socket file.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        unlink(path)
        open.withLock { fds in
            for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }
}
