"""The trajectory plot of a serial report: SVG written by a template (`trajectory.svg.j2`) from
the coordinates computed here.

Top panel: VAF of each small variant over time, the driver drawn heavier; bottom panel (when any
copy-number alteration was detected): plasma copy number. A non-detection is an open marker at 0
VAF (or copy number 2); one at a time point of unknown tumour fraction is left out, since it says
nothing. The x axis is in days when every time point has a date, evenly spaced otherwise.

The output is deterministic, and text stays text: labels from the sheet and the inputs are
escaped by the template, after `plotting.clean` replaced what XML cannot carry.
"""

from __future__ import annotations

from ..model import SerialAlteration, SerialResult
from .plotting import FONT, clean, marker, nice_ticks, num, text_width

_COLOURS = ["#0b5cad", "#c0392b", "#1e8449", "#8e44ad", "#d35400", "#16a085", "#7f8c8d",
            "#b7950b", "#2c3e50", "#a93226"]
WIDTH = 576.0  # points: 8 inches
PAD = 5.0
GAP = 16.0  # between the panels
TICK_LINE = 9.6  # height of a line of the x tick labels (8 points)
HANDLE = 16.0  # legend line sample
MAX_LABEL = 48  # longer legend and time-point labels are shortened (the tables show them whole)


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
    from .page import environment

    return environment().get_template("trajectory.svg.j2").render(**trajectory_view(result))


def trajectory_view(result: SerialResult) -> dict:
    """Everything the template places, as text: coordinates in points, labels cleaned."""
    xs = _x_positions(result)
    with_vaf = [a for a in result.alterations if any(v.vaf is not None for v in a.values)]
    with_cn = [a for a in result.alterations
               if any(v.copy_number is not None and v.vaf is None for v in a.values)]
    colours = {a.label: _COLOURS[i % len(_COLOURS)] for i, a in enumerate(result.alterations)}
    panels = [(with_vaf, "vaf", 0.0, "VAF (%)")]
    if with_cn:
        panels.append((with_cn, "copy_number", 2.0, "plasma copy number"))
    series = [[(a, *_series(a, xs, attr, absent)) for a in items]
              for items, attr, absent, _ in panels]
    names = [_name(a) for drawn in series for a, line, _ in drawn if line]
    legend_width = max((HANDLE + 6.4 + text_width(n, 8) for n in names), default=0.0)
    tick_lines = [[_short(part) for part in (t.label, t.date or "", t.therapy or "no therapy")
                   if part] for t in result.timepoints]
    height = 230.4 + 129.6 * (len(panels) - 1)
    bottom = height - PAD - 7.0 - TICK_LINE * max(len(lines) for lines in tick_lines)
    ranges = [max([y for _, line, _ in drawn for _, y in line] + [0.0]) * 1.05 or 1.0
              for drawn in series]
    tick_sets = [nice_ticks(top, most=9 if i == 0 else 5) for i, top in enumerate(ranges)]
    label_room = max(text_width(f"{t:.{d}f}", 9) for ticks, d in tick_sets for t in ticks)
    left = PAD + 9 + 6 + label_room + 3.5 + 3.5
    right = WIDTH - PAD - (legend_width + 8 if names else 0)
    span = (max(xs) - min(xs)) or 2.0
    x_low = min(xs) - 0.05 * span if max(xs) > min(xs) else min(xs) - 1.0

    def x(value: float) -> float:
        return left + (right - left) * (value - x_low) / (span * 1.1)

    weights = [2, 1][:len(panels)]
    usable = bottom - PAD - GAP * (len(panels) - 1)
    views, top = [], PAD
    for (_, _, _, y_label), drawn, (ticks, decimals), y_max, weight in zip(
            panels, series, tick_sets, ranges, weights, strict=True):
        panel_bottom = top + usable * weight / sum(weights)
        views.append(_panel(drawn, colours, x, (top, panel_bottom), y_max, ticks, decimals,
                            y_label, legend_x=right + 8))
        top = panel_bottom + GAP
    return {
        "width": num(WIDTH), "height": num(height), "font": FONT, "left": num(left),
        "right": num(right), "panels": views, "tick_left": num(left - 3.5),
        "tick_label_x": num(left - 7), "y_label_x": num(PAD + 9),
        "x_ticks": [{"x": num(x(value)), "lines": [
            {"text": text, "x": num(_within(x(value), text_width(text, 8))),
             "y": num(bottom + 3.5 + 3.5 + TICK_LINE * (k + 1) - 1.8)}
            for k, text in enumerate(lines)]} for value, lines in zip(xs, tick_lines, strict=True)],
        "title": "VAF and plasma copy number of each alteration over time",
    }


def _short(text: str) -> str:
    text = clean(text)
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 1] + "…"


def _name(alteration: SerialAlteration) -> str:
    return _short(alteration.label) + (" (driver)" if alteration.is_driver else "")


def _within(centre: float, width: float) -> float:
    """A centred text's x, moved in so that the text stays inside the picture."""
    return min(max(centre, PAD + width / 2), WIDTH - PAD - width / 2)


def _panel(drawn, colours: dict[str, str], x, bounds: tuple[float, float], y_max: float,
           ticks: list[float], decimals: int, y_label: str, legend_x: float) -> dict:
    """One panel: its axes, series, y ticks and legend."""
    top, bottom = bounds

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / y_max

    lines, open_markers, legend = [], [], []
    for alteration, line, hollow in drawn:
        colour = colours[alteration.label]
        width = 2.6 if alteration.is_driver else 1.4
        if line:
            lines.append({
                "colour": colour, "width": num(width),
                "points": " ".join(f"{num(x(a))},{num(y(b))}" for a, b in line),
                "markers": [marker("o", x(a), y(b), 5, colour) for a, b in line]})
            row_y = top + 6 + 14 * len(legend)
            legend.append({
                "label": _name(alteration),
                "x1": num(legend_x), "x2": num(legend_x + HANDLE), "y": num(row_y),
                "colour": colour, "width": num(width), "text_x": num(legend_x + HANDLE + 6.4),
                "text_y": num(row_y + 2.9),
                "marker": marker("o", legend_x + HANDLE / 2, row_y, 5, colour)})
        open_markers += [marker("o", x(a), y(b), 6, colour, hollow=True) for a, b in hollow]
    return {
        "top": num(top), "bottom": num(bottom), "tick_end": num(bottom + 3.5),
        "series": lines, "open": open_markers,
        "legend": legend,
        "y_label": y_label, "y_label_y": num((top + bottom) / 2),
        "y_ticks": [{"y": num(y(t)), "text_y": num(y(t) + 3.2), "label": f"{t:.{decimals}f}"}
                    for t in ticks],
    }
