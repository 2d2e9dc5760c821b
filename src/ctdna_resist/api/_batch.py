"""Many samples at once: read a sample sheet, report each sample (in parallel when asked),
then the cohort summary.

`batch` is the same path for the CLI, tests and notebooks: it returns a `BatchResult` with every
sample's outcome and the exit code, and never exits. A sample that fails does not stop the
others; its outputs are absent afterwards (a stale report from an earlier run is removed, so
nothing in the folder looks current when it is not). A sample sheet that cannot be used at all
(missing columns, duplicate or unsafe sample names) is an `InputError` raised before any work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..cohort import cohort_record, outcome_record, read_reports, summarise_cohort
from ..errors import CtdnaResistError, InputError, UsageError
from ..model import Result
from ..outputs import check_not_inputs, check_writable, write_all
from ..sheets import SUMMARY_NAME, BatchRow, read_batch_sheet, resolve_inputs, tumor_fraction
from ._sample import Outputs, Request, load_kb, report

if TYPE_CHECKING:
    import pandas

SUFFIXES = (".json", ".tsv", ".html")


@dataclass
class SampleOutcome:
    """What happened to one sample. `exit_code`: 0 reported, 2 invalid input, 1 internal error."""

    sample: str
    exit_code: int
    message: str | None = None
    #: the per-sample JSON as a dict, trimmed to what the cohort summary needs
    record: dict | None = None

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


@dataclass
class BatchResult:
    sheet: Path
    outdir: Path
    outcomes: list[SampleOutcome] = field(default_factory=list)
    summary_paths: list[Path] = field(default_factory=list)

    @property
    def failures(self) -> list[SampleOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def exit_code(self) -> int:
        """0 when every sample was reported; 1 when any sample hit an internal error (ours to
        fix); otherwise 2 when any sample had invalid input."""
        codes = {o.exit_code for o in self.outcomes}
        if 1 in codes:
            return 1
        return 2 if 2 in codes else 0

    def mechanisms_frame(self) -> pandas.DataFrame:
        """The reported samples x the cohort's mechanisms (pandas; columns in the cohort
        summary's order): True where the sample counts for the mechanism, i.e. its report has
        a finding documented as resistance to the therapy it was assessed against. Failed
        samples are not rows (`failures` lists them); `.sum()` gives the counts."""
        from ..model import alteration_label
        from ..model.frames import mechanisms_frame

        records = [o.record for o in self.outcomes if o.ok and o.record is not None]
        order = list(dict.fromkeys(row.mechanism for row in summarise_cohort(records).rows))
        counted = {r["sample"]: [alteration_label(m["gene"], m["alteration"])
                                 for m in r["mechanisms"]] for r in records}
        return mechanisms_frame([r["sample"] for r in records], counted, order)


@dataclass(frozen=True)
class SampleJob:
    """Everything a worker process needs for one sample (picklable)."""

    row: BatchRow
    sheet: Path
    outdir: Path
    kb_dir: Path | None
    lenient: bool


def make_request(job: SampleJob) -> Request:
    """The per-sample `Request`; values the sheet got wrong name the sheet and its line."""
    row = job.row

    def bad(message: str) -> InputError:
        return InputError(job.sheet, message, line=row.line)

    if not row.inputs:
        raise bad("no inputs given")
    try:
        fraction = tumor_fraction(row.tumor_fraction or "")
    except ValueError as exc:
        raise bad(str(exc)) from None
    if row.genome is not None and row.genome not in ("GRCh37", "GRCh38"):
        raise bad(f"genome '{row.genome}' must be GRCh37 or GRCh38")
    bam = resolve_inputs(job.sheet, (row.bam,))[0] if row.bam else None
    return Request(inputs=resolve_inputs(job.sheet, row.inputs), sample_id=row.sample,
                   therapies=list(row.therapies), driver=row.driver,
                   tumor_type=row.tumor_type or Request.tumor_type, genome=row.genome,
                   sample=row.input_sample, tumor_fraction=fraction, bam=bam,
                   kb_dir=job.kb_dir, lenient=job.lenient)


def output_paths(outdir: Path, sample: str) -> list[Path]:
    return [outdir / f"{sample}{suffix}" for suffix in SUFFIXES]


def run_sample(job: SampleJob) -> SampleOutcome:
    """Annotate one sample and write its three outputs; never raises (runs in a worker)."""
    sample = job.row.sample
    try:
        return SampleOutcome(sample, 0, record=annotate_and_write(job))
    except CtdnaResistError as exc:
        return SampleOutcome(sample, 2, str(exc))
    except Exception as exc:  # noqa: BLE001 - one sample's bug must not stop the others
        return SampleOutcome(sample, 1, f"internal error: {type(exc).__name__}: {exc}")


def annotate_and_write(job: SampleJob) -> dict:
    """Report one sample (JSON, TSV, HTML: all three or none); its cohort record."""
    json_path, tsv_path, html_path = output_paths(job.outdir, job.row.sample)
    try:
        result = report(make_request(job), Outputs(json=json_path, tsv=tsv_path,
                                                   html=html_path))
    except UsageError as exc:  # option values come from the sheet: name its line
        raise InputError(job.sheet, str(exc), line=job.row.line) from None
    return cohort_record(result.to_dict())  # exactly what the JSON report says


def batch(sheet: Path, outdir: Path, *, jobs: int = 1, kb_dir: Path | None = None,
          lenient: bool = False,
          progress: Callable[[int, int], None] | None = None) -> BatchResult:
    """Run every sample of `sheet`, write `outdir/<sample>.json|.tsv|.html` and the cohort
    summary. Raises before any work when the sheet, the knowledge base or `outdir` cannot be
    used; otherwise returns, with each sample's outcome in sheet order. `progress(done, total)`
    is called before the first sample and after each one."""
    if jobs < 1:
        raise UsageError(f"--jobs {jobs}: must be at least 1")
    sheet, outdir = Path(sheet), Path(outdir)
    rows = read_batch_sheet(sheet)
    check_not_inputs(
        [*summary_paths(outdir), *(p for row in rows for p in output_paths(outdir, row.sample))],
        [sheet, *(p for row in rows for p in resolve_inputs(
            sheet, (*row.inputs, row.bam) if row.bam else row.inputs))])
    load_kb(kb_dir)  # an invalid knowledge base stops here, before any sample
    prepare_outdir(outdir)
    batch = [SampleJob(row, sheet, outdir, kb_dir, lenient) for row in rows]

    outcomes: dict[str, SampleOutcome] = {}

    def finish(outcome: SampleOutcome) -> None:
        if not outcome.ok:
            for path in output_paths(outdir, outcome.sample):
                path.unlink(missing_ok=True)  # no report of an earlier run left to mislead
        outcomes[outcome.sample] = outcome
        if progress is not None:
            progress(len(outcomes), len(batch))

    if progress is not None:
        progress(0, len(batch))

    if jobs == 1 or len(batch) == 1:
        for job in batch:
            finish(run_sample(job))
    else:
        run_in_processes(batch, jobs, finish)
    # Every write has ended: a temporary file left now is from a worker process that was
    # stopped mid-write (when another one died, the pool stops them all).
    for job in batch:
        for suffix in SUFFIXES:
            for part in outdir.glob(f".{job.row.sample}{suffix}.*.part"):
                part.unlink(missing_ok=True)

    result = BatchResult(sheet=sheet, outdir=outdir,
                         outcomes=[outcomes[row.sample] for row in rows])
    result.summary_paths = write_cohort_summary(
        outdir, [o.record for o in result.outcomes if o.ok and o.record is not None],
        failures=[(o.sample, o.message or "") for o in result.failures])
    return result


def run_in_processes(batch: list[SampleJob], jobs: int,
                     finish: Callable[[SampleOutcome], None]) -> None:
    """Run samples in `jobs` worker processes. When a worker process dies (a crash in a
    compiled library), the pool is lost with every sample in flight; those samples are then
    rerun one process each, so only the sample that kills its process fails."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    unfinished = {job.row.sample: job for job in batch}
    with ProcessPoolExecutor(max_workers=min(jobs, len(batch))) as pool:
        futures = [pool.submit(run_sample, job) for job in batch]
        try:
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    continue  # rerun alone below
                del unfinished[outcome.sample]
                finish(outcome)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    for job in unfinished.values():
        finish(run_alone(job))


