"""Serial monitoring: one patient's plasma over time, from each time point's annotation.

A time-point sheet (CSV or TSV; DESIGN.md, "Sample sheets") lists one row per blood draw, in time
order: `timepoint` (label), optional `date` (ISO, YYYY-MM-DD), `inputs` (`;`-separated, relative
to the sheet's folder), `therapy` (being received at that time point; empty before treatment),
and optionally `tumor_fraction` (measured; otherwise estimated per time point from the driver)
and `sample` (which sample of a multi-sample input). Header names are case-insensitive.

Each time point is annotated (by `api.serial`, with `api.annotate`), assessed against the
therapy history up to and including that time point: each line of therapy once, in the order
received, the most recent last (consecutive time points on the same therapy count once; a
therapy resumed after another is listed again; an empty cell after treatment started leaves
the history as it was). So a finding that emerges under a therapy is assessed against that therapy.

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

from .model import (
    DriverPoint,
    Finding,
    OtherAlteration,
    Patient,
    Result,
    SerialAlteration,
    SerialResult,
    SerialStatus,
    TimepointSummary,
    Value,
)
from .sheets import Timepoint
from .words import percent


def follow_patient(*, timepoints: list[Timepoint], histories: list[list[str]],
                   results: list[Result], driver: dict[str, str] | None, driver_method: str,
                   carried: dict[int, str], patient_id: str, tumor_type: str) -> SerialResult:
    """Each alteration followed across the annotated time points (`histories`: the therapies
    assessed at each). `carried`: time points whose driver was taken from the patient's
    (index -> why it was not inferred there)."""
    alterations = _follow(timepoints, results, driver)
    trajectory = _driver_trajectory(timepoints, results, alterations)
    summaries = _summaries(timepoints, histories, results, alterations)
    for i, why in carried.items():
        summaries[i].driver_method = f"the patient's driver, {driver_method}; here {why}"
    patient = Patient(id=patient_id, tumor_type=tumor_type, driver=driver,
                      driver_method=driver_method)
    return SerialResult(
        tool=results[0].tool, knowledge_base=results[0].knowledge_base, patient=patient,
        summary=summarise(alterations, timepoints, driver),
        alterations=alterations, driver_trajectory=trajectory, timepoints=summaries,
        results=results)


def therapy_histories(timepoints: list[Timepoint]) -> list[list[str]]:
    """The therapies received up to and including each time point, each line once, the most
    recent last. A time point's lines (`earlier_therapies` then `therapy`) continue the history:
    the lines it already ends with are not added again, so a row repeating the row above, or
    listing the whole sequence again, adds nothing."""
    histories: list[list[str]] = []
    history: list[str] = []
    for point in timepoints:
        lines = [*point.earlier_therapies, point.therapy] if point.therapy else []
        history = continue_history(history, lines)
        histories.append(history)
    return histories


def continue_history(history: list[str], lines: list[str]) -> list[str]:
    """`history` followed by `lines`, less the longest start of `lines` that `history` ends
    with."""
    for overlap in range(min(len(history), len(lines)), 0, -1):
        if history[-overlap:] == lines[:overlap]:
            return [*history, *lines[overlap:]]
    return [*history, *lines]


def classify(detected: list[bool]) -> SerialStatus:
    """The status of an alteration from where it was detected (first = baseline)."""
    if not any(detected):
        raise ValueError("an alteration never detected has no status")
    if detected[-1]:
        return SerialStatus.PERSISTED if detected[0] else SerialStatus.EMERGED
    if detected[0] and not any(detected[1:]):
        return SerialStatus.BASELINE_ONLY
    return SerialStatus.CLEARED


def _caveat(status: SerialStatus, values: list[Value]) -> str | None:
    """The non-detection a status rests on, when that time point's tumour fraction is unknown."""
    rests_on = {SerialStatus.EMERGED: values[0], SerialStatus.CLEARED: values[-1],
                SerialStatus.BASELINE_ONLY: values[-1]}
    value = rests_on.get(status)
    if value is not None and value.inconclusive:
        return (f"not detected at {value.timepoint}, whose tumour fraction is unknown: absence "
                "there may only mean little tumour DNA in the sample")
    return None


def patient_driver(results: list[Result], timepoints: list[Timepoint],
                    given: str | None) -> tuple[dict[str, str] | None, str]:
    if given is not None:
        found = next((r.sample.driver for r in results if r.sample.driver), None)
        return found, "given"
    for point, result in zip(timepoints, results, strict=True):
        if result.sample.driver is not None:
            return result.sample.driver, f"{result.sample.driver_method} (at {point.label})"
    return None, results[-1].sample.driver_method


def _value(point: Timepoint, result: Result, item: Finding | OtherAlteration | None) -> Value:
    tf = result.sample.tumor_fraction
    assessed = result.sample.therapies[-1] if result.sample.therapies else None
    if item is None:
        text = f"not detected (tumour fraction {percent(tf)})" if tf is not None else \
            "not detected (tumour fraction unknown — inconclusive)"
        return Value(timepoint=point.label, detected=False, vaf=None, copy_number=None,
                     tumor_fraction=tf, inconclusive=tf is None, text=text, finding=False,
                     context_match=None, assessed_therapy=assessed)
    is_finding = isinstance(item, Finding)
    copy_number = item.plasma_copy_number if is_finding else item.copy_number
    if item.vaf is not None:
        text = percent(item.vaf)
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
            partner=latest.partner, label=latest.label, is_driver=_is_driver(latest, driver),
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
            accounting=result.accounting))
    return summaries


def summarise(alterations: list[SerialAlteration], timepoints: list[Timepoint],
              driver: dict[str, str] | None) -> str:
    """One paragraph: resistance findings by status, then the driver's trajectory."""
    parts = []
    resistance = [a for a in alterations if a.resistance]
    for status in SerialStatus:
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
