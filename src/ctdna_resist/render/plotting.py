"""What the report's two plots (figure.py, serial_plot.py) share: axis ticks, marker shapes, text
widths and the text cleaning that keeps input labels valid in SVG.

The plots are SVG written by templates (`*.svg.j2`, autoescaped like every page) from the
coordinates computed here, in points (1/72 inch), so the same inputs give the same bytes.
Labels from the input are escaped by the template; characters XML cannot carry (control
characters) are replaced here first, so a label can neither break the markup nor the parse.
"""

from __future__ import annotations

import math
import re

FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
#: advance widths of DejaVu Sans, per 1000 units of font size, for ' ' (32) to '~' (126): from
#: the font's horizontal metrics (hmtx); other characters count as AVERAGE_WIDTH
_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698,
    770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732,
    684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
    634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592,
    525, 636, 337, 636, 838)
AVERAGE_WIDTH = 640
#: XML 1.0 forbids C0 controls other than tab and line ends, and U+FFFE/U+FFFF; C1 controls,
#: DEL and lone surrogates are replaced too (nothing a label means)
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_ENDS = re.compile(r"[\t\r\n]+")


def clean(text: str) -> str:
    """A label as SVG text can carry it: tabs and line ends as a space, other control
    characters as U+FFFD (the mark of an unreadable character)."""
    return _UNWRITABLE.sub("\ufffd", _LINE_ENDS.sub(" ", text))


def text_width(text: str, size: float) -> float:
    """Width in points of `text` set in DejaVu Sans at `size` points."""
    units = sum(_WIDTHS[o - 32] if 32 <= (o := ord(c)) <= 126 else AVERAGE_WIDTH for c in text)
    return units * size / 1000


def num(value: float) -> str:
    """A coordinate as written in the SVG: two decimals at most."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def nice_ticks(top: float, most: int = 8) -> tuple[list[float], int]:
    """Ticks from 0 to at most `top`, every 1, 2, 2.5 or 5 times a power of ten, no more than
    `most` + 1 of them; and the decimals their labels need."""
    if top <= 0:
        top = 1.0
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)
    count = math.floor(top / step + 1e-9)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    if round(step / 10 ** -decimals, 6) % 1:  # 2.5 x 10^k needs one more
        decimals += 1
    return [round(i * step, 10) for i in range(count + 1)], decimals


def marker(shape: str, x: float, y: float, size: float, colour: str, hollow: bool = False,
           edge: float = 1.0) -> dict:
    """A marker `size` points across centred on x, y: 'o' circle, 's' square, 'D' diamond,
    '^' triangle."""
    half = size / 2
    points: list[tuple[float, float]] = []
    if shape == "s":
        half *= 0.88
        points = [(x - half, y - half), (x + half, y - half), (x + half, y + half),
                  (x - half, y + half)]
    elif shape == "D":
        half *= 1.1
        points = [(x, y - half), (x + half, y), (x, y + half), (x - half, y)]
    elif shape == "^":
        half *= 1.05
        points = [(x, y - half), (x + half, y + half * 0.8), (x - half, y + half * 0.8)]
    mark = {"fill": "#ffffff" if hollow else colour, "stroke": colour, "edge": num(edge)}
    if not points:
        return {**mark, "circle": True, "x": num(x), "y": num(y), "r": num(half)}
    return {**mark, "circle": False, "points": " ".join(f"{num(a)},{num(b)}" for a, b in points)}
