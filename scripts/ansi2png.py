#!/usr/bin/env python3
"""ansi2png.py - render a tmux screen capture (text + SGR colour codes) as a PNG.

Usage:
  tmux capture-pane -e -p -N -t SESSION | scripts/ansi2png.py --cols 100 --rows 30 out.png
  scripts/ansi2png.py --input capture.txt --title "berth" out.png

Options:
  --cols N / --rows N   grid size (default: widest line / number of lines); short
                        lines and missing rows are padded with the default background
  --title TEXT          draw a thin window bar with TEXT above the grid
  --font-size PX        font size in pixels (default 16)
  --input FILE          read FILE instead of stdin

Understands what `capture-pane -e` emits: SGR (`ESC[...m`) with the 16 colours,
256 colours (38;5;N / 48;5;N), truecolour (38;2;R;G;B), bold, dim, italic,
underline, reverse, strikethrough, hidden, default fg/bg (39/49) and reset;
every other escape sequence is skipped.  Use `capture-pane -N`: without it tmux
drops trailing spaces, including ones that only carry a background colour.

Needs Pillow (`pip install pillow`, or Debian's `python3-pil`) and DejaVu Sans
Mono (`apt-get install fonts-dejavu-core`).  Optional fallback fonts, used when
installed: fonts-wqy-zenhei (CJK and Hangul), fonts-noto-color-emoji (emoji).
scripts/screenshot installs all of these when they are missing.
"""
import argparse
import math
import os
import re
import sys
import unicodedata
from collections import namedtuple

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError:  # the parser needs no Pillow (scripts/ansi2svg.py uses it); drawing does (main says so)
    Image = ImageDraw = ImageFont = None

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"]
# Tried in order for glyphs the monospace font lacks.
FALLBACK_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]
EMOJI_FONT = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
EMOJI_STRIKE = 109  # Noto Color Emoji is a bitmap font: FreeType only loads it at this size

# Dark theme (Catppuccin Mocha-like).  The bright half is lighter than the normal
# half so that bright colours stay distinguishable, as in a real terminal.
DEFAULT_FG = (205, 214, 244)
DEFAULT_BG = (30, 30, 46)
TITLE_BG, TITLE_FG = (24, 24, 37), (166, 173, 200)
PALETTE16 = [
    "45475a", "f38ba8", "a6e3a1", "f9e2af", "89b4fa", "cba6f7", "94e2d5", "bac2de",
    "6c7086", "ffa5be", "c2f0bd", "fff0c8", "a8c8ff", "dcc2ff", "b4f0e6", "eef1fc",
]
PALETTE16 = [tuple(int(h[i:i + 2], 16) for i in (0, 2, 4)) for h in PALETTE16]

# Light terminal (--light, Catppuccin Latte-like): what a light theme is drawn on.
LIGHT_FG = (76, 79, 105)
LIGHT_BG = (239, 241, 245)
LIGHT_TITLE_BG, LIGHT_TITLE_FG = (220, 224, 232), (92, 95, 119)
LIGHT_PALETTE16 = [
    "5c5f77", "d20f39", "40a02b", "df8e1d", "1e66f5", "8839ef", "179299", "acb0be",
    "6c6f85", "de293e", "49af3d", "eea02d", "456eff", "fe85d8", "2d9fa8", "bcc0cc",
]


def use_light_terminal():
    """Draws as a terminal with a light background and dark text would."""
    global DEFAULT_FG, DEFAULT_BG, TITLE_BG, TITLE_FG, PALETTE16
    DEFAULT_FG, DEFAULT_BG = LIGHT_FG, LIGHT_BG
    TITLE_BG, TITLE_FG = LIGHT_TITLE_BG, LIGHT_TITLE_FG
    PALETTE16 = [tuple(int(h[i:i + 2], 16) for i in (0, 2, 4)) for h in LIGHT_PALETTE16]


