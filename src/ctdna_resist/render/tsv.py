"""TSV output: one row per finding, the JSON field names as columns, lists `;`-joined, nested
fields as compact JSON. The first column is the sample id, so cohort files concatenate."""

from __future__ import annotations

import json

from ..model import Finding, Result, plain
from ..model.jsonable import json_field_names

COLUMNS = ["sample_id", *json_field_names(Finding)]
#: lists whose items may hold `;` themselves (a CIViC citation: `CIViC EID964 (PMID 25939061;
#: level B; ...)`): a compact JSON array, so that the cell reads back as the list it was
JSON_LISTS = frozenset({"sources"})


def cell(value, column: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and \
            column not in JSON_LISTS:
        return ";".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return " ".join(str(value).split("\t")).replace("\r", " ").replace("\n", " ")


def render_tsv(result: Result) -> str:
    """No quoting: cells never hold a tab or a line break (compact JSON escapes them)."""
    lines = ["\t".join(COLUMNS)]
    for finding in result.findings:
        row = plain(finding)
        lines.append("\t".join([cell(result.sample.id),
                                *(cell(row[column], column) for column in COLUMNS[1:])]))
    return "\n".join(lines) + "\n"
