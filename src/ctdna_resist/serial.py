"""Serial monitoring: one patient's plasma over time.

A time-point sheet (CSV or TSV; DESIGN.md, "Sample sheets") lists one row per blood draw, in time
order: `timepoint` (label), optional `date` (ISO, YYYY-MM-DD), `inputs` (`;`-separated, relative
to the sheet's folder), `therapy` (being received at that time point; empty before treatment),
and optionally `tumor_fraction` (measured; otherwise estimated per time point from the driver)
and `sample` (which sample of a multi-sample input). Header names are case-insensitive.

Each time point is annotated with `api.annotate`, assessed against the therapy history up to and
including that time point: each line of therapy once, in the order received, the most recent
last (consecutive time points on the same therapy count once; a therapy resumed after another is
listed again; an empty cell after treatment started leaves the history as it was). So a finding
that emerges under a therapy is assessed against that therapy.

The alterations of every time point (findings and other alterations) are then lined up by
identity (gene, alteration, partner). Each gets one status, from where it was detected:

- `persisted`: detected at the first time point (baseline) and at the last.
- `emerged`: not detected at the first time point, detected at the last.
- `cleared`: not detected at the last time point, and detected at some time point after the
  first (it came up, or stayed, during treatment and has since gone).
- `baseline-only`: detected at the first time point and at no other.

A status resting on a non-detection at a time point whose tumour fraction is unknown (no measured
value, no detected driver to estimate it from) carries a `status_caveat`: absence there may only
mean that little or no tumour DNA was in the sample.

The driver's VAF over time is reported as a proxy of tumour burden. Without `--driver`, the
driver is the one inferred at the first time point where a therapy allows inference; time points
where it could not be inferred (a baseline before treatment) are annotated again with it, so
their tumour fraction is estimated the same way.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError
from .kb.load import KnowledgeBase
from .model import SCHEMA_VERSION, Finding, OtherAlteration, Result

REQUIRED_COLUMNS = ("timepoint", "inputs", "therapy")
OPTIONAL_COLUMNS = ("date", "tumor_fraction", "sample")
STATUSES = ("emerged", "persisted", "cleared", "baseline-only")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Timepoint:
    """One row of the time-point sheet, validated; `line` is the sheet line it came from."""

    label: str
    date: date | None
    inputs: tuple[Path, ...]  # resolved against the sheet's folder
    inputs_as_written: tuple[str, ...]
    therapy: str | None  # normalised name, e.g. 'osimertinib', 'dabrafenib+trametinib'
    tumor_fraction: float | None = None
    sample: str | None = None
    line: int = 0


@dataclass
class Value:
    """One alteration at one time point."""

    timepoint: str
    detected: bool
    vaf: float | None
    copy_number: float | None  # plasma copy number
    tumor_fraction: float | None  # that time point's
    #: not detected at a time point whose tumour fraction is unknown
    inconclusive: bool
    text: str  # as shown in the report: '6.1%', 'CN 6.4', 'not detected (tumour fraction 12.2%)'
    finding: bool  # a resistance finding at this time point
    context_match: bool | None  # documented against the therapy assessed at this time point
    assessed_therapy: str | None
    flags: list[str] = field(default_factory=list)


@dataclass
class SerialAlteration:
    """One alteration followed across time points."""

    gene: str
    alteration: str
    hgvs_p: str | None
    partner: str | None
    label: str
    is_driver: bool
    resistance: bool  # a resistance finding at one time point or more
    category: str | None
    status: str  # one of STATUSES
    status_caveat: str | None
    first_detected: str  # time point label
    #: the therapy assessed where it was first detected (None before any therapy), and whether
    #: the knowledge base documents it against that therapy
    first_detected_on: str | None
    context_match_at_first_detection: bool | None
    resists: list[str]
    evidence_level: str | None
    rescue_options: list[str]  # regimens documented at its latest detection
    kb_entry: str | None
    sources: list[str]
    values: list[Value]


@dataclass
class DriverPoint:
    timepoint: str
    date: str | None
    detected: bool
    vaf: float | None
    relative_to_first: float | None  # VAF / the first detected VAF
    tumor_fraction: float | None
    tumor_fraction_method: str | None


@dataclass
class TimepointSummary:
    label: str
    date: str | None
    inputs: list[str]  # as the sheet wrote them
    therapy: str | None  # received at this time point
    therapies: list[str]  # the history assessed, most recent last
    driver: dict[str, str] | None
    driver_method: str
    tumor_fraction: float | None
    tumor_fraction_method: str | None
    summary: str
    emerged: list[str]  # alteration labels first detected here (after the first time point)
    cleared: list[str]  # detected at the previous time point, not here
    accounting: dict[str, Any]


@dataclass
class Patient:
    id: str
    tumor_type: str
    driver: dict[str, str] | None
    driver_method: str


@dataclass
class SerialResult:
    tool: dict[str, str]
    knowledge_base: dict[str, Any]
    patient: Patient
    summary: str
    alterations: list[SerialAlteration]  # in order of first detection
    driver_trajectory: list[DriverPoint]
    timepoints: list[TimepointSummary]
    schema_version: str = SCHEMA_VERSION
    #: each time point's full annotation, for the report; not part of the JSON
    results: list[Result] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data = {f: getattr(self, f) for f in ("tool", "knowledge_base", "patient", "summary",
                                              "alterations", "driver_trajectory", "timepoints")}
        return {"schema_version": self.schema_version,
                **{k: (asdict(v) if hasattr(v, "__dataclass_fields__") else
                       [asdict(i) for i in v] if isinstance(v, list) else v)
                   for k, v in data.items()}}


# --- the sheet -------------------------------------------------------------------------------

def read_sheet(path: Path, kb: KnowledgeBase) -> list[Timepoint]:
    """Read and validate a time-point sheet; every problem names the sheet and its line."""
    from .readers.common import open_text_lines, sniff_delimiter

    path = Path(path)
    lines = open_text_lines(path)
    header_index = next((i for i, text in enumerate(lines) if text.strip()), None)
    if header_index is None:
        raise InputError(path, "is empty")
    reader = csv.reader(io.StringIO("\n".join(lines)),
                        delimiter=sniff_delimiter(lines[header_index]))
    rows = [(reader.line_num, row) for row in reader]
    header_line, header = next((n, r) for n, r in rows if any(c.strip() for c in r))
    columns = [c.strip().lower().replace(" ", "_") for c in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError(path, f"missing column {', '.join(repr(c) for c in missing)} (a "
                         f"time-point sheet needs {', '.join(REQUIRED_COLUMNS)}; optional: "
                         f"{', '.join(OPTIONAL_COLUMNS)})", line=header_line)
    position = {c: columns.index(c) for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
                if c in columns}

    timepoints: list[Timepoint] = []
    for line, row in rows:
        if line <= header_line or not any(c.strip() for c in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in position.items()}
        timepoints.append(_timepoint(path, line, cells, kb, timepoints))
    if len(timepoints) < 2:
        raise InputError(path, f"{len(timepoints)} time point(s): serial monitoring compares "
                         "two or more (use 'ctdna-resist report' for one sample)")
    return timepoints


def _timepoint(path: Path, line: int, cells: dict[str, str], kb: KnowledgeBase,
               earlier: list[Timepoint]) -> Timepoint:
    label = cells["timepoint"]

    def fail(message: str):
        return InputError(path, message, line=line, record=label or None)

    if not label:
        raise fail("empty 'timepoint' label")
    if any(t.label == label for t in earlier):
        raise fail(f"time point '{label}' is listed twice")

    when = None
    if cells.get("date"):
        text = cells["date"]
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError
            when = date.fromisoformat(text)
        except ValueError:
            raise fail(f"date '{text}' is not an ISO date (YYYY-MM-DD)") from None
        previous = next((t for t in reversed(earlier) if t.date is not None), None)
        if previous is not None and when < previous.date:
            raise fail(f"date {when} is before {previous.date} of time point '{previous.label}' "
                       f"(line {previous.line}); rows must be in time order")

    names = [p.strip() for p in cells["inputs"].split(";") if p.strip()]
    if not names:
        raise fail("no input files in 'inputs'")
    inputs = []
    for name in names:
        resolved = Path(name) if Path(name).is_absolute() else path.parent / name
        if not resolved.is_file():
            what = "is a directory" if resolved.is_dir() else "not found"
            raise fail(f"input file {name} {what} (looked for {resolved})")
        inputs.append(resolved)

    therapy = None
    if cells["therapy"]:
        try:
            therapy = kb.drugs.therapy(cells["therapy"]).name
        except UsageError as exc:
            raise fail(re.sub(r"^--therapy:?\s*", "therapy ", str(exc))) from None

    tumor_fraction = None
    if cells.get("tumor_fraction"):
        text = cells["tumor_fraction"]
        try:
            tumor_fraction = _fraction(text)
        except ValueError:
            raise fail(f"tumor_fraction '{text}' is not a fraction in (0, 1] or a "
                       "percentage such as 12%") from None
    return Timepoint(label=label, date=when, inputs=tuple(inputs),
                     inputs_as_written=tuple(names), therapy=therapy,
                     tumor_fraction=tumor_fraction, sample=cells.get("sample") or None, line=line)


def _fraction(text: str) -> float:
    percent = text.endswith("%")
    number = float(text.rstrip("%").strip())
    if percent:
        number /= 100
    if math.isnan(number) or not 0 < number <= 1:
        raise ValueError(text)
    return round(number, 8)


def therapy_histories(timepoints: list[Timepoint]) -> list[list[str]]:
    """The therapies received up to and including each time point, each line once, the most
    recent last."""
    histories: list[list[str]] = []
    history: list[str] = []
    for point in timepoints:
        if point.therapy and (not history or history[-1] != point.therapy):
            history = [*history, point.therapy]
        histories.append(history)
    return histories


# --- statuses --------------------------------------------------------------------------------

def classify(detected: list[bool]) -> str:
    """The status of an alteration from where it was detected (first = baseline)."""
    if not any(detected):
        raise ValueError("an alteration never detected has no status")
    if detected[-1]:
        return "persisted" if detected[0] else "emerged"
    if detected[0] and not any(detected[1:]):
        return "baseline-only"
    return "cleared"


def _caveat(status: str, values: list[Value]) -> str | None:
    """The non-detection a status rests on, when that time point's tumour fraction is unknown."""
    rests_on = {"emerged": values[0], "cleared": values[-1], "baseline-only": values[-1]}
    value = rests_on.get(status)
    if value is not None and value.inconclusive:
        return (f"not detected at {value.timepoint}, whose tumour fraction is unknown: absence "
                "there may only mean little tumour DNA in the sample")
    return None


