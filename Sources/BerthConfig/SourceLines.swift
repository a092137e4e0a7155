/// The line each key of a TOML document is on. The TOML library gives no positions for values, so this reads the
/// lines itself: table headers (`[keys.list]`) and `key = value` lines, dotted keys included. Lines inside a
/// multi-line array or string belong to the key that opened it.
struct SourceLines {
    private var lines: [String: Int] = [:]

    init(_ text: String) {
        var table: [String] = []
        var depth = 0
        var inMultilineString: String?
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = raw.trimmingCharacters(in: " \t\r")
            if let quote = inMultilineString {
                if line.holds(quote) { inMultilineString = nil }
                continue
            }
            if depth > 0 {
                depth += Self.bracketDepth(line)
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let inner = line.drop(while: { $0 == "[" }).prefix { $0 != "]" }
                table = Self.keyPath(String(inner))
                note(table, line: number)
                continue
            }
            guard let equals = Self.firstEquals(line) else { continue }
            let path = table + Self.keyPath(String(line[..<equals]))
            // A dotted key (`top.tree = "T"`) also writes the tables on its way.
            for end in table.count...path.count where end > 0 { note(Array(path[..<end]), line: number) }
            let value = line[line.index(after: equals)...].trimmingCharacters(in: " \t")
            for quote in ["\"\"\"", "'''"] where value.hasPrefix(quote) && !value.dropFirst(3).holds(quote) {
                inMultilineString = quote
            }
            depth = max(0, Self.bracketDepth(value))
        }
    }

    private mutating func note(_ path: [String], line: Int) {
        let key = path.joined(separator: ".")
        if lines[key] == nil { lines[key] = line }
    }

    /// The line of `path`, or of the nearest table around it that is written in the file.
    func line(_ path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = lines[path.joined(separator: ".")] { return line }
            path.removeLast()
        }
        return nil
    }

    /// `a."b.c" . d` as ["a", "b.c", "d"].
    static func keyPath(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for c in text {
            if let open = quote {
                if c == open { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "." {
                parts.append(current.trimmingCharacters(in: " \t"))
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current.trimmingCharacters(in: " \t"))
        return parts
    }

    /// Where the `=` after the key is (not one inside a quoted key).
    static func firstEquals(_ line: String) -> String.Index? {
        var quote: Character?
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "=" {
                return index
            } else if c == "#" {
                return nil
            }
            index = line.index(after: index)
        }
        return nil
    }

    /// Brackets opened minus closed, outside strings and comments.
    static func bracketDepth(_ text: String) -> Int {
        var depth = 0
        var quote: Character?
        for c in text {
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                break
            } else if c == "[" || c == "{" {
                depth += 1
            } else if c == "]" || c == "}" {
                depth -= 1
            }
        }
        return depth
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let skip = Set(set)
        guard let first = firstIndex(where: { !skip.contains($0) }) else { return "" }
        let last = lastIndex(where: { !skip.contains($0) }) ?? first
        return String(self[first...last])
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}

extension StringProtocol {
    /// Whether `text` occurs here. The standard library's search, named apart from `contains`: with TOMLKit's
    /// `import Foundation` in this module, `contains` would pick Foundation's overload, and that one search would
    /// link all of Foundation, ICU and its 30 MB of locale data into berth.
    func holds(_ text: String) -> Bool { firstRange(of: text) != nil }
}
