/// Everything that can go wrong talking to the engine, with the engine's own message where it sent one.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The socket path does not exist.
    case socketMissing(path: String)
    /// The socket exists but this user may not open it.
    case permissionDenied(path: String)
    /// The connection failed or broke for another reason.
    case unreachable(String)
    /// `DOCKER_HOST`/`--host` names a scheme berth cannot use, or an address that does not parse.
    case unsupportedHost(String)
    /// 404: no such container (or exec, image...).
    case notFound(String)
    /// 409: the container is in the wrong state for the request.
    case conflict(String)
    /// 304: the container was already started or stopped.
    case notModified
    /// 400: the engine rejected the parameters.
    case badRequest(String)
    /// Any other non-2xx status.
    case server(status: Int, message: String)
    /// The body did not decode as the expected type.
    case decoding(String)
    /// The engine answered with something that is not HTTP as expected.
    case protocolViolation(String)

    /// Builds the error for a non-2xx answer from its status and raw body.
    public static func fromResponse(status: Int, body: [UInt8]) -> EngineError {
        let message = EngineErrorMessage.extract(from: body)
        switch status {
        case 304: return .notModified
        case 400: return .badRequest(message)
        case 404: return .notFound(message)
        case 409: return .conflict(message)
        default: return .server(status: status, message: message)
        }
    }

    /// A 404 whose body says the engine has no such request at all (Podman: `Not Found`; Docker: `page not found`),
    /// rather than no such object: Podman has no Swarm services, nodes, tasks or configs.
    public var isMissingEndpoint: Bool {
        guard case .notFound(let message) = self else { return false }
        let words = message.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words == "not found" || words.hasSuffix("page not found")
    }

    /// One sentence for the status line or stderr.
    public var description: String {
        switch self {
        case .socketMissing(let path):
            return "No engine socket at \(path): is the Docker (or Podman) service running? "
                + "Use --host or DOCKER_HOST to point elsewhere."
        case .permissionDenied(let path):
            return "Permission denied on \(path): add your user to the docker group "
                + "(sudo usermod -aG docker $USER, then log in again) or run berth with sudo."
        case .unreachable(let why): return "Engine unreachable: \(why)"
        case .unsupportedHost(let host):
            if host.hasPrefix("tcp://") {
                return "Host \(host) is not a usable tcp:// address: use tcp://HOST:PORT."
            }
            if host.hasPrefix("ssh://") {
                return
                    "Host \(host) is not a usable ssh:// address: use ssh://[USER@]HOST[:PORT][/path/to/engine.sock] "
                    + "(no password in the address: use ssh-agent or a key)."
            }
            if host.hasPrefix("npipe://") || host.hasPrefix("fd://") {
                return "Host \(host) is not supported: berth speaks unix://, tcp:// and ssh://."
            }
            return "Host \(host) is not an engine address: use unix:///path/to/the.sock (or a path starting with /), "
                + "tcp://HOST:PORT or ssh://[USER@]HOST."
        case .notFound(let message): return message.isEmpty ? "Not found" : message
        case .conflict(let message): return message.isEmpty ? "Conflict" : message
        case .notModified: return "Nothing to do: the container is already in that state"
        case .badRequest(let message): return message.isEmpty ? "Bad request" : message
        case .server(let status, let message): return message.isEmpty ? "Engine error \(status)" : message
        case .decoding(let what): return "Unexpected answer from the engine: \(what)"
        case .protocolViolation(let what): return "Broken answer from the engine: \(what)"
        }
    }

    /// Whether retrying later might help (the engine went away), as opposed to a definite refusal.
    public var isConnectionFailure: Bool {
        switch self {
        case .socketMissing, .permissionDenied, .unreachable, .protocolViolation: return true
        default: return false
        }
    }
}

/// Pulls the human message out of an engine error body (`{"message": "..."}`, or plain text).
public enum EngineErrorMessage {
    public static func extract(from body: [UInt8]) -> String {
        struct Shape: Decodable { var message: String? }
        if let shape = try? JSONCoding.decoder.decode(Shape.self, from: body), let message = shape.message {
            return message.trimmingTrailingNewlines()
        }
        let text = String(decoding: body.prefix(2000), as: UTF8.self)
        return text.trimmingTrailingNewlines()
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while let last = s.last, last.isNewline || last == " " { s = s.dropLast() }
        return String(s)
    }
}
