"""The report's one picture: VAF of each alteration against the driver's and the tumour fraction,
as inline SVG written by a template (`vaf_figure.svg.j2`) from coordinates computed here.

Labels come from the input (gene, alteration): the template escapes them like every page, and
`plotting.clean` first replaces what XML cannot carry (control characters). The SVG is then
treated as untrusted until checked: `safe_svg` parses it and refuses any element or attribute
outside a small list (no script, no foreignObject, no event handlers, only in-document links)
before the one `Markup` call that lets it into the page. The same inputs give the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree

from markupsafe import Markup

from ..words import CATEGORY_WORDS, percent
from .plotting import FONT, clean, marker, nice_ticks, num, text_width

#: rows beyond this are listed under the figure, not drawn (a large panel stays readable)
MAX_ROWS = 24
#: labels longer than this are shortened in the figure (the tables show them in full)
MAX_LABEL = 36

COLOURS = {
    "driver": "#1d2430",
    "on_target": "#0b5cad",
    "bypass": "#7b3fa0",
    "downstream": "#0f7f6f",
    "other": "#9aa3ad",
}
MARKERS = {"driver": "D", "on_target": "o", "bypass": "s", "downstream": "^", "other": "o"}
TUMOUR_FRACTION_COLOUR = "#a15c00"
MUTED = "#5b6472"

WIDTH = 475.2  # points: 6.6 inches
PAD = 3.6
ROW = 15.84  # points per alteration
LEGEND_COLUMNS = 4
LEGEND_ROW = 12.0

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}"
_ALLOWED_ELEMENTS = {f"{_SVG}{name}" for name in (
    "svg", "g", "defs", "path", "use", "clipPath", "rect", "text", "tspan", "style", "title",
    "desc", "circle", "ellipse", "line", "polyline", "polygon")}
_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


@dataclass(frozen=True)
class Point:
    """One row of the figure: a label from the input and its VAF (a fraction)."""

    label: str
    vaf: float
    kind: str  # "driver", a mechanism category, or "other"
    chip: bool = False


class UnsafeSvgError(RuntimeError):
    """The drawn SVG holds something a report must not carry (a bug, never the user's fault)."""


def shorten(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"


def draw_vaf_figure(points: list[Point], driver_vaf: float | None, driver_label: str | None,
                    tumor_fraction: float | None, tumor_fraction_given: bool) -> Markup:
    """Horizontal dot plot of VAF (%) per alteration, driver first; returns checked inline SVG."""
    from .page import environment

    view = vaf_figure_view(points, driver_vaf, driver_label, tumor_fraction,
                           tumor_fraction_given)
    return safe_svg(environment().get_template("vaf_figure.svg.j2").render(**view))


def vaf_figure_view(points: list[Point], driver_vaf: float | None, driver_label: str | None,
                    tumor_fraction: float | None, tumor_fraction_given: bool) -> dict:
    """Everything the template places, as text: coordinates in points, labels cleaned."""
    rows = points[:MAX_ROWS]
    labels = [clean(shorten(p.label)) for p in rows]
    legend = _legend(rows, driver_vaf, driver_label, tumor_fraction, tumor_fraction_given)
    legend_rows = -(-len(legend) // LEGEND_COLUMNS)
    height = 75.6 + ROW * len(rows)
    left = PAD + max((text_width(label, 9) for label in labels), default=0.0) + 3.5
    right = WIDTH - PAD
    top_y = PAD
    bottom_y = height - PAD - LEGEND_ROW * legend_rows - 34
    top = max([p.vaf for p in rows] + [driver_vaf or 0, tumor_fraction or 0]) * 100
    x_max = top * 1.15 or 1

    def x(percent_value: float) -> float:
        return left + (right - left) * percent_value / x_max

    def y(index: int) -> float:  # row 0 at the top; rows sit between -0.7 and n - 0.3
        return top_y + (bottom_y - top_y) * (index + 0.7) / len(rows)

    ticks, decimals = nice_ticks(x_max)
    view_rows = []
    for i, (p, label) in enumerate(zip(rows, labels, strict=True)):
        colour = COLOURS.get(p.kind, COLOURS["other"])
        at = x(p.vaf * 100)
        view_rows.append({
            "label": label, "y": num(y(i)), "text_y": num(y(i) + 3.2), "x0": num(left),
            "x": num(at), "colour": colour, "value": percent(p.vaf),
            "value_x": num(x(p.vaf * 100 + top * 0.015)), "value_y": num(y(i) + 2.9),
            "marker": marker(MARKERS.get(p.kind, "o"), at, y(i), 6, colour, hollow=p.chip)})
    lines = []
    if driver_vaf:
        lines.append({"x": num(x(driver_vaf * 100)), "colour": COLOURS["driver"],
                      "width": "0.9", "dash": "3.33,1.44"})
    if tumor_fraction:
        lines.append({"x": num(x(tumor_fraction * 100)), "colour": TUMOUR_FRACTION_COLOUR,
                      "width": "1.2", "dash": "1.2,1.98"})
    return {
        "width": num(WIDTH), "height": num(height), "font": FONT, "muted": MUTED,
        "left": num(left), "right": num(right), "top": num(top_y), "bottom": num(bottom_y),
        "label_x": num(left - 3.5), "rows": view_rows, "lines": lines,
        "ticks": [{"x": num(x(t)), "label": f"{t:.{decimals}f}"} for t in ticks],
        "tick_end": num(bottom_y + 3.5), "tick_text_y": num(bottom_y + 15.5),
        "axis_label": "variant allele fraction in plasma (%)",
        "axis_label_x": num((left + right) / 2), "axis_label_y": num(bottom_y + 28.5),
        "legend": _place_legend(legend, bottom_y + 34 + 3),
        "title": "Variant allele fraction of each alteration in plasma, against the driver "
                 "and the tumour fraction",
    }


def _legend(rows: list[Point], driver_vaf: float | None, driver_label: str | None,
            tumor_fraction: float | None, given: bool) -> list[dict]:
    """One entry per kind of marker drawn, in a fixed order, then the lines."""
    names = {"driver": "driver", **CATEGORY_WORDS, "other": "not a finding"}
    entries: list[dict] = [{"label": name, "shape": MARKERS[kind], "colour": COLOURS[kind]}
                           for kind, name in names.items() if any(p.kind == kind for p in rows)]
    if any(p.chip for p in rows):
        entries.append({"label": "possible CHIP", "shape": "o", "colour": COLOURS["other"],
                        "hollow": True})
    if driver_vaf:
        entries.append({"label": f"driver VAF ({clean(driver_label or '')})",
                        "colour": COLOURS["driver"], "width": "0.9", "dash": "3.33,1.44"})
    if tumor_fraction:
        entries.append({"label": f"tumour fraction ({'given' if given else 'estimated'})",
                        "colour": TUMOUR_FRACTION_COLOUR, "width": "1.2", "dash": "1.2,1.98"})
    return entries


def _place_legend(entries: list[dict], top: float) -> list[dict]:
    """Entries in rows of LEGEND_COLUMNS, left to right, each column as wide as its widest
    entry, the whole centred under the figure."""
    handle, gap, spacing = 12.0, 4.5, 9.0
    widths = [handle + gap + text_width(e["label"], 7.5) for e in entries]
    columns = [max(widths[c::LEGEND_COLUMNS], default=0.0) for c in range(LEGEND_COLUMNS)]
    used = [c for c in columns if c]
    start = (WIDTH - sum(used) - spacing * (len(used) - 1)) / 2
    placed = []
    for i, entry in enumerate(entries):
        row, column = divmod(i, LEGEND_COLUMNS)
        x0 = start + sum(columns[:column]) + spacing * column
        y = top + LEGEND_ROW * row + LEGEND_ROW / 2
        item = {"label": entry["label"], "text_x": num(x0 + handle + gap),
                "text_y": num(y + 2.7), "marker": None, "line": None}
        if "shape" in entry:
            item["marker"] = marker(entry["shape"], x0 + handle / 2, y, 5, entry["colour"],
                                    hollow=entry.get("hollow", False))
        else:
            item["line"] = {"x1": num(x0), "x2": num(x0 + handle), "y": num(y),
                            "colour": entry["colour"], "width": entry["width"],
                            "dash": entry["dash"]}
        placed.append(item)
    return placed


def safe_svg(svg: str) -> Markup:
    """The only place the report marks markup safe: an SVG the project drew, after checking
    that it is well-formed and holds nothing but drawing elements."""
    body = _METADATA.sub("", _PROLOGUE.sub("", svg, count=1), count=1).strip()
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise UnsafeSvgError(f"figure is not well-formed SVG: {exc}") from None
    for element in root.iter():
        if element.tag not in _ALLOWED_ELEMENTS:
            raise UnsafeSvgError(f"figure holds a <{element.tag}> element")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise UnsafeSvgError(f"figure holds an event attribute {local}")
            if local == "href" and not value.startswith("#"):
                raise UnsafeSvgError(f"figure links outside itself: {value[:40]}")
            if "url(" in value and not re.fullmatch(r"url\(#[\w-]+\)", value.strip()):
                raise UnsafeSvgError(f"figure refers outside itself: {value[:40]}")
        if element.tag == f"{_SVG}style" and re.search(r"@import|url\(", element.text or ""):
            raise UnsafeSvgError("figure style imports or refers to something")
    return Markup(body)  # noqa: S704 - checked above; labels were escaped by the template
