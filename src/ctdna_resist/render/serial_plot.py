"""The trajectory plot of a serial report: an SVG drawn with matplotlib (imported here only).

Top panel: VAF of each small variant over time, the driver drawn heavier; bottom panel (when any
copy-number alteration was detected): plasma copy number. A non-detection is an open marker at 0
VAF (or copy number 2); one at a time point of unknown tumour fraction is left out, since it says
nothing. The x axis is in days when every time point has a date, evenly spaced otherwise.

The output is deterministic (fixed hash salt, no date in the metadata), and text stays text
(`svg.fonttype` none), which matplotlib's SVG writer escapes; math parsing is off so a `$` in a
label is just a character.
"""

from __future__ import annotations

import io
import re

from ..model import SerialAlteration, SerialResult

_RC = {
    "svg.hashsalt": "ctdna-resist",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_COLOURS = ["#0b5cad", "#c0392b", "#1e8449", "#8e44ad", "#d35400", "#16a085", "#7f8c8d",
            "#b7950b", "#2c3e50", "#a93226"]


def _x_positions(result: SerialResult) -> list[float]:
    """Days since the first time point when all are dated, else evenly spaced."""
    dates = [t.date for t in result.timepoints]
    if all(dates):
        from datetime import date

        days = [date.fromisoformat(d) for d in dates]  # type: ignore[arg-type]
        return [float((d - days[0]).days) for d in days]
    return [float(i) for i in range(len(dates))]


def _series(alteration: SerialAlteration, xs: list[float], attr: str, absent: float):
    """Points detected (x, y) and points not detected (x, absent), in time order."""
    line, hollow = [], []
    for x, value in zip(xs, alteration.values, strict=True):
        y = getattr(value, attr)
        if value.detected and y is not None:
            line.append((x, y * 100 if attr == "vaf" else y))
        elif not value.detected and not value.inconclusive:
            line.append((x, absent))
            hollow.append((x, absent))
    return line, hollow


def render_trajectory_svg(result: SerialResult) -> str:
    """The SVG element (no XML declaration), ready to sit inside the HTML page."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt

    xs = _x_positions(result)
    with_vaf = [a for a in result.alterations if any(v.vaf is not None for v in a.values)]
    with_cn = [a for a in result.alterations
               if any(v.copy_number is not None and v.vaf is None for v in a.values)]
    colours = {a.label: _COLOURS[i % len(_COLOURS)] for i, a in enumerate(result.alterations)}

    with matplotlib.rc_context(_RC):
        rows = 2 if with_cn else 1
        fig, axes = plt.subplots(rows, 1, sharex=True, squeeze=False,
                                 figsize=(8.0, 3.2 + 1.8 * (rows - 1)),
                                 gridspec_kw={"height_ratios": [2, 1][:rows]})
        panels = [(axes[0][0], with_vaf, "vaf", 0.0, "VAF (%)")]
        if with_cn:
            panels.append((axes[1][0], with_cn, "copy_number", 2.0, "plasma copy number"))
        for ax, items, attr, absent, y_label in panels:
            for alteration in items:
                line, hollow = _series(alteration, xs, attr, absent)
                colour = colours[alteration.label]
                name = alteration.label + (" (driver)" if alteration.is_driver else "")
                if line:
                    ax.plot([p[0] for p in line], [p[1] for p in line], marker="o",
                            color=colour, linewidth=2.6 if alteration.is_driver else 1.4,
                            markersize=5, label=name)
                if hollow:
                    ax.plot([p[0] for p in hollow], [p[1] for p in hollow], linestyle="none",
                            marker="o", markersize=6, markerfacecolor="white",
                            markeredgecolor=colour)
            ax.set_ylabel(y_label)
            ax.set_ylim(bottom=0)
            ax.grid(axis="y", color="#d9dee5", linewidth=0.6)
            if items:
                ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                          fontsize=8)
        bottom = axes[-1][0]
        bottom.set_xticks(xs)
        bottom.set_xticklabels([
            "\n".join(part for part in (t.label, t.date or "", t.therapy or "no therapy")
                      if part)
            for t in result.timepoints], fontsize=8)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    svg = buffer.getvalue()
    return re.sub(r"^.*?(?=<svg)", "", svg, count=1, flags=re.DOTALL)
