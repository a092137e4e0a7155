/// A mouse event the terminal reported, in screen cells from the top-left corner (0, 0).
public struct MouseEvent: Hashable, Sendable {
    /// What the mouse did.
    public enum Kind: Hashable, Sendable {
        /// A button went down: `1` the left, `2` the middle, `3` the right one.
        case press(button: Int)
        /// The wheel turned away from the user (the content moves down, toward its start).
        case wheelUp
        /// The wheel turned toward the user.
        case wheelDown
    }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}
