import TerminalUI

/// One row of a mode's key table: the keys, how help shows them, and the command they run.
///
/// The same tables dispatch keys, fill the status-line hints, generate the help overlay and the README's key
/// tables, so none of them can disagree. Commands have stable names (`stop`, `scroll-down`, `sort-cpu`): a keymap
/// can bind any of them to other keys.
public struct KeyBinding: Sendable, Equatable {
    public var keys: [Key]
    /// How the keys are written in help and hints, e.g. `j/↓`.
    public var label: String
    /// What the command does, for the help overlay and the README.
    public var help: String
    /// The short word for the status-line hint; nil keeps the binding out of the hints.
    public var hint: String?
    /// The command's stable name within its mode.
    public var command: String

    public init(_ keys: [Key], label: String? = nil, _ command: String, help: String, hint: String? = nil) {
        self.keys = keys
        self.label = label ?? keys.map(Self.name).joined(separator: "/")
        self.help = help
        self.hint = hint
        self.command = command
    }

    /// How one key is written: `j`, `↓`, `^S`, `Esc`, `Space`.
    public static func name(_ key: Key) -> String {
        if case .control(let c) = key { return "^" + c.uppercased() }
        return key.description
    }
}

/// What a mode does with a key its table does not list.
public enum OtherKeys: Sendable, Equatable {
    /// Nothing: the key is ignored (it does not reach any mode behind this one).
    case ignored
    /// Printable characters are typed into the prompt.
    case typed
    /// Any other key closes the dialog or overlay without doing anything.
    case cancel
}

/// The keys of one mode: its bindings, and what every other key does.
public struct KeyTable: Sendable, Equatable {
    public var mode: KeyMode
    public var bindings: [KeyBinding]
    public var otherKeys: OtherKeys

    public init(_ mode: KeyMode, otherKeys: OtherKeys = .ignored, _ bindings: [KeyBinding]) {
        self.mode = mode
        self.bindings = bindings
        self.otherKeys = otherKeys
    }

    /// The command `key` runs in this mode, if any.
    public func command(for key: Key) -> String? {
        bindings.first { $0.keys.contains(key) }?.command
    }

    /// The binding of `command`, if this mode has it.
    public func binding(_ command: String) -> KeyBinding? {
        bindings.first { $0.command == command }
    }
}

/// Every mode's key table. Part of the state, so a keymap read at start (or a test) can change any binding and
/// dispatch, hints and help follow.
public struct Keymap: Sendable, Equatable {
    public var tables: [KeyMode: KeyTable]

    public init(tables: [KeyMode: KeyTable]) {
        self.tables = tables
    }

    public subscript(mode: KeyMode) -> KeyTable {
        tables[mode] ?? KeyTable(mode, [])
    }

    /// Binds `command` of `mode` to `keys` instead of its default keys. Returns false when the mode has no such
    /// command. A key the mode already used elsewhere is taken from that binding.
    @discardableResult
    public mutating func rebind(_ command: String, in mode: KeyMode, to keys: [Key]) -> Bool {
        guard var table = tables[mode], let index = table.bindings.firstIndex(where: { $0.command == command })
        else { return false }
        for other in table.bindings.indices where other != index {
            table.bindings[other].keys.removeAll { keys.contains($0) }
        }
        table.bindings[index].keys = keys
        table.bindings[index].label = keys.map(KeyBinding.name).joined(separator: "/")
        tables[mode] = table
        return true
    }
}
