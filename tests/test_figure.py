"""The report's plots (render/figure.py, render/serial_plot.py): what they draw, read back from
the SVG, the same bytes for the same inputs, and labels from the input kept inert."""

from __future__ import annotations

import os
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from helpers import ROOT

NS = {"svg": "http://www.w3.org/2000/svg"}
WHITE = "#ffffff"


def vaf_points():
    from ctdna_resist.render.figure import Point

    return [Point("EGFR L858R", 0.082, "driver"), Point("EGFR C797S", 0.023, "on_target"),
            Point("MET D1228N", 0.05, "bypass"), Point("PIK3CA E545K", 0.018, "downstream"),
            Point("DNMT3A R882H", 0.004, "other", chip=True),
            Point("TP53 R273H", 0.075, "other")]


def draw(points=None, driver=0.082, driver_label="EGFR L858R", tumour_fraction=0.16,
         given=True) -> ElementTree.Element:
    from ctdna_resist.render.figure import draw_vaf_figure

    svg = draw_vaf_figure(points or vaf_points(), driver, driver_label, tumour_fraction, given)
    return ElementTree.fromstring(str(svg))


def group(root: ElementTree.Element, name: str) -> ElementTree.Element:
    found = root.find(f".//svg:g[@class='{name}']", NS)
    assert found is not None, name
    return found


def texts(element: ElementTree.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{{{NS['svg']}}}text")]


def centre(mark: ElementTree.Element) -> tuple[float, float]:
    if mark.tag.endswith("circle"):
        return float(mark.get("cx")), float(mark.get("cy"))
    xs, ys = zip(*(map(float, p.split(",")) for p in mark.get("points").split()), strict=True)
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def test_vaf_figure_draws_a_row_per_alteration_marked_by_mechanism():
    root = draw()
    assert texts(group(root, "labels")) == [p.label for p in vaf_points()]
    assert texts(group(root, "values")) == ["8.2%", "2.3%", "5%", "1.8%", "0.4%", "7.5%"]
    marks = list(group(root, "markers"))
    corners = [len(m.get("points", "").split()) if m.tag.endswith("polygon") else 0
               for m in marks]
    assert corners == [4, 0, 4, 3, 0, 0]  # diamond, circle, square, triangle, circle, circle
    diamond = [tuple(map(float, p.split(","))) for p in marks[0].get("points").split()]
    assert diamond[0][0] == diamond[2][0]  # a diamond stands on a corner; the square does not
    assert [m.get("fill") == WHITE for m in marks] == [False, False, False, False, True, False]
    # markers from top to bottom, their distance from the axis proportional to the VAF
    left = float(group(root, "axes")[0].get("x1"))
    positions = [centre(m) for m in marks]
    assert [y for _, y in positions] == sorted(y for _, y in positions)
    scale = [(x - left) / p.vaf for (x, _), p in zip(positions, vaf_points(), strict=True)]
    assert max(scale) - min(scale) < 0.01 * max(scale)


def test_vaf_figure_lines_axis_and_legend():
    root = draw()
    marks = list(group(root, "markers"))
    left = float(group(root, "axes")[0].get("x1"))
    driver_line, fraction_line = group(root, "lines")
    assert driver_line.get("stroke-dasharray") and fraction_line.get("stroke-dasharray")
    assert float(driver_line.get("x1")) == pytest.approx(centre(marks[0])[0], abs=0.01)
    ratio = (float(fraction_line.get("x1")) - left) / (float(driver_line.get("x1")) - left)
    assert ratio == pytest.approx(0.16 / 0.082, rel=1e-3)
    *ticks, axis_label = texts(group(root, "x-axis"))
    values = [float(t) for t in ticks]
    steps = {round(b - a, 6) for a, b in zip(values, values[1:], strict=False)}
    assert values[0] == 0 and len(steps) == 1 and values[-1] >= 16  # the tumour fraction fits
    assert axis_label == "variant allele fraction in plasma (%)"
    assert texts(group(root, "legend")) == [
        "driver", "on-target", "bypass", "downstream", "not a finding", "possible CHIP",
        "driver VAF (EGFR L858R)", "tumour fraction (given)"]


def test_vaf_figure_without_driver_or_tumour_fraction_draws_no_lines():
    from ctdna_resist.render.figure import Point

    root = draw([Point("KRAS G12C", 0.03, "on_target")], None, None, None, False)
    assert list(group(root, "lines")) == []
    assert texts(group(root, "legend")) == ["on-target"]


def test_vaf_figure_draws_at_most_max_rows():
    from ctdna_resist.render.figure import MAX_ROWS, Point

    points = [Point(f"GENE{i} A{i}V", 0.001 * (i + 1), "other") for i in range(MAX_ROWS + 6)]
    root = draw(points, None, None, None, False)
    assert texts(group(root, "labels")) == [p.label for p in points[:MAX_ROWS]]


def test_labels_with_markup_and_control_characters_stay_text():
    from ctdna_resist.render.figure import Point, draw_vaf_figure

    hostile = "TP53 <b>&\"x\"</b>\x00\x07\x1b[31m\nR273H\ud800"
    svg = draw_vaf_figure([Point("EGFR L858R", 0.08, "driver"), Point(hostile, 0.02, "other")],
                          0.08, "EGFR\x0bL858R", 0.16, False)
    root = ElementTree.fromstring(str(svg))
    labels = texts(group(root, "labels"))
    assert labels[1] == "TP53 <b>&\"x\"</b>\ufffd\ufffd\ufffd[31m R273H\ufffd"
    assert "driver VAF (EGFR\ufffdL858R)" in texts(group(root, "legend"))
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg


def test_vaf_figure_is_the_same_bytes_in_every_process():
    code = ("import sys; sys.path.insert(0, 'tests'); from test_figure import vaf_points; "
            "from ctdna_resist.render.figure import draw_vaf_figure; "
            "print(draw_vaf_figure(vaf_points(), 0.082, 'EGFR L858R', 0.16, True))")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
            for seed in ("1", "2")]
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.startswith("<svg")