def run_alone(job: SampleJob) -> SampleOutcome:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1) as solo:
        try:
            return solo.submit(run_sample, job).result()
        except BrokenProcessPool:
            return SampleOutcome(job.row.sample, 1, "internal error: the process annotating "
                                 "this sample ended abruptly (a crash while reading its "
                                 "inputs?)")


def prepare_outdir(outdir: Path) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"--outdir {outdir}: is a file, not a folder")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--outdir {outdir}: cannot be created ({exc.strerror})") from None
    check_writable(outdir / f"{SUMMARY_NAME}.tsv")


def summary_paths(outdir: Path) -> list[Path]:
    """The cohort summary's files in `outdir` (write_cohort_summary)."""
    from ..render import multiqc

    return [outdir / f"{SUMMARY_NAME}.html", outdir / f"{SUMMARY_NAME}.tsv",
            outdir / multiqc.GENERAL_STATS_NAME, outdir / multiqc.MECHANISMS_NAME]


def cohort_summary(reports: list[Path], outdir: Path) -> list[Path]:
    """The cohort summary from per-sample JSON reports or outcome records (`report
    --outcome`; a failed sample's record lists it as not reported): a pipeline's aggregate
    step, the same as `batch` writes for the same samples. Returns the paths written."""
    check_not_inputs(summary_paths(Path(outdir)), reports)
    records, failures = read_reports(list(reports))
    prepare_outdir(Path(outdir))
    return write_cohort_summary(Path(outdir), records, failures=failures)


