import EngineAPI

/// A JSON document flattened into rows for a folding tree view.
///
/// Nodes are stored in document (pre-order) order and each knows where its subtree ends, so the visible rows under
/// any set of unfolded nodes are found in one pass that skips folded subtrees. Nodes are identified by their path
/// (`.State.Pid`), which survives reloading the document: folds and the selection are kept by path.
public struct JSONTree: Sendable, Equatable {
    /// One node: the root (index 0, never shown), an object member or an array element.
    public struct Node: Sendable, Equatable {
        public enum Label: Sendable, Equatable {
            case root
            case key(String)
            case index(Int)
        }

        public enum Kind: Sendable, Equatable {
            case object(count: Int)
            case array(count: Int)
            case string(String)
            case number(String)
            case bool(Bool)
            case null
        }

        public var label: Label
        public var kind: Kind
        /// 0 for the members of the root, -1 for the root itself.
        public var depth: Int
        /// The parent's index; nil for the root.
        public var parent: Int?
        /// One past the last node of this subtree.
        public var end: Int
        /// jq-style path, e.g. `.NetworkSettings.Ports["80/tcp"][0].HostPort`; empty for the root.
        public var path: String

        /// Whether the node has children to fold (a non-empty object or array).
        public var isFoldable: Bool {
            switch kind {
            case .object(let count), .array(let count): return count > 0
            default: return false
            }
        }

        /// The label as shown: the key, or `[3]` for an array element.
        public var labelText: String {
            switch label {
            case .root: return "."
            case .key(let key): return key
            case .index(let index): return "[\(index)]"
            }
        }

        /// The path as shown: `.` for the root, `.[0]` for a root array's element.
        public var displayPath: String {
            if path.isEmpty { return "." }
            return path.hasPrefix("[") ? "." + path : path
        }
    }

    public private(set) var nodes: [Node]
    /// The original values, by node index, for copying containers as JSON.
    public private(set) var values: [JSONValue]
    private var indexByPath: [String: Int]

    public init(_ document: JSONValue) {
        nodes = []
        values = []
        indexByPath = [:]
        append(document, label: .root, depth: -1, parent: nil, path: "")
    }

    private mutating func append(_ value: JSONValue, label: Node.Label, depth: Int, parent: Int?, path: String) {
        let index = nodes.count
        let kind: Node.Kind
        switch value {
        case .object(let members): kind = .object(count: members.count)
        case .array(let elements): kind = .array(count: elements.count)
        case .string(let text): kind = .string(text)
        case .number(let literal): kind = .number(literal)
        case .bool(let flag): kind = .bool(flag)
        case .null: kind = .null
        }
        nodes.append(Node(label: label, kind: kind, depth: depth, parent: parent, end: index + 1, path: path))
        values.append(value)
        // A duplicate key keeps the first node reachable by path.
        if indexByPath[path] == nil { indexByPath[path] = index }
        switch value {
        case .object(let members):
            for member in members {
                append(
                    member.value, label: .key(member.key), depth: depth + 1, parent: index,
                    path: path + JSONPath.component(key: member.key))
            }
        case .array(let elements):
            for (offset, element) in elements.enumerated() {
                append(element, label: .index(offset), depth: depth + 1, parent: index, path: path + "[\(offset)]")
            }
        default:
            break
        }
        nodes[index].end = nodes.count
    }

    /// The node at `path`, if the document has one.
    public func index(ofPath path: String) -> Int? { indexByPath[path] }

    /// The indices of the rows shown when exactly the nodes at `expanded` paths are unfolded (the root always is).
    public func visibleRows(expanded: Set<String>) -> [Int] {
        var rows: [Int] = []
        var index = 1
        while index < nodes.count {
            rows.append(index)
            let node = nodes[index]
            if node.isFoldable, !expanded.contains(node.path) {
                index = node.end
            } else {
                index += 1
            }
        }
        return rows
    }

    /// The ancestors of a node, nearest first, without the root.
    public func ancestors(of index: Int) -> [Int] {
        var out: [Int] = []
        var current = nodes[index].parent
        while let parent = current, parent != 0 {
            out.append(parent)
            current = nodes[parent].parent
        }
        return out
    }

    /// Paths of every foldable node: what "expand all" unfolds.
    public var foldablePaths: Set<String> {
        Set(nodes.dropFirst().filter(\.isFoldable).map(\.path))
    }

    /// Nodes whose key or scalar value contains `query`, ignoring case, in document order.
    public func matches(_ query: String) -> [Int] {
        guard !query.isEmpty else { return [] }
        return nodes.indices.dropFirst().filter { Self.node(nodes[$0], matches: query) }
    }

    static func node(_ node: Node, matches query: String) -> Bool {
        let needle = query.lowercased()
        if case .key(let key) = node.label, key.lowercased().contains(needle) { return true }
        guard let text = node.scalarText else { return false }
        return text.lowercased().contains(needle)
    }

    /// The text of the selected value to copy: strings without quotes, numbers and literals as written,
    /// objects and arrays as indented JSON in the document's order.
    public func copyText(of index: Int) -> String {
        if case .string(let text) = nodes[index].kind { return text }
        return values[index].prettyText()
    }
}

extension JSONTree.Node {
    /// The value of a scalar as text (strings unquoted); nil for objects and arrays.
    public var scalarText: String? {
        switch kind {
        case .string(let text): return text
        case .number(let literal): return literal
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .object, .array: return nil
        }
    }
}

/// Paths in the form jq and `docker inspect --format` users know: `.Config.Labels["com.example.role"]`.
public enum JSONPath {
    /// `.Key` for keys that are identifiers, `["any key"]` (JSON-quoted) for the rest.
    public static func component(key: String) -> String {
        isIdentifier(key) ? "." + key : "[" + JSONValue.quoted(key) + "]"
    }

    static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || isASCIILetter(first) else { return false }
        return key.unicodeScalars.allSatisfy { $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) }
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}

/// Case-insensitive substring search for highlighting matches.
public enum TextMatch {
    /// The first occurrence of `needle` in `haystack` ignoring case, as character offsets; nil when absent (or when
    /// lower-casing changed the text's length, so offsets would not line up with what is drawn).
    public static func range(of needle: String, in haystack: String) -> Range<Int>? {
        guard !needle.isEmpty else { return nil }
        let lowered = haystack.lowercased()
        guard lowered.count == haystack.count, let found = lowered.firstRange(of: needle.lowercased()) else {
            return nil
        }
        let start = lowered.distance(from: lowered.startIndex, to: found.lowerBound)
        return start..<(start + lowered.distance(from: found.lowerBound, to: found.upperBound))
    }
}
