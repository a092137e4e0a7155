/// `ssh://[user@]host[:port][/path/to/engine.sock]`, as the docker CLI accepts it.
///
/// The user and port are optional: the system `ssh` fills them in from `~/.ssh/config` as usual. The path, when
/// there is one, names the engine's socket on the remote machine.
public struct SSHDestination: Sendable, Hashable, CustomStringConvertible {
    public var user: String?
    /// A name `ssh` resolves (an alias in `~/.ssh/config` works), or an address; IPv6 without brackets.
    public var host: String
    public var port: Int?
    public var socketPath: String?

    public init(user: String? = nil, host: String, port: Int? = nil, socketPath: String? = nil) {
        self.user = user
        self.host = host
        self.port = port
        self.socketPath = socketPath
    }

    /// Parses an `ssh://` URL; nil when it is malformed or carries what ssh cannot take (a password, a query).
    public init?(url: String) {
        guard url.hasPrefix("ssh://") else { return nil }
        var rest = Substring(url.dropFirst("ssh://".count))
        guard !rest.contains("?"), !rest.contains("#") else { return nil }
        var path: String?
        if let slash = rest.firstIndex(of: "/") {
            let tail = rest[slash...]
            path = tail == "/" ? nil : String(tail)
            rest = rest[..<slash]
        }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            let userPart = rest[..<at]
            // A password in the URL would end up in the process list; ssh has no way to take it anyway.
            guard !userPart.isEmpty, !userPart.contains(":") else { return nil }
            user = String(userPart)
            rest = rest[rest.index(after: at)...]
        }
        var host: Substring
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else { return nil }
                port = number
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            guard let number = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = number
        } else {
            host = rest
        }
        // A host starting with "-" would be read by ssh as an option.
        guard !host.isEmpty, !host.hasPrefix("-"), user?.hasPrefix("-") != true else { return nil }
        if let port, !(1...65535).contains(port) { return nil }
        self.init(user: user, host: String(host), port: port, socketPath: path)
    }

    public var description: String {
        var text = "ssh://"
        if let user { text += "\(user)@" }
        text += host.contains(":") ? "[\(host)]" : host
        if let port { text += ":\(port)" }
        if let socketPath { text += socketPath }
        return text
    }
}