# --- the run ---------------------------------------------------------------------------------

def run_serial(sheet: str | Path, *, sample_id: str | None = None, driver: str | None = None,
               tumor_type: str = "NSCLC", genome: str | None = None, sample: str | None = None,
               kb_dir: Path | None = None, input_format: str = "auto", lenient: bool = False,
               reference: Path | None = None,
               thresholds: dict[str, float] | None = None) -> SerialResult:
    """Annotate every time point of the sheet and follow each alteration across them."""
    from .api import Request, annotate, load_kb

    sheet = Path(sheet)
    kb = load_kb(kb_dir)
    timepoints = read_sheet(sheet, kb)
    histories = therapy_histories(timepoints)

    def annotate_at(index: int, driver_text: str | None) -> Result:
        point = timepoints[index]
        request = Request(
            inputs=list(point.inputs), sample_id=point.label, therapies=histories[index],
            driver=driver_text, tumor_type=tumor_type, genome=genome,
            sample=point.sample or sample, tumor_fraction=point.tumor_fraction, kb_dir=kb_dir,
            input_format=input_format, lenient=lenient, reference=reference,
            thresholds=dict(thresholds or {}))
        return annotate(request)

    results = [annotate_at(i, driver) for i in range(len(timepoints))]
    patient_driver, driver_method = _patient_driver(results, timepoints, driver)
    carried: dict[int, str] = {}  # time point index -> why its driver was not inferred there
    if driver is None and patient_driver is not None:
        text = f"{patient_driver['gene']} {patient_driver['alteration']}"
        for i, result in enumerate(results):
            if result.sample.driver is None:
                carried[i] = result.sample.driver_method
                results[i] = annotate_at(i, text)

    alterations = _follow(timepoints, results, patient_driver)
    trajectory = _driver_trajectory(timepoints, results, alterations)
    summaries = _summaries(timepoints, histories, results, alterations)
    for i, why in carried.items():
        summaries[i].driver_method = f"the patient's driver, {driver_method}; here {why}"
    patient = Patient(id=sample_id or sheet.name.split(".")[0], tumor_type=tumor_type,
                      driver=patient_driver, driver_method=driver_method)
    return SerialResult(
        tool=results[0].tool, knowledge_base=results[0].knowledge_base, patient=patient,
        summary=summarise(alterations, timepoints, patient_driver),
        alterations=alterations, driver_trajectory=trajectory, timepoints=summaries,
        results=results)


