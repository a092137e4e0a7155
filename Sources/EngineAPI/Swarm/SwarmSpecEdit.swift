/// Changes to a Swarm object's spec, made on the spec as the engine sent it: every field berth does not know
/// goes back untouched, so an update changes only what the user asked for.
public enum SwarmSpecEdit: Sendable, Equatable, Hashable {
    /// `Mode.Replicated.Replicas`.
    case replicas(UInt64)
    /// `TaskTemplate.ForceUpdate` one higher: every task is replaced, in the service's rolling-update order.
    case forceUpdate
    /// A node's `Availability`: `active`, `pause` or `drain`.
    case availability(String)

    /// The `Spec` of `document` (an inspect answer) with the change applied, as JSON.
    public func apply(toInspected document: JSONValue) throws(EngineError) -> [UInt8] {
        guard var spec = document["Spec"], spec.members != nil else {
            throw EngineError.decoding("the object has no Spec")
        }
        switch self {
        case .replicas(let count):
            guard spec["Mode"]?["Replicated"] != nil else {
                throw EngineError.badRequest("only a replicated service can be scaled")
            }
            spec.set(["Mode", "Replicated", "Replicas"], .number(String(count)))
        case .forceUpdate:
            let current = spec["TaskTemplate"]?["ForceUpdate"].flatMap { value -> UInt64? in
                if case .number(let literal) = value { return UInt64(literal) }
                return nil
            }
            spec.set(["TaskTemplate", "ForceUpdate"], .number(String((current ?? 0) &+ 1)))
        case .availability(let availability):
            spec.set(["Availability"], .string(availability))
        }
        return Array(spec.compactText.utf8)
    }

    /// The object version of an inspect answer, which the update must name.
    public static func version(of document: JSONValue) throws(EngineError) -> UInt64 {
        guard case .number(let literal)? = document["Version"]?["Index"], let version = UInt64(literal) else {
            throw EngineError.decoding("the object has no Version.Index")
        }
        return version
    }
}

extension JSONValue {
    /// Sets the value at `path` of nested objects, making the objects that are missing.
    mutating func set(_ path: [String], _ value: JSONValue) {
        guard let key = path.first else {
            self = value
            return
        }
        var members = self.members ?? []
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value.set(Array(path.dropFirst()), value)
        } else {
            var child = JSONValue.object([])
            child.set(Array(path.dropFirst()), value)
            members.append(JSONMember(key, child))
        }
        self = .object(members)
    }
}
