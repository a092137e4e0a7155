/// The status line's last messages, each with when it came: the status line shows one, cut to the screen's width;
/// `:messages` shows them all, whole.
public struct MessageLog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// Unix seconds, from the reducer's clock (`AppState.now`).
        public var time: Int64
        public var message: StatusMessage

        public init(time: Int64, message: StatusMessage) {
            self.time = time
            self.message = message
        }
    }

    /// How many are kept; older ones go.
    public static let capacity = 100

    /// Oldest first.
    public private(set) var entries: [Entry] = []

    public init() {}

    mutating func record(_ message: StatusMessage, at time: Int64) {
        entries.append(Entry(time: time, message: message))
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
    }

    /// After `action` changed the state from `before`: the status message it set, if any, joins the log. A key
    /// clears the message first, so after a key any message is new; other news may leave the last one standing.
    static func note(_ state: inout AppState, after action: Action, before: StatusMessage?) {
        guard let message = state.status else { return }
        if case .key = action {
            state.messages.record(message, at: state.now)
        } else if message != before {
            state.messages.record(message, at: state.now)
        }
    }
}
