/// One terminal cell.
///
/// `text` is one sanitised grapheme (base scalar plus combining marks) that is safe to send to a terminal;
/// the right half of a two-column character is a cell with empty `text`.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String = " ", style: Style = .plain) {
        self.text = text
        self.style = style
    }

    public static let blank = Cell()

    /// Whether this cell is the right half of a wide character drawn in the cell to its left.
    public var isContinuation: Bool { text.isEmpty }
}