def _patient_driver(results: list[Result], timepoints: list[Timepoint],
                    given: str | None) -> tuple[dict[str, str] | None, str]:
    if given is not None:
        found = next((r.sample.driver for r in results if r.sample.driver), None)
        return found, "given"
    for point, result in zip(timepoints, results, strict=True):
        if result.sample.driver is not None:
            return result.sample.driver, f"{result.sample.driver_method} (at {point.label})"
    return None, results[-1].sample.driver_method


def _label(item: Finding | OtherAlteration) -> str:
    if item.partner:
        return f"{item.partner}-{item.gene} fusion"
    return f"{item.gene} {item.alteration}"


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _value(point: Timepoint, result: Result, item: Finding | OtherAlteration | None) -> Value:
    tf = result.sample.tumor_fraction
    assessed = result.sample.therapies[-1] if result.sample.therapies else None
    if item is None:
        text = f"not detected (tumour fraction {_percent(tf)})" if tf is not None else \
            "not detected (tumour fraction unknown — inconclusive)"
        return Value(timepoint=point.label, detected=False, vaf=None, copy_number=None,
                     tumor_fraction=tf, inconclusive=tf is None, text=text, finding=False,
                     context_match=None, assessed_therapy=assessed)
    is_finding = isinstance(item, Finding)
    copy_number = item.plasma_copy_number if is_finding else item.copy_number
    if item.vaf is not None:
        text = _percent(item.vaf)
    elif copy_number is not None:
        text = f"CN {copy_number:g}"
    else:
        text = "detected"
    return Value(timepoint=point.label, detected=True, vaf=item.vaf, copy_number=copy_number,
                 tumor_fraction=tf, inconclusive=False, text=text, finding=is_finding,
                 context_match=item.context_match if is_finding else None,
                 assessed_therapy=assessed, flags=list(item.flags))