def test_trajectory_draws_each_alteration_over_time():
    from ctdna_resist.api import serial as run_serial
    from ctdna_resist.render.serial_plot import render_trajectory_svg

    result = run_serial(ROOT / "test_data" / "serial" / "PT002.timepoints.tsv")
    root = ElementTree.fromstring(render_trajectory_svg(result))
    vaf_panel, cn_panel = root.findall(".//svg:g[@class='series']", NS)
    legends = [texts(g) for g in root.findall(".//svg:g[@class='legend']", NS)]
    with_vaf = [a for a in result.alterations if any(v.vaf is not None for v in a.values)]
    names = [a.label + (" (driver)" if a.is_driver else "") for a in with_vaf]
    assert legends == [names, ["MET amplification"]]
    # one line per alteration, a point per time point where it was detected or ruled out
    for line, alteration in zip(vaf_panel, with_vaf, strict=True):
        shown = [v for v in alteration.values if v.detected or not v.inconclusive]
        assert len(line.get("points").split()) == len(shown)
        assert line.get("stroke-width") == ("2.6" if alteration.is_driver else "1.4")
    assert len(list(cn_panel)) == 1
    not_detected = sum(not v.detected and not v.inconclusive
                       for a in result.alterations for v in a.values)
    hollow = [m for g in root.findall(".//svg:g[@class='not-detected']", NS) for m in g]
    assert len(hollow) == not_detected > 0 and all(m.get("fill") == WHITE for m in hollow)
    assert texts(group(root, "time-points")) == [
        part for t in result.timepoints
        for part in (t.label, t.date or "", t.therapy or "no therapy") if part]


def test_trajectory_of_undated_time_points_is_evenly_spaced(tmp_path):
    from ctdna_resist.api import serial as run_serial
    from ctdna_resist.render.serial_plot import trajectory_view

    sheet = (ROOT / "test_data" / "serial" / "PT002.timepoints.tsv").read_text()
    header, *rows = sheet.splitlines()
    columns = header.split("\t")
    undated = tmp_path / "undated.tsv"
    folder = ROOT / "test_data" / "serial"
    cells = [row.split("\t") for row in rows]
    for row in cells:
        row[columns.index("date")] = ""
        row[columns.index("inputs")] = ";".join(str(folder / p)
                                                for p in row[columns.index("inputs")].split(";"))
    undated.write_text("\n".join(["\t".join(columns)] + ["\t".join(r) for r in cells]) + "\n")
    view = trajectory_view(run_serial(undated))
    xs = [float(t["x"]) for t in view["x_ticks"]]
    assert len(xs) == len(rows) and xs == sorted(xs)
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1], abs=0.02)
    dated = [float(t["x"]) for t in trajectory_view(run_serial(folder / "PT002.timepoints.tsv"))
             ["x_ticks"]]
    assert dated[1] - dated[0] > 1.5 * (dated[2] - dated[1])  # 287 days, then 147
