import EngineAPI

/// A `top` answer with its columns identified, so rows can be sorted and arranged as a tree whatever columns the
/// engine sent (berth's own `ps` options, Docker's `-ef` default, or Podman's).
public struct ProcessTable: Sendable, Equatable {
    public var titles: [String]
    public var rows: [[String]]
    public var pidColumn: Int?
    public var ppidColumn: Int?
    public var cpuColumn: Int?
    public var memoryColumn: Int?
    /// The command is always the last column: the engine puts everything after the other fields in it.
    public var commandColumn: Int

    public init(_ top: ContainerTop) {
        titles = top.titles
        rows = top.processes
        let upper = titles.map { $0.uppercased() }
        func column(_ names: [String]) -> Int? {
            for name in names { if let index = upper.firstIndex(of: name) { return index } }
            return nil
        }
        pidColumn = column(["PID"])
        ppidColumn = column(["PPID"])
        cpuColumn = column(["%CPU", "CPU", "C", "PCPU"])
        memoryColumn = column(["%MEM", "RSS", "MEM", "PMEM", "VSZ"])
        commandColumn = max(0, titles.count - 1)
    }

    /// Resident memory and virtual size are in KiB in `ps` output; shown in binary units.
    public func isKibibytes(_ column: Int) -> Bool {
        guard titles.indices.contains(column) else { return false }
        let title = titles[column].uppercased()
        return title == "RSS" || title == "VSZ"
    }

    func cell(_ row: [String], _ column: Int?) -> String? {
        guard let column, row.indices.contains(column) else { return nil }
        return row[column]
    }

    func number(_ row: [String], _ column: Int?) -> Double {
        cell(row, column).flatMap { Double($0) } ?? -.infinity
    }

    /// The process behind a row, for signalling it.
    public func target(_ row: [String]) -> ProcessTarget? {
        guard let pid = cell(row, pidColumn), !pid.isEmpty else { return nil }
        return ProcessTarget(pid: pid, ppid: cell(row, ppidColumn), command: cell(row, commandColumn) ?? "")
    }

    /// The rows in display order: sorted by `sort` (PID breaks ties), or as a tree by parent PID with each
    /// level sorted the same way.
    public func ordered(by sort: ProcessSort, descending: Bool, tree: Bool) -> [ProcessRow] {
        let column: Int?
        switch sort {
        case .cpu: column = cpuColumn
        case .memory: column = memoryColumn
        case .pid: column = pidColumn
        }
        let pidOf = { (row: [String]) in number(row, pidColumn) }
        let sorted = rows.sorted { a, b in
            let va = number(a, column)
            let vb = number(b, column)
            if va != vb { return descending ? va > vb : va < vb }
            return pidOf(a) < pidOf(b)
        }
        guard tree, ppidColumn != nil, pidColumn != nil else {
            return sorted.map { ProcessRow(cells: $0, treePrefix: "", pid: cell($0, pidColumn) ?? "") }
        }
        var children: [String: [[String]]] = [:]
        let pids = Set(rows.compactMap { cell($0, pidColumn) })
        var roots: [[String]] = []
        for row in sorted {
            if let parent = cell(row, ppidColumn), pids.contains(parent), parent != cell(row, pidColumn) {
                children[parent, default: []].append(row)
            } else {
                roots.append(row)
            }
        }
        var out: [ProcessRow] = []
        var seen = Set<String>()
        func visit(_ row: [String], prefix: String, continuation: String) {
            let pid = cell(row, pidColumn) ?? ""
            guard seen.insert(pid).inserted else { return }
            out.append(ProcessRow(cells: row, treePrefix: prefix, pid: pid))
            let kids = children[pid] ?? []
            for (offset, kid) in kids.enumerated() {
                let last = offset == kids.count - 1
                visit(
                    kid, prefix: continuation + (last ? "└─ " : "├─ "),
                    continuation: continuation + (last ? "   " : "│  "))
            }
        }
        for root in roots { visit(root, prefix: "", continuation: "") }
        // A parent cycle (PID reuse mid-sample) leaves rows unvisited; they still show, at the top level.
        for row in sorted where !seen.contains(cell(row, pidColumn) ?? "") {
            visit(row, prefix: "", continuation: "")
        }
        return out
    }
}

/// One displayed process row.
public struct ProcessRow: Sendable, Equatable {
    public var cells: [String]
    /// Tree branches drawn before the command (`├─ `), empty outside the tree view.
    public var treePrefix: String
    public var pid: String
}

/// What the process list is sorted by.
public enum ProcessSort: Sendable, Equatable, CaseIterable {
    case cpu, memory, pid

    /// Largest first for CPU and memory, smallest first for PIDs.
    public var descendingByDefault: Bool { self != .pid }
}

/// A process to signal, as `top` described it. The PID is the engine's (the host's on Docker, the container's on
/// Podman); the parent and command let the runtime check it still names the same process.
public struct ProcessTarget: Sendable, Hashable {
    public var pid: String
    public var ppid: String?
    public var command: String

    public init(pid: String, ppid: String?, command: String) {
        self.pid = pid
        self.ppid = ppid
        self.command = command
    }
}
