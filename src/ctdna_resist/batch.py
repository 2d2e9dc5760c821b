"""Many samples at once: read a sample sheet, annotate each sample (in parallel when asked),
write its JSON/TSV/HTML, then the cohort summary.

`run_batch` is the same path for the CLI, tests and notebooks: it returns a `BatchResult` with
every sample's outcome and the exit code, and never exits. A sample that fails does not stop the
others; its outputs are absent afterwards (a stale report from an earlier run is removed, so
nothing in the folder looks current when it is not). A sample sheet that cannot be used at all
(missing columns, duplicate or unsafe sample names) is an `InputError` raised before any work.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CtdnaResistError, InputError, UsageError
from .kb.load import split_list

REQUIRED_COLUMNS = ("sample", "inputs", "therapies")
#: `input_sample` is the per-sample `--sample` (which sample of a multi-sample input)
OPTIONAL_COLUMNS = ("driver", "tumor_fraction", "genome", "input_sample")
SUFFIXES = (".json", ".tsv", ".html")
SUMMARY_NAME = "cohort_summary"
#: sample names become file names: letters, digits, '.', '_', '-', starting with a letter or digit
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
NAME_RULE = ("use letters, digits, '.', '_' and '-' (at most 128), starting with a letter or "
             "digit")


@dataclass(frozen=True)
class SheetRow:
    """One sample of the sheet, cells as written (values are checked per sample)."""

    sample: str
    line: int
    inputs: tuple[str, ...]
    therapies: tuple[str, ...]
    driver: str | None = None
    tumor_fraction: str | None = None
    genome: str | None = None
    input_sample: str | None = None


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


def read_samplesheet(path: Path) -> list[SheetRow]:
    """Read and check a sample sheet (CSV or TSV, told apart by the header line)."""
    from .readers.common import check_readable

    path = Path(path)
    check_readable(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise InputError(path, "is empty; a sample sheet needs a header line and one row per "
                         "sample")
    delimiter = "\t" if "\t" in lines[first] else ","
    reader = csv.reader(lines[first:], delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    header_line = first + 1
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(path, f"missing required column(s) {', '.join(missing)} (the header "
                         f"has: {', '.join(h for h in header if h) or 'nothing'}; required: "
                         f"{', '.join(REQUIRED_COLUMNS)})", line=header_line)
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise InputError(path, f"column(s) named twice: {', '.join(repeated)}", line=header_line)
    index = {name: header.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
             if name in header}

    rows: list[SheetRow] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line = first + reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise InputError(path, f"{len(cells)} cells but the header has {len(header)} "
                             "columns", line=line)

        def cell(name: str, cells: list[str] = cells) -> str:
            i = index.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        sample = cell("sample")
        check_sample_name(sample, path, line)
        key = sample.lower()  # case-insensitive file systems would merge PT1 and pt1
        if key in seen:
            raise InputError(path, f"sample '{sample}' is named twice (first on line "
                             f"{seen[key]}); sample names must be unique, ignoring case",
                             line=line)
        seen[key] = line
        rows.append(SheetRow(
            sample=sample, line=line, inputs=split_list(cell("inputs")),
            therapies=split_list(cell("therapies")), driver=cell("driver") or None,
            tumor_fraction=cell("tumor_fraction") or None, genome=cell("genome") or None,
            input_sample=cell("input_sample") or None))
    if not rows:
        raise InputError(path, "has a header but no samples")
    return rows


def check_sample_name(name: str, path: Path, line: int) -> None:
    if not name:
        raise InputError(path, "empty sample name", line=line)
    if not SAFE_NAME.fullmatch(name):
        raise InputError(path, f"sample '{name}' cannot be used as a file name; {NAME_RULE}",
                         line=line)
    if name.lower() == SUMMARY_NAME:
        raise InputError(path, f"sample '{name}' would overwrite the cohort summary; rename it",
                         line=line)


@dataclass(frozen=True)
class SampleJob:
    """Everything a worker process needs for one sample (picklable)."""

    row: SheetRow
    sheet: Path
    outdir: Path
    kb_dir: Path | None
    lenient: bool


def make_request(job: SampleJob):
    """The per-sample `Request`; values the sheet got wrong name the sheet and its line."""
    from .api import Request

    row = job.row

    def bad(message: str) -> InputError:
        return InputError(job.sheet, message, line=row.line)

    if not row.inputs:
        raise bad("no inputs given")
    tumor_fraction = None
    if row.tumor_fraction is not None:
        try:
            tumor_fraction = float(row.tumor_fraction)
        except ValueError:
            raise bad(f"tumor_fraction '{row.tumor_fraction}' is not a number") from None
        if not 0 < tumor_fraction <= 1:
            raise bad(f"tumor_fraction '{row.tumor_fraction}' must be a fraction in (0, 1]")
    if row.genome is not None and row.genome not in ("GRCh37", "GRCh38"):
        raise bad(f"genome '{row.genome}' must be GRCh37 or GRCh38")
    folder = job.sheet.parent
    return Request(inputs=[folder / p for p in row.inputs], sample_id=row.sample,
                   therapies=list(row.therapies), driver=row.driver,
                   genome=row.genome, sample=row.input_sample, tumor_fraction=tumor_fraction,
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
    from .api import annotate, load_kb
    from .cohort import cohort_record
    from .outputs import write_atomic
    from .render.html import render_html
    from .render.json_out import render_json
    from .render.tsv import render_tsv

    try:
        result = annotate(make_request(job))
    except UsageError as exc:  # option values come from the sheet: name its line
        raise InputError(job.sheet, str(exc), line=job.row.line) from None
    texts = [render_json(result), render_tsv(result), render_html(result, load_kb(job.kb_dir))]
    written: list[Path] = []
    try:
        for path, text in zip(output_paths(job.outdir, job.row.sample), texts, strict=True):
            write_atomic(path, text)
            written.append(path)
    except BaseException:
        for path in written:  # all three or none
            path.unlink(missing_ok=True)
        raise
    return cohort_record(json.loads(texts[0]))  # exactly what the JSON report says


def run_batch(sheet: Path, outdir: Path, *, jobs: int = 1, kb_dir: Path | None = None,
              lenient: bool = False,
              progress: Callable[[int, int], None] | None = None) -> BatchResult:
    """Run every sample of `sheet`, write `outdir/<sample>.json|.tsv|.html` and the cohort
    summary. Raises before any work when the sheet, the knowledge base or `outdir` cannot be
    used; otherwise returns, with each sample's outcome in sheet order. `progress(done, total)`
    is called before the first sample and after each one."""
    from .api import load_kb
    from .cohort import write_cohort_summary

    if jobs < 1:
        raise UsageError(f"--jobs {jobs}: must be at least 1")
    sheet, outdir = Path(sheet), Path(outdir)
    rows = read_samplesheet(sheet)
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
    from .outputs import check_writable

    check_writable(outdir / f"{SUMMARY_NAME}.tsv")
