"""What every HTML page shares: the jinja2 environment (autoescape on, StrictUndefined, every
value made printable), the report date, and the statement every report carries."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import lru_cache

from ..model import printable
from ..words import counted, number_or_dash, percent_or_dash

DISCLAIMER = ("This report supports, and does not replace, clinical judgement. It lists what "
              "the curated sources document for the alterations detected; treatment decisions "
              "belong to the treating team and the molecular tumour board.")
EVIDENCE_WORDS = {
    "approved": "approved", "clinical": "clinical data", "case_report": "case report",
    "preclinical": "preclinical", "ongoing_trial": "ongoing trial",
}


@lru_cache(maxsize=1)
def environment():
    import jinja2

    from ..resources import data_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, finalize=_printable)
    # number formats for templates that format in place (the serial report)
    env.filters["pct"] = percent_or_dash
    env.filters["num"] = number_or_dash
    env.filters["counted"] = counted
    return env


def _printable(value):
    """Every value a template writes, made printable (model/text.py) before it is escaped;
    markup the page built itself (`Markup`, a checked SVG) passes as it is."""
    return printable(value) if type(value) is str else value


def report_date() -> str:
    """From SOURCE_DATE_EPOCH when set, so the same inputs give the same report."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() \
        else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d")
