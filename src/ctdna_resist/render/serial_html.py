"""Serial report (HTML) and JSON: the view model the serial templates receive, and the renderers.

The trajectory SVG is written by its own template (see serial_plot), which escapes its text, and
`figure.safe_svg` checks it before it enters the page.
"""

from __future__ import annotations

import json

from ..kb.load import KnowledgeBase
from ..model import SerialResult
from ..words import CATEGORY_WORDS
from .figure import safe_svg
from .page import DISCLAIMER, EVIDENCE_WORDS, environment, report_date

STATUS_TEXT = {
    "emerged": "not detected at the first time point, detected at the last",
    "persisted": "detected at the first time point and at the last",
    "cleared": "detected after the first time point, not detected at the last",
    "baseline-only": "detected at the first time point only",
}


def serial_view_model(result: SerialResult, kb: KnowledgeBase, svg: str) -> dict:
    cited = sorted({s.split(" §")[0] for a in result.alterations for s in a.sources})
    last = result.timepoints[-1]
    return {
        "r": result,
        "patient": result.patient,
        "timepoints": result.timepoints,
        "alterations": result.alterations,
        "resistance": [a for a in result.alterations if a.resistance],
        "trajectory": result.driver_trajectory,
        "therapies": last.therapies,
        "plot": safe_svg(svg),  # written by trajectory.svg.j2, text escaped there, checked here
        "status_text": STATUS_TEXT,
        "category_words": CATEGORY_WORDS,
        "evidence_words": EVIDENCE_WORDS,
        "references": [kb.sources[c] for c in cited if c in kb.sources],
        "date": report_date(),
        "disclaimer": DISCLAIMER,
    }


def render_serial_html(result: SerialResult, kb: KnowledgeBase) -> str:
    from .serial_plot import render_trajectory_svg

    model = serial_view_model(result, kb, render_trajectory_svg(result))
    return environment().get_template("serial.html.j2").render(**model)


def render_serial_json(result: SerialResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