def recording_outcome(path: Path | str, run: Callable[[], Result], *, sample: str,
                      report_json: Path | str | None, outputs: list[Path | str] | None = None,
                      reads: list[Path] | None = None) -> Result:
    """Run one sample's `report` and write to `path` how it ended (`cohort.outcome_record`),
    whether it is reported or fails, then return or re-raise: a pipeline's per-sample step
    leaves a record its aggregate step reads even when the sample fails. `sample`: the name
    recorded when the run fails before naming it; `outputs` and `reads`, the report's outputs
    and the files it reads, none of which `path` may be."""
    check_not_inputs([*(outputs or []), path], reads or [])
    check_writable(path)
    try:
        result = run()
    except CtdnaResistError as exc:
        write_outcome(path, sample=sample, exit_code=2, message=str(exc))
        raise
    except Exception as exc:
        write_outcome(path, sample=sample, exit_code=1,
                      message=f"internal error: {type(exc).__name__}: {exc}")
        raise
    write_outcome(path, sample=result.sample.id, exit_code=0, report_json=report_json)
    return result


def write_outcome(path: Path | str, *, sample: str, exit_code: int, message: str | None = None,
                  report_json: Path | str | None = None) -> None:
    import json
    import os

    report = None
    if report_json is not None and str(report_json) != "-":
        report = os.path.relpath(Path(report_json).resolve(), Path(path).resolve().parent)
    record = outcome_record(sample=sample, exit_code=exit_code, message=message, report=report)
    write_all([(path, json.dumps(record, indent=2) + "\n")])


def write_cohort_summary(outdir: Path, records: list[dict], *,
                         failures: list[tuple[str, str]] | None = None) -> list[Path]:
    """Write `outdir/cohort_summary.tsv` and `.html` and the MultiQC custom-content files (all
    or none); returns their paths."""
    from ..render import multiqc
    from ..render.cohort import render_cohort_html, render_cohort_tsv

    summary = summarise_cohort(records, failures)
    html, tsv, general_stats, mechanisms = summary_paths(outdir)
    outputs = [
        (html, render_cohort_html(summary)),
        (tsv, render_cohort_tsv(summary)),
        (general_stats, multiqc.render_general_stats(records, summary.failures)),
        (mechanisms, multiqc.render_mechanisms_plot(summary)),
    ]
    write_all(outputs)
    return [path for path, _ in outputs]
