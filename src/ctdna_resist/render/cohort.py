"""Cohort summary outputs: TSV (one row per mechanism and assessed therapy) and a self-contained
HTML page (mechanisms x assessed therapy, with the samples behind each count)."""

from __future__ import annotations

from ..model import CohortSummary
from ..version import __version__
from ..words import CATEGORY_WORDS
from .page import DISCLAIMER, environment, report_date
from .tsv import cell

TSV_COLUMNS = ["mechanism", "gene", "alteration", "category", "therapy", "n_samples",
               "n_assessed", "samples"]


def render_cohort_tsv(summary: CohortSummary) -> str:
    lines = ["\t".join(TSV_COLUMNS)]
    for row in summary.rows:
        lines.append("\t".join(cell(v) for v in (
            row.mechanism, row.gene, row.alteration, row.category, row.therapy,
            len(row.samples), row.assessed, row.samples)))
    return "\n".join(lines) + "\n"


def cohort_view_model(summary: CohortSummary) -> dict:
    therapies = [c.name for c in summary.therapies]
    mechanisms: dict[tuple[str, str, str], dict] = {}
    for row in summary.rows:
        key = (row.gene, row.alteration, row.category)
        entry = mechanisms.setdefault(key, {
            "label": row.mechanism, "category": CATEGORY_WORDS.get(row.category, row.category),
            "cells": dict.fromkeys(therapies), "total": 0})
        entry["cells"][row.therapy] = {"n": len(row.samples), "of": row.assessed,
                                       "samples": row.samples}
        entry["total"] += len(row.samples)
    matrix = [{**m, "cells": [m["cells"][t] for t in therapies]} for m in mechanisms.values()]
    return {
        "summary": summary,
        "therapies": summary.therapies,
        "matrix": matrix,
        "how_counted": summary.how_counted,
        "tool_version": __version__,
        "date": report_date(),
        "disclaimer": DISCLAIMER,
    }


def render_cohort_html(summary: CohortSummary) -> str:
    return environment().get_template("cohort.html.j2").render(**cohort_view_model(summary))
