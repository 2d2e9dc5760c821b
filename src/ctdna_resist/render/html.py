"""HTML report: a jinja2 environment (autoescape on, StrictUndefined) and the view model the
templates receive. Templates hold no decisions; everything they show is prepared here."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import lru_cache

from ..interpret import CATEGORY_WORDS
from ..kb.load import KnowledgeBase
from ..model import Category, Result
from ..resources import data_dir

CATEGORY_TEXT = {
    Category.ON_TARGET.value: "a change in the drug's own target that stops the drug working",
    Category.BYPASS.value: "another receptor or pathway takes over the signal the drug blocks",
    Category.DOWNSTREAM.value: "a change below the receptor in the signalling cascade keeps it "
                               "switched on",
}
EVIDENCE_WORDS = {
    "approved": "approved", "clinical": "clinical data", "case_report": "case report",
    "preclinical": "preclinical", "ongoing_trial": "ongoing trial",
}
DISCLAIMER = ("This report supports, and does not replace, clinical judgement. It lists what "
              "the curated sources document for the alterations detected; treatment decisions "
              "belong to the treating team and the molecular tumour board.")


@lru_cache(maxsize=1)
def environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    env.filters["pct"] = lambda v: "—" if v is None else f"{v * 100:.2f}".rstrip("0").rstrip(
        ".") + "%"
    env.filters["num"] = lambda v: "—" if v is None else f"{v:g}"
    return env


def report_date() -> str:
    """From SOURCE_DATE_EPOCH when set, so the same inputs give the same report."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() \
        else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d")


def view_model(result: Result, kb: KnowledgeBase) -> dict:
    findings = result.findings
    groups = []
    for category in Category:
        items = [f for f in findings if f.category == category.value]
        if items:
            groups.append({"name": CATEGORY_WORDS[category.value], "explain":
                           CATEGORY_TEXT[category.value], "findings": items})
    cited = sorted({s.split(" §")[0] for f in findings for s in f.sources} |
                   {s.split(" §")[0] for f in findings for o in f.rescue_options
                    for s in o.sources} |
                   {s.split(" §")[0] for n in result.not_assessable for s in n.sources})
    references = [kb.sources[c] for c in cited if c in kb.sources]
    return {
        "r": result,
        "sample": result.sample,
        "assessed": result.sample.therapies[-1] if result.sample.therapies else None,
        "prior": result.sample.therapies[:-1],
        "groups": groups,
        "evidence_words": EVIDENCE_WORDS,
        "flag_meanings": kb.flags,
        "references": references,
        "source_names": {s.id: s.citation for s in kb.sources.values()},
        "date": report_date(),
        "disclaimer": DISCLAIMER,
    }


def render_html(result: Result, kb: KnowledgeBase) -> str:
    return environment().get_template("report.html.j2").render(**view_model(result, kb))