def _follow(timepoints: list[Timepoint], results: list[Result],
            driver: dict[str, str] | None) -> list[SerialAlteration]:
    """Line up every alteration across time points, in order of first detection (within a time
    point: the driver, then findings as ranked, then other alterations as read)."""
    seen: dict[tuple, list[Finding | OtherAlteration | None]] = {}
    for index, result in enumerate(results):
        items: list[Finding | OtherAlteration] = [*result.findings, *result.other_alterations]
        items.sort(key=lambda i: not _is_driver(i, driver))  # stable: driver first
        for item in items:
            key = (item.gene, item.alteration, item.partner)
            slots = seen.setdefault(key, [None] * len(results))
            slots[index] = slots[index] or item

    followed = []
    for slots in seen.values():
        values = [_value(p, r, item) for p, r, item in zip(timepoints, results, slots,
                                                              strict=True)]
        first = next(i for i, item in enumerate(slots) if item is not None)
        latest = next(item for item in reversed(slots) if item is not None)
        findings = [item for item in slots if isinstance(item, Finding)]
        latest_finding = findings[-1] if findings else None
        status = classify([v.detected for v in values])
        shown = slots[first]
        followed.append(SerialAlteration(
            gene=latest.gene, alteration=latest.alteration,
            hgvs_p=next((i.hgvs_p for i in slots if i is not None and i.hgvs_p), None),
            partner=latest.partner, label=_label(latest), is_driver=_is_driver(latest, driver),
            resistance=bool(findings),
            category=latest_finding.category if latest_finding else None,
            status=status, status_caveat=_caveat(status, values),
            first_detected=timepoints[first].label,
            first_detected_on=values[first].assessed_therapy,
            context_match_at_first_detection=(shown.context_match
                                              if isinstance(shown, Finding) else None),
            resists=list(latest_finding.resists) if latest_finding else [],
            evidence_level=latest_finding.evidence_level if latest_finding else None,
            rescue_options=[o.regimen for o in latest_finding.rescue_options]
            if latest_finding else [],
            kb_entry=latest_finding.kb_entry if latest_finding else None,
            sources=sorted({s for f in findings for s in f.sources}),
            values=values))
    return followed


