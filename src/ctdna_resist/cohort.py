"""The cohort summary: which resistance mechanisms, in how many samples, on which therapy.

How counts are made (also said in both outputs): a sample counts for a mechanism (gene and
alteration, with its category) on a therapy when its report has a finding with `context_match`
true, i.e. the knowledge base documents that alteration as resistance to the therapy the sample
was assessed against (the last one listed). A sample counts once per mechanism however many
inputs or records report it; findings documented only for an earlier therapy are not counted.
The denominator is the number of reported samples assessed on that therapy.

The summary is built from per-sample JSON (`cohort_record` keeps what it needs), so `batch` and
`cohort-summary REPORT.json...` (a pipeline's aggregate step) give the same result.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import InputError
from .model import READABLE_SCHEMA_VERSIONS, Category, CohortSummary, MechanismRow, TherapyColumn
from .readers.common import check_readable

HOW_COUNTED = (
    "A sample is counted for a mechanism on a therapy when its report has a finding with "
    "context_match true: the knowledge base documents that alteration as resistance to the "
    "therapy the sample was assessed against (the last therapy listed for it). A sample counts "
    "once per mechanism; findings documented only for an earlier therapy are not counted. "
    "Each count is out of the reported samples assessed on that therapy.")
NO_THERAPY = "no therapy given"
CATEGORY_ORDER = [c.value for c in Category]


def cohort_record(data: dict) -> dict:
    """What the cohort summary (and its MultiQC tables) needs from one sample's JSON output.
    `mechanisms` are the counted ones, in the report's ranked order (the first leads)."""
    mechanisms: list[dict] = []
    for finding in data["findings"]:
        if not finding["context_match"]:
            continue
        item = {"gene": finding["gene"], "alteration": finding["alteration"],
                "category": finding["category"]}
        if item not in mechanisms:
            mechanisms.append(item)
    sample = data["sample"]
    therapies = sample["therapies"]
    return {"sample": sample["id"], "assessed": therapies[-1] if therapies else None,
            "kb_version": data["knowledge_base"]["version"], "mechanisms": mechanisms,
            "findings": len(data["findings"]), "tumor_fraction": sample["tumor_fraction"],
            "driver_vaf": driver_vaf(data)}


def driver_vaf(data: dict) -> float | None:
    """The VAF of the sample's driver as read (it is listed among the other alterations)."""
    driver = data["sample"]["driver"]
    if not driver:
        return None
    return next((o["vaf"] for o in data["other_alterations"]
                 if (o["gene"], o["alteration"]) == (driver["gene"], driver["alteration"])),
                None)


#: the key that marks an outcome record (`report --outcome`): how one sample's run ended
OUTCOME_KEY = "ctdna_resist_outcome"


def outcome_record(*, sample: str, exit_code: int, message: str | None,
                   report: str | None) -> dict:
    """How one sample's run ended, for a pipeline's aggregate step: reported (with its JSON
    report's path, relative to the record's folder) or failed (exit code 2 invalid input, 1
    internal error, with the one-line reason)."""
    return {OUTCOME_KEY: "1", "sample": sample,
            "status": "reported" if exit_code == 0 else "failed", "exit_code": exit_code,
            "message": message, "report": report}


