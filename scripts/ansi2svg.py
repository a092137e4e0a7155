#!/usr/bin/env python3
"""ansi2svg.py - turn a series of tmux screen captures into one animated SVG.

Usage:
  scripts/ansi2svg.py --cols 120 --rows 30 --title berth out.svg FRAME.ans:SECONDS ...

Each FRAME.ans is what `tmux capture-pane -e -p -N` printed; SECONDS is how long it stays on screen.  The frames
play one after the other and loop.  The SVG needs no script and no font files: the frames sit side by side in one
strip that a CSS animation moves by one frame at each step, and rows that repeat across frames are written once
(<defs>) and reused.  Colours, bold, dim, italic, underline and reverse are read exactly as scripts/ansi2png.py
reads them (its parser is imported from beside this file).
"""
import argparse
import html
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ansi2png  # noqa: E402  (the capture parser and the palette)

FONT_SIZE = 14
CELL_W = FONT_SIZE * 0.6  # the advance of DejaVu Sans Mono and most monospace fonts
CELL_H = round(FONT_SIZE * 1.3)
PAD = 8


def hexcolour(rgb):
    return "#%02x%02x%02x" % rgb


def cell_colours(st):
    """The foreground and background of a cell as drawn: reverse swapped, dim blended."""
    fg = ansi2png.resolve(st.fg, ansi2png.DEFAULT_FG)
    bg = ansi2png.resolve(st.bg, ansi2png.DEFAULT_BG)
    if st.reverse:
        fg, bg = bg, fg
    if st.dim:
        fg = ansi2png.blend(fg, bg, 0.45)
    return fg, bg


class Classes:
    """CSS classes for the text styles used, so each run names its style in a few bytes."""

    def __init__(self):
        self.names = {}

    def of(self, fg, st):
        key = (fg, st.bold, st.italic, st.underline, st.strike)
        if key not in self.names:
            self.names[key] = "s%d" % len(self.names)
        return self.names[key]

    def css(self):
        rules = []
        for (fg, bold, italic, underline, strike), name in self.names.items():
            rule = "fill:%s" % hexcolour(fg)
            if bold:
                rule += ";font-weight:bold"
            if italic:
                rule += ";font-style:italic"
            lines = [w for w, on in (("underline", underline), ("line-through", strike)) if on]
            if lines:
                rule += ";text-decoration:" + " ".join(lines)
            rules.append(".%s{%s}" % (name, rule))
        return "\n".join(rules)


