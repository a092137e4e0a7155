#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The body of `POST /containers/{id}/exec`.
public struct ExecCreateBody: Codable, Sendable, Equatable {
    public var attachStdin: Bool
    public var attachStdout: Bool
    public var attachStderr: Bool
    public var tty: Bool
    public var cmd: [String]
    public var env: [String]?
    public var user: String?
    public var workingDir: String?

    public init(
        cmd: [String], tty: Bool, attachStdin: Bool, attachStdout: Bool = true, attachStderr: Bool = true,
        env: [String]? = nil, user: String? = nil, workingDir: String? = nil
    ) {
        self.cmd = cmd
        self.tty = tty
        self.attachStdin = attachStdin
        self.attachStdout = attachStdout
        self.attachStderr = attachStderr
        self.env = env
        self.user = user
        self.workingDir = workingDir
    }

    enum CodingKeys: String, CodingKey {
        case attachStdin = "AttachStdin"
        case attachStdout = "AttachStdout"
        case attachStderr = "AttachStderr"
        case tty = "Tty"
        case cmd = "Cmd"
        case env = "Env"
        case user = "User"
        case workingDir = "WorkingDir"
    }
}

/// The answer to `POST /containers/{id}/exec`.
public struct ExecCreateResponse: Codable, Sendable, Equatable {
    public var id: String
    enum CodingKeys: String, CodingKey { case id = "Id" }
}

/// The body of `POST /exec/{id}/start`.
public struct ExecStartBody: Codable, Sendable, Equatable {
    public var detach: Bool
    public var tty: Bool

    public init(detach: Bool, tty: Bool) {
        self.detach = detach
        self.tty = tty
    }

    enum CodingKeys: String, CodingKey {
        case detach = "Detach"
        case tty = "Tty"
    }
}

/// The parts of `GET /exec/{id}/json` berth reads.
public struct ExecInspect: Codable, Sendable, Equatable {
    public var running: Bool?
    public var exitCode: Int?
    public var pid: Int?

    enum CodingKeys: String, CodingKey {
        case running = "Running"
        case exitCode = "ExitCode"
        case pid = "Pid"
    }
}

extension Endpoints {
    public static func createExec(_ containerID: String, body: ExecCreateBody) -> EngineRequest {
        let bytes = (try? JSONCoding.encoder.encode(body)).map { Array($0) } ?? []
        return EngineRequest(.post, "/containers/\(pathSegment(containerID))/exec", jsonBody: bytes)
    }

    /// `POST /exec/{id}/start`; with `detach: false` the engine streams the output on this connection.
    public static func startExec(_ execID: String, detach: Bool, tty: Bool) -> EngineRequest {
        let bytes = (try? JSONCoding.encoder.encode(ExecStartBody(detach: detach, tty: tty))).map { Array($0) } ?? []
        return EngineRequest(.post, "/exec/\(pathSegment(execID))/start", jsonBody: bytes)
    }

    public static func inspectExec(_ execID: String) -> EngineRequest {
        EngineRequest(.get, "/exec/\(pathSegment(execID))/json")
    }

    /// `POST /exec/{id}/resize`: the TTY size of a running exec.
    public static func resizeExec(_ execID: String, rows: Int, columns: Int) -> EngineRequest {
        EngineRequest(
            .post, "/exec/\(pathSegment(execID))/resize", query: [("h", String(rows)), ("w", String(columns))])
    }
}