def read_json(path: Path):
    path = Path(path)
    check_readable(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise InputError(path, f"is not JSON: {exc.msg}", line=exc.lineno) from None


def read_report_json(path: Path) -> dict:
    """One per-sample JSON report (schema_version "1" or "1.1") as a cohort record."""
    data = read_json(path)
    if not isinstance(data, dict) or data.get("schema_version") not in READABLE_SCHEMA_VERSIONS:
        found = data.get("schema_version") if isinstance(data, dict) else None
        raise InputError(path, f"is not a ctdna-resist report (schema_version "
                         f"{' or '.join(READABLE_SCHEMA_VERSIONS)} expected, found {found!r})")
    try:
        record = cohort_record(data)
    except (KeyError, TypeError, IndexError) as exc:
        raise InputError(path, f"is not a complete ctdna-resist report (missing or malformed "
                         f"{exc})") from None
    check_listable(record["sample"], path)
    return record


def check_listable(sample, path: Path) -> None:
    if not isinstance(sample, str) or not sample or any(c in sample for c in ";\t\r\n"):
        raise InputError(path, f"sample id {sample!r} cannot be listed in the summary (it must "
                         "be non-empty, without ';', tabs or line breaks)")


def read_outcome(path: Path, data: dict) -> tuple[dict | None, tuple[str, str] | None]:
    """An outcome record: the report it names as a cohort record, or the failure."""
    sample, status = data.get("sample"), data.get("status")
    check_listable(sample, path)
    if status == "failed":
        return None, (sample, str(data.get("message") or "failed"))
    if status != "reported" or not isinstance(data.get("report"), str):
        raise InputError(path, f"outcome of sample '{sample}' is neither failed nor reported "
                         "with its JSON report")
    report = Path(path).parent / data["report"]
    record = read_report_json(report)
    if record["sample"] != sample:
        raise InputError(path, f"names sample '{sample}' but its report {report} is of "
                         f"'{record['sample']}'")
    return record, None


def read_reports(paths: list[Path]) -> tuple[list[dict], list[tuple[str, str]]]:
    """Per-sample JSON reports and outcome records (`report --outcome`): the cohort records
    of the reported samples, and (sample, reason) of the failed ones. Each sample once."""
    records: list[dict] = []
    failures: list[tuple[str, str]] = []
    first_seen: dict[str, Path] = {}
    for path in paths:
        data = read_json(path)
        if isinstance(data, dict) and OUTCOME_KEY in data:
            record, failure = read_outcome(path, data)
        else:
            record, failure = read_report_json(path), None
        sample = record["sample"] if record else failure[0]
        if sample in first_seen:
            raise InputError(path, f"sample '{sample}' is also reported in {first_seen[sample]}; "
                             "each sample may be counted once")
        first_seen[sample] = Path(path)
        if record:
            records.append(record)
        else:
            failures.append(failure)
    return records, failures


def summarise_cohort(records: list[dict],
                     failures: list[tuple[str, str]] | None = None) -> CohortSummary:
    columns: dict[str, TherapyColumn] = {}
    counted: dict[tuple[str, str, str, str], list[str]] = {}
    for record in records:
        therapy = record["assessed"] or NO_THERAPY
        column = columns.setdefault(therapy, TherapyColumn(name=therapy))
        column.assessed.append(record["sample"])
        if record["mechanisms"]:
            column.explained.append(record["sample"])
        for m in record["mechanisms"]:
            counted.setdefault((m["gene"], m["alteration"], m["category"], therapy),
                               []).append(record["sample"])
    therapies = sorted(columns.values(), key=lambda c: (c.name == NO_THERAPY,
                                                        -len(c.assessed), c.name))
    order = {c.name: i for i, c in enumerate(therapies)}
    rows = [MechanismRow(gene=gene, alteration=alteration, category=category, therapy=therapy,
                         samples=samples, assessed=len(columns[therapy].assessed))
            for (gene, alteration, category, therapy), samples in counted.items()]
    totals: dict[tuple[str, str, str], int] = {}
    for row in rows:
        key = (row.gene, row.alteration, row.category)
        totals[key] = totals.get(key, 0) + len(row.samples)
    rows.sort(key=lambda r: (_category_rank(r.category), -totals[(r.gene, r.alteration,
                                                                    r.category)],
                             r.gene, r.alteration, order[r.therapy]))
    return CohortSummary(samples=[r["sample"] for r in records], therapies=therapies, rows=rows,
                         failures=list(failures or []),
                         kb_versions=sorted({r["kb_version"] for r in records}),
                         how_counted=HOW_COUNTED)


def _category_rank(category: str) -> int:
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)
