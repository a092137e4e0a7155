import CNcursesw
import TerminalUI

/// Maps what `wget_wch` returns to berth's `Key`.
enum KeyDecoder {
    /// `isFunctionKey` is `rc == KEY_CODE_YES`; `code` is the wide character or the `KEY_*` code.
    static func decode(isFunctionKey: Bool, code: UInt32) -> Key? {
        if isFunctionKey {
            switch Int32(truncatingIfNeeded: code) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(Int32(truncatingIfNeeded: code) - KEY_F0))
            default: return nil
            }
        }
        switch code {
        case 10, 13: return .enter
        case 27: return .escape
        case 127, 8: return .backspace
        case 9: return .tab
        case 1...26: return .control(Character(Unicode.Scalar(code + 96) ?? "?"))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }
}