def _is_driver(item: Finding | OtherAlteration, driver: dict[str, str] | None) -> bool:
    return driver is not None and (item.gene, item.alteration) == (driver["gene"],
                                                                    driver["alteration"])


def _driver_trajectory(timepoints: list[Timepoint], results: list[Result],
                       alterations: list[SerialAlteration]) -> list[DriverPoint]:
    followed = next((a for a in alterations if a.is_driver), None)
    first_vaf = next((v.vaf for v in followed.values if v.vaf), None) if followed else None
    points = []
    for index, (point, result) in enumerate(zip(timepoints, results, strict=True)):
        value = followed.values[index] if followed else None
        vaf = value.vaf if value else None
        points.append(DriverPoint(
            timepoint=point.label, date=point.date.isoformat() if point.date else None,
            detected=bool(value and value.detected), vaf=vaf,
            relative_to_first=round(vaf / first_vaf, 3) if vaf is not None and first_vaf
            else None,
            tumor_fraction=result.sample.tumor_fraction,
            tumor_fraction_method=result.sample.tumor_fraction_method))
    return points


def _summaries(timepoints: list[Timepoint], histories: list[list[str]], results: list[Result],
               alterations: list[SerialAlteration]) -> list[TimepointSummary]:
    summaries = []
    for index, (point, result) in enumerate(zip(timepoints, results, strict=True)):
        emerged = [a.label for a in alterations
                   if index > 0 and a.first_detected == point.label]
        cleared = [a.label for a in alterations if index > 0 and a.values[index - 1].detected
                   and not a.values[index].detected]
        summaries.append(TimepointSummary(
            label=point.label, date=point.date.isoformat() if point.date else None,
            inputs=list(point.inputs_as_written), therapy=point.therapy,
            therapies=histories[index], driver=result.sample.driver,
            driver_method=result.sample.driver_method,
            tumor_fraction=result.sample.tumor_fraction,
            tumor_fraction_method=result.sample.tumor_fraction_method,
            summary=result.summary, emerged=emerged, cleared=cleared,
            accounting=asdict(result.accounting)))
    return summaries


def summarise(alterations: list[SerialAlteration], timepoints: list[Timepoint],
              driver: dict[str, str] | None) -> str:
    """One paragraph: resistance findings by status, then the driver's trajectory."""
    parts = []
    resistance = [a for a in alterations if a.resistance]
    for status in STATUSES:
        items = [a for a in resistance if a.status == status]
        if not items:
            continue
        described = []
        for a in items:
            text = a.label
            if status == "emerged":
                text += f" at {a.first_detected}"
                if a.first_detected_on:
                    match = "documented" if a.context_match_at_first_detection else \
                        "not documented"
                    text += f" (therapy: {a.first_detected_on}; {match} against it)"
            described.append(text)
        parts.append(f"{status}: {'; '.join(described)}")
    span = f"{len(timepoints)} time points ({timepoints[0].label} to {timepoints[-1].label})"
    if parts:
        sentence = f"Resistance findings over {span} — {'. '.join(parts)}."
    else:
        sentence = f"No documented resistance alteration was detected over {span}."
    followed = next((a for a in alterations if a.is_driver), None)
    if followed is not None:
        path = " → ".join(v.text if v.detected else "not detected" for v in followed.values)
        sentence += f" Driver {followed.label}: {path}."
    elif driver is not None:
        sentence += (f" Driver {driver['gene']} {driver['alteration']}: not detected at any "
                     "time point.")
    else:
        sentence += " No driver was identified, so tumour burden cannot be followed."
    return sentence
