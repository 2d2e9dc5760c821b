"""The README's speed statements are quoted from the latest benchmarks/RESULTS.md (written by
`make bench`), by name, so that a published figure is the one measured."""

from __future__ import annotations

import re
import sys

import pytest

from helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
figures = pytest.importorskip("figures")

#: a number with a unit of time, memory or ratio: what a speed statement is made of
SPEED = re.compile(r"\d[\d,]*(?:\.\d+)?(?: ?(?:s|ms|min|MB|GB)\b|x\b)")


def test_readme_figures_are_those_of_the_latest_results():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    known = figures.figures()
    quoted = figures.quotes(text)
    assert {"batch_s", "panel_vcf_s", "small_panel_s", "startup_s", "genome_unindexed_ratio",
            "peak_mb"} <= {m["name"] for m in quoted}
    assert [(m["name"], m["text"]) for m in quoted] == \
        [(m["name"], known[m["name"]].text) for m in quoted]


def test_readme_states_no_speed_figure_the_results_do_not_back():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    spans = [m.span("text") for m in figures.quotes(text)]
    loose = [m.group() for m in SPEED.finditer(text)
             if not any(start <= m.start() < end for start, end in spans)]
    assert loose == []


def test_figures_are_found_and_rewritten_as_quoted():
    known = {"batch_s": figures.Figure("42.1", "s", ""), "peak_mb": figures.Figure("88", "MB", "")}
    text = "take 171 s (`batch_s`) and 219 MB (`peak_mb`); about 6 s otherwise"
    assert [m["text"] for m in figures.quotes(text)] == ["171 s", "219 MB"]
    assert figures.update(text, known) == \
        "take 42.1 s (`batch_s`) and 88 MB (`peak_mb`); about 6 s otherwise"
