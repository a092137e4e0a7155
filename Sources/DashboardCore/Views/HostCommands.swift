import EngineAPI

/// A context berth could watch, for the `:host` list.
public struct ContextChoice: Sendable, Equatable {
    public var name: String
    public var endpoint: String
    public var description: String

    public init(name: String, endpoint: String, description: String) {
        self.name = name
        self.endpoint = endpoint
        self.description = description
    }
}

/// What to change in the set of watched engines; the runtime resolves the addresses and answers with `hostAdded`,
/// `hostRemoved` or a `hostsRejected` message.
public enum HostChange: Sendable, Hashable {
    /// Watch these too (`[name=]URL` arguments and context names), or instead of every other when `replacing`.
    case add(arguments: [String], contexts: [String], replacing: Bool)
    /// Stop watching one.
    case remove(HostID)
    /// Read the Docker contexts, to list them (`:host`).
    case listContexts
}

/// `:host` and `:context`: list, add, drop and switch engines while berth runs.
///
/// - `:host` lists the engines watched and the Docker contexts (any key closes the list);
/// - `:host add [name=]URL`, `:context NAME`: watch another engine beside the others;
/// - `:host only NAME|URL`, `:context only NAME`: watch just that one;
/// - `:host drop NAME`: stop watching one (its rows go, everything it started stops).
enum HostCommands {
    static let words = ["host", "context"]

    /// Runs a `:host …` or `:context …` line; nil when `word` is neither.
    static func run(_ word: String, arguments: [String], _ state: inout AppState) -> [Effect]? {
        switch (word, arguments.first) {
        case ("host", nil), ("hosts", nil), ("context", nil), ("contexts", nil):
            state.mode = .hostList
            return [.hosts(.listContexts)]
        case ("host", "add"?):
            guard arguments.count >= 2 else { return usage(&state) }
            return [.hosts(.add(arguments: Array(arguments.dropFirst()), contexts: [], replacing: false))]
        case ("host", "only"?), ("host", "switch"?):
            guard arguments.count == 2 else { return usage(&state) }
            let target = arguments[1]
            if let watched = state.hosts.first(where: { $0.id.name == target }) {
                return state.hosts.filter { $0.id != watched.id }.map { .hosts(.remove($0.id)) }
            }
            return [.hosts(.add(arguments: [target], contexts: [], replacing: true))]
        case ("host", "drop"?), ("host", "remove"?):
            guard arguments.count == 2 else { return usage(&state) }
            guard let watched = state.hosts.first(where: { $0.id.name == arguments[1] }) else {
                state.status = StatusMessage("No engine named \(arguments[1]) is watched", kind: .error)
                return []
            }
            guard state.hosts.count > 1 else {
                state.status = StatusMessage("\(watched.id.name) is the only engine: add another first", kind: .error)
                return []
            }
            state.status = StatusMessage("Stopped watching \(watched.id.name)", kind: .success)
            return [.hosts(.remove(watched.id))]
        case ("context", "only"?):
            guard arguments.count == 2 else { return usage(&state) }
            return [.hosts(.add(arguments: [], contexts: [arguments[1]], replacing: true))]
        case ("context", _):
            return [.hosts(.add(arguments: [], contexts: arguments, replacing: false))]
        case ("host", _):
            // `:host URL` adds, as `:host add URL`.
            return [.hosts(.add(arguments: arguments, contexts: [], replacing: false))]
        default:
            return nil
        }
    }

    static func usage(_ state: inout AppState) -> [Effect] {
        state.status = StatusMessage(
            ":host add [name=]URL · :host only NAME · :host drop NAME · :context NAME · :context only NAME",
            kind: .error)
        return []
    }
}
