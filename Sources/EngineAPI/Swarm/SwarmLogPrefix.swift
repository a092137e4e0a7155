/// The details the engine puts before each line of a service's or task's logs when asked with `details=1`:
/// `com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,com.docker.swarm.task.id=… message`.
public struct SwarmLogOrigin: Sendable, Equatable, Hashable {
    public var nodeID: String?
    public var serviceID: String?
    public var taskID: String?

    public init(nodeID: String? = nil, serviceID: String? = nil, taskID: String? = nil) {
        self.nodeID = nodeID
        self.serviceID = serviceID
        self.taskID = taskID
    }

    /// Splits a line's text into where it came from and the message; a line without details is all message.
    public static func split(_ text: String) -> (origin: SwarmLogOrigin?, message: Substring) {
        guard text.hasPrefix("com.docker.swarm.") else { return (nil, Substring(text)) }
        let space = text.firstIndex(of: " ") ?? text.endIndex
        var origin = SwarmLogOrigin()
        for pair in text[..<space].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = String(parts[1])
            switch parts[0] {
            case "com.docker.swarm.node.id": origin.nodeID = value
            case "com.docker.swarm.service.id": origin.serviceID = value
            case "com.docker.swarm.task.id": origin.taskID = value
            default: break
            }
        }
        let message = space < text.endIndex ? text[text.index(after: space)...] : Substring()
        return (origin, message)
    }
}
