import EngineAPI
import EngineClient
import Synchronization

/// A Docker engine played from recordings: the recorded ping, version and container list (which a test may change),
/// and an event stream per `/events` request that the test writes into.
final class ScriptedEngine: Sendable {
    private struct State {
        var rows: [(id: String, json: String)]
        var feeds: [BodyFeed] = []
        /// While set, every request fails with it: the engine is gone.
        var down: EngineError?
    }

    private let state: Mutex<State>
    private let ping: EngineResponse
    private let version: EngineResponse
    private let notFound: EngineResponse

    /// Whether the whole list (`all=1`, no filter) is held until the test calls `releaseOldest()` on the transport.
    private let holdsWholeList: Bool

    /// - Parameters:
    ///   - ping: the recording of the ping's answer; Docker's unless another engine is played.
    ///   - holdsWholeList: hold every unfiltered `all=1` list until the test releases it: a slow full list.
    init(ping: String = "ping-headers.txt", holdsWholeList: Bool = false) throws {
        state = Mutex(State(rows: try Recording.containerRows()))
        self.ping = try Recording.ping(ping)
        self.holdsWholeList = holdsWholeList
        version = try Recording.ok("version.json")
        notFound = EngineResponse(status: 404, headers: [], body: try Recording.bytes("error-404.json"))
    }

    /// A transport on this engine, timed by `clock`.
    func transport(clock: TestClock) -> ScriptedTransport {
        ScriptedTransport(clock: clock) { [self] request in answer(request) }
    }

    var ids: [String] { state.withLock { $0.rows.map(\.id) } }

    /// The ID of the recorded container called `name`.
    func id(of name: String) -> String {
        state.withLock { state in
            state.rows.first(where: { $0.json.contains(#""Names":["/\#(name)"]"#) })?.id ?? "no-\(name)"
        }
    }

    /// Changes a row's JSON text, as the engine's state would change.
    func edit(_ id: String, replacing old: String, with new: String) {
        state.withLock { state in
            guard let index = state.rows.firstIndex(where: { $0.id == id }) else { return }
            state.rows[index].json = state.rows[index].json.replacingOccurrences(of: old, with: new)
        }
    }

    func remove(_ id: String) {
        state.withLock { $0.rows.removeAll { $0.id == id } }
    }

    /// The event stream of the latest `/events` request.
    var events: BodyFeed? { state.withLock { $0.feeds.last } }

    var eventStreams: Int { state.withLock { $0.feeds.count } }

    func goDown(_ error: EngineError) {
        let feeds = state.withLock { state in
            state.down = error
            return state.feeds
        }
        for feed in feeds { feed.fail(error) }
    }

    func comeBack() {
        state.withLock { $0.down = nil }
    }

    private func answer(_ request: EngineRequest) -> ScriptedTransport.Answer {
        state.withLock { state in
            if let down = state.down { return .failure(down) }
            switch request.path {
            case "/_ping":
                return .response(ping)
            case "/version":
                return .response(version)
            case "/events":
                let feed = BodyFeed()
                state.feeds.append(feed)
                return .stream(feed)
            case "/containers/json":
                let wanted = Recording.filteredIDs(request).map(Set.init)
                // Like Docker, `all=0` lists the containers whose process exists: running and paused ones.
                let runningOnly = request.query.contains { $0 == ("all", "0") }
                let rows = state.rows.filter { row in
                    guard wanted?.contains(row.id) ?? true else { return false }
                    return !runningOnly || row.json.contains(#""State":"running""#)
                        || row.json.contains(#""State":"paused""#)
                }
                let body = "[" + rows.map(\.json).joined(separator: ",") + "]"
                let response = EngineResponse(status: 200, headers: [], body: Array(body.utf8))
                return holdsWholeList && !runningOnly && wanted == nil ? .held(response) : .response(response)
            default:
                return .response(notFound)
            }
        }
    }
}
