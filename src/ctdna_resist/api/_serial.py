"""One patient over time: annotate every time point of a time-point sheet, then follow each
alteration across them (`timeline`)."""

from __future__ import annotations

from pathlib import Path

from ..model import Result, SerialResult
from ..outputs import check_not_inputs, check_writable, write_all
from ..sheets import read_timepoint_sheet
from ..timeline import follow_patient, patient_driver, therapy_histories
from ._sample import Request, annotate, load_kb


def serial(sheet: str | Path, *, sample_id: str | None = None, driver: str | None = None,
           tumor_type: str = "NSCLC", genome: str | None = None, sample: str | None = None,
           kb_dir: Path | None = None, input_format: str = "auto", lenient: bool = False,
           reference: Path | None = None, thresholds: dict[str, float | str] | None = None,
           html: Path | str | None = None, json: Path | str | None = None) -> SerialResult:
    """Annotate every time point of `sheet`, assessed against the therapies received up to
    and including it, and follow each alteration across them; write the report (`html`) and
    the JSON (`json`) when asked. Without `driver`, the one inferred at the first time point
    that allows it is used at every time point."""
    for path in (html, json):
        if path:
            check_writable(path)
    sheet = Path(sheet)
    check_not_inputs([html, json], [sheet])
    kb = load_kb(kb_dir)
    timepoints = read_timepoint_sheet(sheet, kb)
    check_not_inputs([html, json], [sheet, reference, *(p for t in timepoints for p in t.inputs)])
    histories = therapy_histories(timepoints)

    def annotate_at(index: int, driver_text: str | None) -> Result:
        point = timepoints[index]
        return annotate(Request(
            inputs=list(point.inputs), sample_id=point.label, therapies=histories[index],
            driver=driver_text, tumor_type=tumor_type, genome=genome,
            sample=point.sample or sample, tumor_fraction=point.tumor_fraction, kb_dir=kb_dir,
            input_format=input_format, lenient=lenient, reference=reference,
            thresholds=dict(thresholds or {})))

    results = [annotate_at(i, driver) for i in range(len(timepoints))]
    found, driver_method = patient_driver(results, timepoints, driver)
    carried: dict[int, str] = {}  # time point index -> why its driver was not inferred there
    if driver is None and found is not None:
        text = f"{found['gene']} {found['alteration']}"
        for i, result in enumerate(results):
            if result.sample.driver is None:
                carried[i] = result.sample.driver_method
                results[i] = annotate_at(i, text)
    followed = follow_patient(
        timepoints=timepoints, histories=histories, results=results, driver=found,
        driver_method=driver_method, carried=carried,
        patient_id=sample_id or sheet.name.split(".")[0], tumor_type=tumor_type)
    outputs: list[tuple[Path | str, str | bytes]] = []
    if json:
        from ..render.serial_html import render_serial_json

        outputs.append((json, render_serial_json(followed)))
    if html:
        from ..render.serial_html import render_serial_html

        outputs.append((html, render_serial_html(followed, kb)))
    write_all(outputs)
    return followed