def row_svg(row, cols, classes):
    """One screen row as SVG elements (y = 0 at the row's top): background rects, then text runs."""
    cells = [(row[c] if c < len(row) else [" ", ansi2png.PLAIN]) for c in range(cols)]
    parts = []
    # Backgrounds: runs of one colour other than the screen's.
    c = 0
    while c < cols:
        _, bg = cell_colours(cells[c][1])
        end = c + 1
        while end < cols and cell_colours(cells[end][1])[1] == bg:
            end += 1
        if bg != ansi2png.DEFAULT_BG:
            parts.append('<rect x="%.1f" width="%.1f" height="%d" fill="%s"/>'
                         % (c * CELL_W, (end - c) * CELL_W, CELL_H, hexcolour(bg)))
        c = end
    # Text: runs of one style, each placed at its column and stretched to its cells, so a font whose advance is
    # not exactly 0.6 em still keeps the columns straight.
    c = 0
    while c < cols:
        ch, st = cells[c]
        if ch in ("", " ") or st.hidden:
            c += 1
            continue
        fg, _ = cell_colours(st)
        cls = classes.of(fg, st)
        end = c
        while end < cols:
            ch2, st2 = cells[end]
            if ch2 != "" and (st2.hidden or classes.of(cell_colours(st2)[0], st2) != cls):
                break
            end += 1
        run = cells[c:end]
        while run and run[-1][0] == " ":
            run.pop()
        text = "".join(x[0] for x in run)
        parts.append('<text x="%.1f" y="%d" class="%s" textLength="%.1f" lengthAdjust="spacingAndGlyphs">%s</text>'
                     % (c * CELL_W, FONT_SIZE, cls, len(run) * CELL_W, html.escape(text, quote=False)))
        c = end
    return "".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cols", type=int, required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--title", default=None)
    ap.add_argument("output")
    ap.add_argument("frames", nargs="+", help="FILE:SECONDS")
    args = ap.parse_args()

    frames = []
    for spec in args.frames:
        path, _, seconds = spec.rpartition(":")
        with open(path, encoding="utf-8", errors="replace") as f:
            rows = ansi2png.parse(f.read())
        frames.append((rows, float(seconds)))

    classes = Classes()
    unique_rows = {}  # row svg -> id
    frame_rows = []
    for rows, seconds in frames:
        ids = []
        for r in range(args.rows):
            svg = row_svg(rows[r] if r < len(rows) else [], args.cols, classes)
            if svg not in unique_rows:
                unique_rows[svg] = "r%d" % len(unique_rows)
            ids.append(unique_rows[svg])
        # A frame the same as the one before only lengthens it.
        if frame_rows and frame_rows[-1][0] == ids:
            frame_rows[-1] = (ids, frame_rows[-1][1] + seconds)
        else:
            frame_rows.append((ids, seconds))

    screen_w = args.cols * CELL_W + 2 * PAD
    bar = CELL_H + 10 if args.title else 0
    screen_h = args.rows * CELL_H + 2 * PAD
    total = sum(seconds for _, seconds in frame_rows)
    n = len(frame_rows)

    keyframes, elapsed = [], 0.0
    for i, (_, seconds) in enumerate(frame_rows):
        keyframes.append("%.3f%%{transform:translateX(%.1fpx)}" % (100 * elapsed / total, -i * screen_w))
        elapsed += seconds
    keyframes.append("100%%{transform:translateX(%.1fpx)}" % (-(n - 1) * screen_w))

    out = []
    out.append('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xml:space="preserve" '
               'width="%.0f" height="%.0f" viewBox="0 0 %.1f %.1f">' % (screen_w, screen_h + bar, screen_w, screen_h + bar))
    out.append("<style>")
    out.append("text{font-family:'DejaVu Sans Mono','Menlo','Consolas','Liberation Mono',monospace;"
               "font-size:%dpx;white-space:pre}" % FONT_SIZE)
    out.append(classes.css())
    out.append("#strip{animation:play %.2fs step-end infinite}" % total)
    out.append("@keyframes play{%s}" % "".join(keyframes))
    out.append("</style>")
    out.append('<rect width="100%%" height="100%%" fill="%s"/>' % hexcolour(ansi2png.DEFAULT_BG))
    if args.title:
        out.append('<rect width="100%%" height="%d" fill="%s"/>' % (bar, hexcolour(ansi2png.TITLE_BG)))
        for i, colour in enumerate(((243, 139, 168), (249, 226, 175), (166, 227, 161))):
            out.append('<circle cx="%d" cy="%d" r="5" fill="%s"/>' % (PAD + 8 + i * 16, bar // 2, hexcolour(colour)))
        out.append('<text x="50%%" y="%d" text-anchor="middle" fill="%s">%s</text>'
                   % (bar // 2 + FONT_SIZE // 3, hexcolour(ansi2png.TITLE_FG), html.escape(args.title)))
    out.append("<defs>")
    for svg, ident in unique_rows.items():
        out.append('<g id="%s">%s</g>' % (ident, svg))
    out.append("</defs>")
    out.append('<svg x="0" y="%d" width="%.1f" height="%.1f"><g id="strip">' % (bar, screen_w, screen_h))
    for i, (ids, _) in enumerate(frame_rows):
        out.append('<g transform="translate(%.1f,%d)">' % (i * screen_w + PAD, PAD))
        for r, ident in enumerate(ids):
            out.append('<use xlink:href="#%s" y="%d"/>' % (ident, r * CELL_H))
        out.append("</g>")
    out.append("</g></svg></svg>")
    with open(args.output, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("%s: %d frames (%d distinct rows), %.1f s, %d bytes"
          % (args.output, n, len(unique_rows), total, os.path.getsize(args.output)), file=sys.stderr)


if __name__ == "__main__":
    main()