def xterm256(n):
    """Colour n of the xterm 256-colour palette as an (r, g, b) tuple."""
    if n < 16:
        return PALETTE16[n]
    if n < 232:
        n -= 16
        levels = (0, 95, 135, 175, 215, 255)
        return levels[n // 36], levels[n // 6 % 6], levels[n % 6]
    v = 8 + 10 * (n - 232)
    return v, v, v


# ---------------------------------------------------------------- parsing

# fg/bg: None (default), an int (palette index) or an (r, g, b) tuple.
Style = namedtuple("Style", "fg bg bold dim italic underline reverse strike hidden")
PLAIN = Style(None, None, False, False, False, False, False, False, False)
# CSI ... final byte | OSC ... BEL/ST (tmux emits OSC 8 hyperlinks) | DCS/PM/APC ... ST | ESC + one char
ESCAPE = re.compile(r"\x1b(?:\[([0-?]*)[ -/]*([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[P^_][^\x1b]*(?:\x1b\\)?|.?)", re.S)
ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufe0e", "\ufe0f"}


def char_width(ch):
    """Terminal cells taken by ch: 0 for combining marks, 2 for East Asian wide/fullwidth (CJK, emoji)."""
    if ch in ZERO_WIDTH or unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def parse_color(sub, rest):
    """Extended colour after 38/48: colon form in `sub` (38:2::r:g:b, 38:5:n) or
    semicolon form in `rest` (38;5;n, 38;2;r;g;b).  Returns (colour, params consumed from rest)."""
    if sub:
        vals = [int(v or 0) for v in sub]
        if vals[0] == 5 and len(vals) > 1:
            return vals[1] & 255, 0
        if vals[0] == 2 and len(vals) >= 4:
            return tuple(v & 255 for v in vals[-3:]), 0
        return None, 0
    mode = int(rest[0] or 0) if rest else None
    if mode == 5 and len(rest) >= 2:
        return int(rest[1] or 0) & 255, 2
    if mode == 2 and len(rest) >= 4:
        return tuple(int(v or 0) & 255 for v in rest[1:4]), 4
    return None, len(rest)


# SGR codes that just set or clear attributes (21 is double underline, 22 ends bold and dim).
SGR_FLAGS = {1: {"bold": True}, 2: {"dim": True}, 3: {"italic": True}, 4: {"underline": True},
             7: {"reverse": True}, 8: {"hidden": True}, 9: {"strike": True}, 21: {"underline": True},
             22: {"bold": False, "dim": False}, 23: {"italic": False}, 24: {"underline": False},
             27: {"reverse": False}, 28: {"hidden": False}, 29: {"strike": False},
             39: {"fg": None}, 49: {"bg": None}}


def apply_sgr(st, params):
    parts = params.split(";") if params else ["0"]
    i = 0
    while i < len(parts):
        sub = parts[i].split(":")
        i += 1
        try:
            n = int(sub[0] or 0)
            if n in (38, 48, 58):
                colour, used = parse_color(sub[1:], parts[i:])
                i += used
                if n == 38:
                    st = st._replace(fg=colour)
                elif n == 48:
                    st = st._replace(bg=colour)
                # 58 is the underline colour: drawn in fg instead
            elif n == 0:
                st = PLAIN
            elif n == 4 and sub[1:] == ["0"]:  # 4:0 = underline off (4:1..4:5 are underline styles)
                st = st._replace(underline=False)
            elif n in SGR_FLAGS:
                st = st._replace(**SGR_FLAGS[n])
            elif 30 <= n <= 37:
                st = st._replace(fg=n - 30)
            elif 40 <= n <= 47:
                st = st._replace(bg=n - 40)
            elif 90 <= n <= 97:
                st = st._replace(fg=n - 90 + 8)
            elif 100 <= n <= 107:
                st = st._replace(bg=n - 100 + 8)
        except ValueError:
            pass  # malformed parameter: ignore it, as a terminal would
    return st


def parse(text):
    """Text with SGR codes -> list of rows; each row a list of [char, Style] cells.
    The cell after a wide character holds "" so that columns stay aligned."""
    rows, row, st = [], [], PLAIN

    def put(ch):
        w = char_width(ch)
        if w == 0:
            if row:
                row[-1 if row[-1][0] else -2][0] += ch  # combining mark joins the previous glyph
            return
        row.append([ch, st])
        if w == 2:
            row.append(["", st])

    pos = 0
    for m in ESCAPE.finditer(text + "\x1b"):  # sentinel so the tail is flushed
        for ch in text[pos:m.start()]:
            if ch == "\n":
                rows.append(row)
                row = []
            elif ch == "\t":
                for _ in range(8 - len(row) % 8):
                    put(" ")
            elif ch >= " " and ch != "\x7f":
                put(ch)
        pos = m.end()
        if m.group(2) == "m":
            st = apply_sgr(st, m.group(1))
    if row:
        rows.append(row)
    return rows


# ---------------------------------------------------------------- fonts

def find_font(name):
    for d in FONT_DIRS:
        path = os.path.join(d, name)
        if os.path.exists(path):
            return path
    return None


class Fonts:
    def __init__(self, size):
        regular = find_font("DejaVuSansMono.ttf")
        if not regular:
            sys.exit("ansi2png.py: DejaVu Sans Mono is missing: apt-get install -y fonts-dejavu-core")
        bold = find_font("DejaVuSansMono-Bold.ttf") or regular
        # fonts-dejavu-core ships no oblique; fonts-dejavu-extra does.  Without it italics are slanted by hand.
        italic = find_font("DejaVuSansMono-Oblique.ttf")
        bold_italic = find_font("DejaVuSansMono-BoldOblique.ttf") or italic
        load = lambda p: ImageFont.truetype(p, size) if p else None
        self.main = {(False, False): load(regular), (True, False): load(bold),
                     (False, True): load(italic), (True, True): load(bold_italic)}
        self.fallbacks = [load(p) for p in FALLBACK_FONTS if os.path.exists(p)]
        self.emoji = ImageFont.truetype(EMOJI_FONT, EMOJI_STRIKE) if os.path.exists(EMOJI_FONT) else None
        self._notdef = {}
        self._choice = {}

    def has_glyph(self, font, ch):
        # Pillow has no cmap lookup; a missing glyph renders as the font's .notdef box,
        # so compare against the rendering of a code point no font maps.
        try:
            if font not in self._notdef:
                m = font.getmask("\U0010fffd")
                self._notdef[font] = (m.size, bytes(m))
            m = font.getmask(ch)
        except Exception:
            return False
        return (m.size, bytes(m)) != self._notdef[font]

    def pick(self, ch, bold, italic):
        """(font, is_colour_emoji, needs_fake_italic) for ch."""
        key = (ch, bold, italic)
        if key not in self._choice:
            main = self.main[(bold, italic)] or self.main[(bold, False)]
            fake_italic = italic and self.main[(bold, italic)] is None
            # Wide pictographs (🐳) look like a terminal's only as colour emoji.
            emoji_first = char_width(ch[0]) == 2 and unicodedata.category(ch[0]) == "So"
            candidates = [main] + self.fallbacks
            if self.emoji:
                candidates.insert(0 if emoji_first else len(candidates), self.emoji)
            choice = (main, False, fake_italic)  # nothing has it: draw main's .notdef box
            for font in candidates:
                if self.has_glyph(font, ch[0]):
                    choice = (font, font is self.emoji, fake_italic and font is main)
                    break
            self._choice[key] = choice
        return self._choice[key]


# ---------------------------------------------------------------- box drawing, blocks, braille
# Drawn as rectangles rather than font glyphs so that lines meet exactly across cells
# (the font's glyphs are sized to its em box, not to our cell height, and leave gaps).

WEIGHTS = {"LIGHT": 1, "SINGLE": 1, "HEAVY": 2, "DOUBLE": 3}
DIRS = {"UP": "u", "DOWN": "d", "LEFT": "l", "RIGHT": "r", "HORIZONTAL": "lr", "VERTICAL": "ud"}
STEP = {"u": (0, -1), "d": (0, 1), "l": (-1, 0), "r": (1, 0)}
PERP = {"l": "ud", "r": "ud", "u": "lr", "d": "lr"}  # first = the side a negative offset lies on
OPP = {"u": "d", "d": "u", "l": "r", "r": "l"}
_box_cache = {}


def box_spec(ch):
    """Parse the Unicode name of a U+2500..U+257F character into
    (arms {side: weight}, kind, dashes).  weight 1 light, 2 heavy, 3 double;
    kind is "line", "arc" or "diag".  E.g. "BOX DRAWINGS DOWN LIGHT AND RIGHT HEAVY"."""
    if ch not in _box_cache:
        words = unicodedata.name(ch, "").replace("BOX DRAWINGS ", "").split()
        arms, kind, dashes = {}, "line", 0
        if "DIAGONAL" in words:
            kind = "diag"
        elif "DASH" in words:
            dashes = {"DOUBLE": 2, "TRIPLE": 3, "QUADRUPLE": 4}[words[1]]
            for d in DIRS[words[-1]]:
                arms[d] = WEIGHTS[words[0]]
        else:
            kind = "arc" if "ARC" in words else "line"
            weight = 1
            for group in " ".join(words).split(" AND "):
                # a group without a weight word inherits the previous one ("LIGHT DOWN AND RIGHT")
                weight = next((WEIGHTS[w] for w in group.split() if w in WEIGHTS), weight)
                for w in group.split():
                    for d in DIRS.get(w, ""):
                        arms[d] = weight
        _box_cache[ch] = (arms, kind, dashes)
    return _box_cache[ch]


def draw_box(draw, ch, x, y, w, h, fg, lt):
    arms, kind, dashes = box_spec(ch)
    cx, cy = x + w // 2, y + h // 2
    g = lt + 1  # half the distance between the two strokes of a double line
    thick = {0: 0, 1: lt, 2: 2 * lt + 1, 3: lt}

    def seg(d, ext, cross, t):
        """Stroke of thickness t on side d, from `ext` px beyond the centre out to the
        cell edge, shifted `cross` px sideways (for the two strokes of a double line)."""
        dx, dy = STEP[d]
        if dx:
            a, b = cx - dx * ext, (x if dx < 0 else x + w - 1)
            yc = cy + cross - t // 2
            draw.rectangle([min(a, b), yc, max(a, b), yc + t - 1], fill=fg)
        else:
            a, b = cy - dy * ext, (y if dy < 0 else y + h - 1)
            xc = cx + cross - t // 2
            draw.rectangle([xc, min(a, b), xc + t - 1, max(a, b)], fill=fg)

    if kind == "diag":
        if ch in "╱╳":
            draw.line([(x, y + h - 1), (x + w - 1, y)], fill=fg, width=lt)
        if ch in "╲╳":
            draw.line([(x, y), (x + w - 1, y + h - 1)], fill=fg, width=lt)
        return
    if kind == "arc":  # rounded corner: a quarter circle plus straight stubs to the edges
        sx = 1 if "r" in arms else -1
        sy = 1 if "d" in arms else -1
        r = min(w, h) // 2
        ox, oy = cx + sx * r, cy + sy * r
        mid = math.degrees(math.atan2(-sy, -sx)) % 360
        draw.arc([ox - r, oy - r, ox + r, oy + r], mid - 45, mid + 45, fill=fg, width=lt)
        seg("r" if sx > 0 else "l", -r, 0, lt)
        seg("d" if sy > 0 else "u", -r, 0, lt)
        return
    if dashes:
        for d, wgt in arms.items():
            horiz = d in "lr"
            length = w if horiz else h
            for i in range(dashes):
                a = (x if horiz else y) + i * length // dashes
                b = a + max(1, length * 6 // (10 * dashes))
                t = thick[wgt]
                if horiz:
                    draw.rectangle([a, cy - t // 2, b, cy - t // 2 + t - 1], fill=fg)
                else:
                    draw.rectangle([cx - t // 2, a, cx - t // 2 + t - 1, b], fill=fg)
        return
    for d, wgt in arms.items():
        p1, p2 = (arms.get(s, 0) for s in PERP[d])
        if wgt == 3:
            # Each stroke of a double line stops at the near stroke of a double
            # perpendicular (╬ keeps its gaps) and runs on to the far one at a corner (╔).
            for cross, same, other in ((-g, p1, p2), (g, p2, p1)):
                if same == 3:
                    ext = -g
                elif same:
                    ext = 0
                elif other == 3:
                    ext = g + lt // 2
                else:
                    ext = lt // 2
                seg(d, ext, cross, lt)
        else:
            t = thick[wgt]
            if (p1 == 3 or p2 == 3) and not arms.get(OPP[d]):
                ext = -g if (p1 and p2) else g + lt // 2  # tee ╟ touches the near stroke, corner ╓ the far one
            else:
                ext = max(thick[p1], thick[p2], t) // 2
            seg(d, ext, 0, t)


QUADRANTS = {0x2596: 4, 0x2597: 8, 0x2598: 1, 0x2599: 13, 0x259A: 9,
             0x259B: 7, 0x259C: 11, 0x259D: 2, 0x259E: 6, 0x259F: 14}  # bits: UL 1, UR 2, LL 4, LR 8


def blend(a, b, t):
    """Colour t of the way from a to b."""
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def draw_block(draw, ch, x, y, w, h, fg, bg):
    """U+2580..U+259F: half/eighth blocks, shades and quadrants, filled to the cell edges."""
    c = ord(ch)
    R = lambda x0, y0, x1, y1, col=fg: x1 > x0 and y1 > y0 and draw.rectangle([x0, y0, x1 - 1, y1 - 1], fill=col)
    if c == 0x2580:
        R(x, y, x + w, y + h // 2)
    elif 0x2581 <= c <= 0x2588:  # lower n eighths
        R(x, y + h - round(h * (c - 0x2580) / 8), x + w, y + h)
    elif 0x2589 <= c <= 0x258F:  # left 7/8 .. 1/8
        R(x, y, x + round(w * (0x2590 - c) / 8), y + h)
    elif c == 0x2590:
        R(x + w // 2, y, x + w, y + h)
    elif 0x2591 <= c <= 0x2593:  # light/medium/dark shade as a flat blend
        R(x, y, x + w, y + h, blend(bg, fg, (c - 0x2590) / 4))
    elif c == 0x2594:
        R(x, y, x + w, y + max(1, round(h / 8)))
    elif c == 0x2595:
        R(x + w - max(1, round(w / 8)), y, x + w, y + h)
    elif c in QUADRANTS:
        bits, mx, my = QUADRANTS[c], x + w // 2, y + h // 2
        for bit, (x0, y0, x1, y1) in ((1, (x, y, mx, my)), (2, (mx, y, x + w, my)),
                                      (4, (x, my, mx, y + h)), (8, (mx, my, x + w, y + h))):
            if bits & bit:
                R(x0, y0, x1, y1)


BRAILLE_DOTS = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3)]  # dots 1..8 as (col, row)


def draw_braille(draw, ch, x, y, w, h, fg):
    bits = ord(ch) - 0x2800
    r = max(1, w // 6)
    for i, (col, row) in enumerate(BRAILLE_DOTS):
        if bits >> i & 1:
            px, py = x + (2 * col + 1) * w // 4, y + (2 * row + 1) * h // 8
            draw.ellipse([px - r, py - r, px + r - 1, py + r - 1], fill=fg)


# ---------------------------------------------------------------- rendering

def resolve(colour, default):
    if colour is None:
        return default
    if isinstance(colour, int):
        return xterm256(colour)
    return colour


def render(rows, cols, nrows, fonts, title=None):
    main = fonts.main[(False, False)]
    ascent, descent = main.getmetrics()
    cw, chh = round(main.getlength("M")), ascent + descent
    pad = cw
    bar = chh + 12 if title else 0
    img = Image.new("RGB", (cols * cw + 2 * pad, nrows * chh + 2 * pad + bar), DEFAULT_BG)
    draw = ImageDraw.Draw(img)
    lt = max(1, round(main.size / 14))  # stroke width of light lines, underline

    if title:
        draw.rectangle([0, 0, img.width - 1, bar - 1], fill=TITLE_BG)
        for i, col in enumerate(((243, 139, 168), (249, 226, 175), (166, 227, 161))):
            ox, r = pad + i * (cw + 8) + 6, max(3, chh // 4)
            draw.ellipse([ox - r, bar // 2 - r, ox + r, bar // 2 + r], fill=col)
        draw.text((img.width // 2, bar // 2), title, font=main, fill=TITLE_FG, anchor="mm")

    for r in range(nrows):
        row = rows[r] if r < len(rows) else []
        y = bar + pad + r * chh
        for c in range(cols):
            ch, st = row[c] if c < len(row) else (" ", PLAIN)
            if not ch:
                continue  # right half of a wide character, painted with its left half
            span = 2 if c + 1 < cols and c + 1 < len(row) and row[c + 1][0] == "" else 1
            x = pad + c * cw
            fg, bg = resolve(st.fg, DEFAULT_FG), resolve(st.bg, DEFAULT_BG)
            if st.reverse:
                fg, bg = bg, fg
            if st.dim:
                fg = blend(fg, bg, 0.45)
            w = span * cw
            if bg != DEFAULT_BG:
                draw.rectangle([x, y, x + w - 1, y + chh - 1], fill=bg)
            if st.hidden:
                continue
            o = ord(ch[0])
            if 0x2500 <= o <= 0x257F and len(ch) == 1:
                draw_box(draw, ch, x, y, w, chh, fg, lt)
            elif 0x2580 <= o <= 0x259F:
                draw_block(draw, ch[0], x, y, w, chh, fg, bg)
            elif 0x2800 <= o <= 0x28FF:
                draw_braille(draw, ch[0], x, y, w, chh, fg)
            elif ch != " ":
                draw_glyph(img, draw, fonts, ch, st, x, y, w, chh, ascent, fg)
            if st.underline:
                uy = y + ascent + max(1, descent // 2)
                draw.rectangle([x, uy, x + w - 1, uy + lt - 1], fill=fg)
            if st.strike:
                sy = y + ascent - round(ascent * 0.35)
                draw.rectangle([x, sy, x + w - 1, sy + lt - 1], fill=fg)
    return img


_emoji_cache = {}


def draw_glyph(img, draw, fonts, ch, st, x, y, w, h, ascent, fg):
    font, is_emoji, fake_italic = fonts.pick(ch, st.bold, st.italic)
    if is_emoji:
        # Rendered once at the font's bitmap size, then scaled down to fit the cells.
        if ch not in _emoji_cache:
            tile = Image.new("RGBA", (EMOJI_STRIKE * 3, EMOJI_STRIKE * 2), (0, 0, 0, 0))
            ImageDraw.Draw(tile).text((0, 0), ch, font=font, embedded_color=True)
            tile = tile.crop(tile.getbbox() or (0, 0, 1, 1))
            scale = min((w - 2) / tile.width, (h - 2) / tile.height)
            _emoji_cache[ch] = tile.resize((max(1, round(tile.width * scale)), max(1, round(tile.height * scale))),
                                           Image.LANCZOS)
        e = _emoji_cache[ch]
        img.paste(e, (x + (w - e.width) // 2, y + (h - e.height) // 2), e)
        return
    # Centre the glyph's advance in its cells: the mono font's advance is a fraction
    # of a pixel narrower than the cell, fallback fonts (CJK) are not exactly 2 cells.
    gx = x + (w - font.getlength(ch)) / 2
    if not fake_italic:
        draw.text((gx, y + ascent), ch, font=font, fill=fg, anchor="ls")
        return
    # No oblique font installed: draw into a mask and shear it ~12 degrees about the baseline.
    mask = Image.new("L", (w + h, h), 0)
    ImageDraw.Draw(mask).text((gx - x + h // 2, ascent), ch, font=font, fill=255, anchor="ls")
    k = 0.2
    mask = mask.transform(mask.size, Image.AFFINE, (1, k, -k * ascent, 0, 1, 0), Image.BILINEAR)
    img.paste(fg, (x - h // 2, y), mask)


def main():
    if Image is None:
        sys.exit("ansi2png.py: Pillow is missing: pip install pillow  (or: apt-get install python3-pil)")
    ap = argparse.ArgumentParser(description="Render `tmux capture-pane -e -p` output as a PNG.")
    ap.add_argument("output", help="PNG file to write")
    ap.add_argument("--input", "-i", help="capture file (default: stdin)")
    ap.add_argument("--cols", type=int, help="grid width (default: widest line)")
    ap.add_argument("--rows", type=int, help="grid height (default: number of lines)")
    ap.add_argument("--title", help="draw a window bar with this title above the grid")
    ap.add_argument("--font-size", type=int, default=16, help="font size in px (default 16)")
    ap.add_argument("--light", action="store_true", help="draw as a terminal with a light background would")
    args = ap.parse_args()
    if args.light:
        use_light_terminal()

    if args.input:
        with open(args.input, encoding="utf-8", errors="replace") as f:
            text = f.read()
    else:
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    rows = parse(text)
    cols = args.cols or max((len(r) for r in rows), default=1) or 1
    nrows = args.rows or len(rows) or 1
    img = render(rows, cols, nrows, Fonts(args.font_size), args.title)
    img.save(args.output)


if __name__ == "__main__":
    main()
