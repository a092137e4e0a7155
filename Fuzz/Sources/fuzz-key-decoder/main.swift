import CNcursesw
import FuzzSupport
import TerminalUI

@testable import CursesKeys

/// `KeyDecoder`, the pure part of the curses backend's input: what `wget_wch` returned, turned into berth's `Key`.
///
/// Input: records of five bytes, a flag (`KEY_CODE_YES` or a character) and the code. Function-key codes are `int`s
/// in ncurses, so they stay within 0...Int32.max; characters may be any `wint_t`. Invariants: nothing traps; a
/// character key is never a C0 control or DEL (those are named keys or Ctrl combinations); a Ctrl key is a letter.
FuzzDriver.run { data, size in
    var input = FuzzInput(data, size)
    for _ in 0..<max(1, size / 5) {
        let isFunctionKey = input.byte() & 1 == 1
        var code = UInt32(input.uint16()) | UInt32(input.uint16()) << 16
        if isFunctionKey { code &= 0x7FFF_FFFF }
        guard let key = KeyDecoder.decode(isFunctionKey: isFunctionKey, code: code) else { continue }
        switch key {
        case .character(let character):
            for scalar in character.unicodeScalars {
                require(scalar.value >= 0x20 && scalar.value != 0x7F, "a control character as a character key")
            }
        case .control(let letter):
            require(("a"..."z").contains(letter), "Ctrl-\(letter) is not a letter")
        case .function(let number):
            require((1...12).contains(number), "F\(number)")
        default:
            break
        }
        _ = key.description
    }
    return 0
}
