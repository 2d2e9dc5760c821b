"""The report's one picture: VAF of each alteration against the driver's and the tumour fraction,
drawn with matplotlib as inline SVG.

Labels come from the input (gene, alteration), so the SVG is treated as untrusted until checked:
matplotlib escapes text it writes (`&`, `<`, `>`), mathtext is switched off so a `$` in a label is
only a character, and `safe_svg` parses the result and refuses any element or attribute outside a
small list (no script, no foreignObject, no event handlers, only in-document links) before the
one `Markup` call that lets it into the page. The same inputs give the same bytes: the SVG hash
salt is fixed and no date is written.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.etree import ElementTree

from markupsafe import Markup

from ..words import CATEGORY_WORDS, percent

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
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import pyplot as plt

    rows = points[:MAX_ROWS]
    style = {
        "svg.hashsalt": "ctdna-resist", "svg.fonttype": "none", "text.parse_math": False,
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
        "font.size": 9, "axes.edgecolor": "#9aa3ad", "axes.linewidth": 0.6,
        "xtick.color": "#5b6472", "ytick.color": "#1d2430", "axes.labelcolor": "#5b6472",
    }
    with matplotlib.rc_context(style):
        height = 1.05 + 0.22 * len(rows)
        fig, ax = plt.subplots(figsize=(6.6, height))
        try:
            ys = list(range(len(rows)))[::-1]
            top = max([p.vaf for p in rows] + [driver_vaf or 0, tumor_fraction or 0]) * 100
            for y, p in zip(ys, rows, strict=True):
                colour = COLOURS.get(p.kind, COLOURS["other"])
                ax.hlines(y, 0, p.vaf * 100, color=colour, linewidth=1.2, alpha=0.35)
                ax.plot(p.vaf * 100, y, marker=MARKERS.get(p.kind, "o"), linestyle="none",
                        markersize=6, color=colour,
                        markerfacecolor="white" if p.chip else colour)
                ax.text(p.vaf * 100 + top * 0.015, y, percent(p.vaf), va="center", fontsize=8,
                        color="#5b6472", parse_math=False)
            handles = _legend_handles(rows)
            if driver_vaf:
                handles.append(ax.axvline(
                    driver_vaf * 100, color=COLOURS["driver"], linestyle="--", linewidth=0.9,
                    label=f"driver VAF ({driver_label})"))
            if tumor_fraction:
                how = "given" if tumor_fraction_given else "estimated"
                handles.append(ax.axvline(
                    tumor_fraction * 100, color="#a15c00", linestyle=":", linewidth=1.2,
                    label=f"tumour fraction ({how})"))
            ax.set_yticks(ys, [shorten(p.label) for p in rows], parse_math=False)
            ax.set_ylim(-0.7, len(rows) - 0.3)
            ax.set_xlim(0, top * 1.15 or 1)
            ax.set_xlabel("variant allele fraction in plasma (%)")
            ax.spines[["top", "right"]].set_visible(False)
            ax.tick_params(axis="y", length=0)
            ax.grid(axis="x", color="#e6e9ee", linewidth=0.6)
            ax.set_axisbelow(True)
            legend = fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=7.5,
                                frameon=False, handlelength=1.6, columnspacing=1.2)
            for text in legend.get_texts():
                text.set_parse_math(False)
            rows_of_legend = -(-len(handles) // 4)
            fig.tight_layout(pad=0.4, rect=(0, 0.06 + 0.1 * rows_of_legend / height, 1, 1))
            out = io.StringIO()
            fig.savefig(out, format="svg", metadata={"Date": None, "Creator": "ctdna-resist"})
        finally:
            plt.close(fig)
    return safe_svg(out.getvalue())


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
    return Markup(body)  # noqa: S704 - checked above; labels were escaped by the SVG writer


def _legend_handles(rows: list[Point]) -> list:
    """One legend entry per kind of marker drawn, in a fixed order."""
    from matplotlib.lines import Line2D

    names = {"driver": "driver", **CATEGORY_WORDS, "other": "not a finding"}
    handles = []
    for kind, name in names.items():
        if any(p.kind == kind for p in rows):
            handles.append(Line2D([], [], marker=MARKERS[kind], color=COLOURS[kind],
                                  linestyle="none", markersize=5, label=name))
    if any(p.chip for p in rows):
        handles.append(Line2D([], [], marker="o", color=COLOURS["other"], linestyle="none",
                              markersize=5, markerfacecolor="white", label="possible CHIP"))
    return handles
