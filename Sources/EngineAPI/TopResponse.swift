/// The answer to `GET /containers/{id}/top`: column titles and one row of cells per process.
///
/// Docker runs `ps` on the host, splits each output line on whitespace into as many cells as there are titles and
/// leaves the rest of the line in the last cell (the command). Podman's compat endpoint (before 5.3) sent each
/// process as one unsplit string, inside a one-element array or alone; both are split the same way here, so
/// `processes` always has one cell per title; null entries are dropped.
public struct ContainerTop: Sendable, Equatable, Decodable {
    public var titles: [String]
    public var processes: [[String]]

    public init(titles: [String], processes: [[String]]) {
        self.titles = titles
        self.processes = processes
    }

    enum CodingKeys: String, CodingKey {
        case titles = "Titles"
        case processes = "Processes"
    }

    /// One process as any engine sends it: cells, or a whole `ps` line.
    enum RawProcess: Decodable {
        case cells([String])
        case line(String)

        /// A process sent as one unsplit `ps` line, bare or in a one-element array.
        var isWholeLine: Bool {
            switch self {
            case .line: return true
            case .cells(let cells): return cells.count <= 1
            }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .cells([])
            } else if let line = try? container.decode(String.self) {
                self = .line(line)
            } else {
                self = .cells(try container.decode([String?].self).map { $0 ?? "" })
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let titles = try container.decodeIfPresent([String].self, forKey: .titles) ?? []
        let raw = try container.decodeIfPresent([RawProcess].self, forKey: .processes) ?? []
        self.init(titles: titles, rawProcesses: raw)
    }

    init(titles: [String], rawProcesses: [RawProcess]) {
        // Podman 4 answers with `ps`'s own output when it cannot parse the arguments itself: one title holding
        // every header ("PID   USER     COMMAND") and one string per process. Its headers are single words.
        var titles = titles
        if titles.count == 1, rawProcesses.allSatisfy(\.isWholeLine) {
            let headers = titles[0].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if headers.count > 1 { titles = headers }
        }
        self.titles = titles
        processes = rawProcesses.compactMap { raw in
            switch raw {
            case .line(let line):
                return Self.split(line, into: titles.count)
            case .cells(let cells):
                // A null entry is no process.
                if cells.isEmpty { return nil }
                if cells.count == 1, titles.count > 1 { return Self.split(cells[0], into: titles.count) }
                return Self.fit(cells, to: titles.count)
            }
        }
    }

    /// Splits a `ps` line on runs of whitespace into `count` cells, the last one keeping the rest of the line.
    public static func split(_ line: String, into count: Int) -> [String] {
        guard count > 1 else { return [trimmed(line)] }
        var cells: [String] = []
        var rest = Substring(line)
        while cells.count < count - 1 {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard !rest.isEmpty else { break }
            let end = rest.firstIndex { $0 == " " || $0 == "\t" } ?? rest.endIndex
            cells.append(String(rest[..<end]))
            rest = rest[end...]
        }
        cells.append(trimmed(rest))
        return fit(cells, to: count)
    }

    static func trimmed(_ text: some StringProtocol) -> String {
        var text = Substring(text)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }

    /// Pads a short row with empty cells and joins the overflow of a long one into its last cell.
    static func fit(_ cells: [String], to count: Int) -> [String] {
        guard count > 0 else { return cells }
        if cells.count == count { return cells }
        if cells.count < count { return cells + Array(repeating: "", count: count - cells.count) }
        return Array(cells.prefix(count - 1)) + [cells.dropFirst(count - 1).joined(separator: " ")]
    }
}

extension ContainerTop {
    /// The table with an ELAPSED column in Go's duration form (`1h2m3.5s`, Podman's own top) written as `ps` writes
    /// it: `MM:SS`, `HH:MM:SS`, `D-HH:MM:SS`. Cells that are not such a duration stay as they are.
    public func elapsedInPSForm() -> ContainerTop {
        rewriting("ELAPSED") { Self.goDurationSeconds($0).map { Self.psElapsed(Int($0)) } }
    }

    /// The table with %CPU to one decimal, as `ps` writes it (Podman's own top gives three: `55.231`).
    public func cpuToOneDecimal() -> ContainerTop {
        rewriting("%CPU") { cell in
            guard let value = Double(cell), value.isFinite, value >= 0 else { return nil }
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }
    }

    /// The table with each cell of the column titled `title` (any case) rewritten; nil keeps a cell as it is.
    func rewriting(_ title: String, _ rewrite: (String) -> String?) -> ContainerTop {
        guard let column = titles.firstIndex(where: { $0.uppercased() == title }) else { return self }
        var table = self
        for index in table.processes.indices where column < table.processes[index].count {
            if let cell = rewrite(table.processes[index][column]) { table.processes[index][column] = cell }
        }
        return table
    }

    /// Seconds in a Go duration (`8.4s`, `2m3s`, `26h0m0.5s`, `350ms`); nil for anything else.
    static func goDurationSeconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [
            ("h", 3600), ("ms", 0.001), ("µs", 1e-6), ("us", 1e-6), ("ns", 1e-9), ("m", 60), ("s", 1),
        ]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.count)
            total += value * scale
        }
        return total
    }

    /// `ps`'s etime: `05:09`, `01:05:09`, `2-01:05:09`.
    static func psElapsed(_ seconds: Int) -> String {
        let days = seconds / 86_400
        let hours = seconds / 3600 % 24
        let minutes = seconds / 60 % 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let clock = two(minutes) + ":" + two(seconds % 60)
        if days > 0 { return "\(days)-" + two(hours) + ":" + clock }
        return hours > 0 ? two(hours) + ":" + clock : clock
    }
}

extension Endpoints {
    /// What berth asks of Podman's own top, in its descriptors: it reads them from /proc itself, whatever `ps` the
    /// image has (busybox's takes no `-o`). It has no %MEM; RSS is in KiB, as `ps` gives it.
    public static let podmanTopDescriptors = "pid,ppid,user,pcpu,rss,etime,args"

    /// `GET /libpod/containers/{id}/top`: Podman's own top, once.
    public static func podmanTop(_ id: String) -> EngineRequest {
        EngineRequest(
            .get, "/libpod/containers/\(pathSegment(id))/top",
            query: [("ps_args", podmanTopDescriptors), ("stream", "false")])
    }

    /// The `ps` options berth asks for: PID, parent, user, CPU and memory shares, resident memory in KiB, elapsed
    /// time and the full command line (last, because the engine keeps everything after the last title in it).
    public static let topProcessArguments = "-eo pid,ppid,user,pcpu,pmem,rss,etime,args"

    /// `GET /containers/{id}/top`; nil `psArgs` leaves the engine's default (`-ef` on Docker).
    public static func top(_ id: String, psArgs: String? = nil) -> EngineRequest {
        EngineRequest(
            .get, "/containers/\(pathSegment(id))/top", query: psArgs.map { [("ps_args", $0)] } ?? [])
    }

    /// `GET /events` limited to the events of one container.
    public static func containerEvents(containerID: String, since: Int64? = nil) -> EngineRequest {
        var query: [(String, String)] = []
        if let since { query.append(("since", String(since))) }
        if let filters = jsonString(["type": ["container"], "container": [containerID]]) {
            query.append(("filters", filters))
        }
        return EngineRequest(.get, "/events", query: query)
    }
}
