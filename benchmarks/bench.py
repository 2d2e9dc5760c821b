"""`make bench`: the speed and memory targets, measured against floors in the same run.

    .venv/bin/python benchmarks/bench.py [--quick] [--out PATH]

Generates the inputs (inputs.py; cached in benchmarks/data/), then measures whole processes of
the installed `ctdna-resist` next to what the same work costs with other tools, alternating
A B A B (measure.py), and writes benchmarks/RESULTS.md (report.py). `--quick` runs fewer times
on smaller inputs, for development, and writes benchmarks/data/RESULTS-quick.md instead.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import inputs
import measure
import report
from genemodel import ROOT, kb_regions

BIN = Path(sys.executable).parent
PYTHON = sys.executable
OUT = inputs.DATA / "out"
THERAPIES = ["--therapy", "erlotinib", "--therapy", "osimertinib"]


@dataclass
class Plan:
    runs: int  # fast commands (well under a second)
    slow_runs: int  # the genome
    batch_runs: int
    scaling_runs: dict[int, int]  # alterations -> runs
    panel_records: int = 5_000
    genome_records: int = 5_000_000
    batch_samples: int = 1_000
    quick: bool = False


FULL = Plan(runs=10, slow_runs=5, batch_runs=3, scaling_runs={1_000: 5, 5_000: 5, 50_000: 3})
QUICK = Plan(runs=3, slow_runs=2, batch_runs=1, scaling_runs={1_000: 2, 5_000: 2},
             genome_records=200_000, batch_samples=100, quick=True)


@dataclass
class Row:
    name: str  # prefix of its named figures
    what: str
    target: str  # as the issue states it
    limit: float
    measured: measure.Series
    floor_label: str = ""
    floor: measure.Series | None = None
    ratios: list[float] = field(default_factory=list)
    by_ratio: bool = False  # the target is a ratio to the floor, not seconds
    command: str = ""
    floor_command: str = ""
    counts: dict = field(default_factory=dict)  # the output's accounting


@dataclass
class Results:
    plan: Plan
    rows: list[Row] = field(default_factory=list)
    startup: measure.Pairs | None = None
    startup_parts: list[measure.Startup] = field(default_factory=list)
    importtime: tuple[float, list[tuple[str, float]]] | None = None
    scaling: list[tuple[int, measure.Series, dict]] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # label -> description
    skipped: list[str] = field(default_factory=list)


def annotate(path: Path, out_name: str) -> list[str]:
    return [str(BIN / "ctdna-resist"), "annotate", str(path), *THERAPIES, "-o",
            str(OUT / out_name)]


def accounting(out_name: str) -> dict:
    return json.loads((OUT / out_name).read_text())["accounting"]


def shown(command: list[str]) -> str:
    """The command as a reader would type it from the repository root."""
    words = []
    for word in command:
        path = Path(word)
        if path.is_absolute() and path.is_relative_to(ROOT):
            word = str(path.relative_to(ROOT))
        words.append(word)
    return " ".join(words)


def paired_row(pairs: measure.Pairs, **fields) -> Row:
    return Row(measured=pairs.a, floor=pairs.b, ratios=pairs.ratios, **fields)


def measure_panels(plan: Plan, results: Results, bed: Path) -> None:
    vcf = inputs.panel_vcf(plan.panel_records)
    a = annotate(vcf, "panel.json")
    b = [PYTHON, str(Path(__file__).parent / "floor_regions.py"), str(bed), str(vcf)]
    results.rows.append(paired_row(
        measure.pairs(a, b, plan.runs), name="panel_vcf",
        what=f"{plan.panel_records:,}-record panel VCF (indexed), `annotate` to JSON, wall "
             "incl. start-up", target="<= 0.25 s", limit=0.25,
        floor_label="cyvcf2 region loop, same file", command=shown(a), floor_command=shown(b),
        counts=accounting("panel.json")))
    small = inputs.small_panel()
    a = annotate(small, "small.json")
    b = [PYTHON, "-c", "pass"]
    results.rows.append(paired_row(
        measure.pairs(a, b, plan.runs), name="small_panel",
        what="small panel TSV (20 rows), `annotate` to JSON", target="<= 0.15 s", limit=0.15,
        floor_label="`python -c pass`", command=shown(a), floor_command=shown(b),
        counts=accounting("small.json")))
    arguments = a[1:]
    results.startup, results.startup_parts = measure.startup_pairs(PYTHON, small, arguments,
                                                                   plan.runs)
    results.importtime = min((measure.importtime(PYTHON, arguments) for _ in range(5)),
                             key=lambda t: t[0])


def measure_batch(plan: Plan, results: Results) -> None:
    sheet = inputs.cohort(plan.batch_samples)
    outdir = OUT / "batch"
    command = [str(BIN / "ctdna-resist"), "batch", str(sheet), "--outdir", str(outdir),
               "--jobs", "2"]
    runs = []
    for _ in range(plan.batch_runs):  # no warm-up: each run is long; the sheet was just read
        shutil.rmtree(outdir, ignore_errors=True)
        runs.append(measure.run(command, tree=True))
    reports = len(list(outdir.glob("S*.html")))
    if reports != plan.batch_samples:
        raise SystemExit(f"batch wrote {reports} reports for {plan.batch_samples} samples")
    results.rows.append(Row(
        name="batch", what=f"{plan.batch_samples:,} panel samples, `batch --jobs 2`, JSON + "
        "TSV + HTML + cohort", target="<= 60 s", limit=60.0, measured=measure.Series(runs),
        command=shown(command)))


def measure_genome(plan: Plan, results: Results, bed: Path, bcftools: str | None) -> None:
    vcf = inputs.genome_vcf(plan.genome_records)
    a = annotate(vcf, "genome.json")
    b = [PYTHON, str(Path(__file__).parent / "floor_regions.py"), str(bed), str(vcf)]
    size = f"{plan.genome_records / 1e6:g}M"
    results.rows.append(paired_row(
        measure.pairs(a, b, plan.slow_runs), name="genome_indexed",
        what=f"indexed {size}-record genome VCF vs cyvcf2 region-query loop", target="<= 1.5x",
        limit=1.5, by_ratio=True, floor_label="cyvcf2 region loop, same file",
        command=shown(a), floor_command=shown(b), counts=accounting("genome.json")))
    plain = inputs.unindexed(vcf)
    what = f"unindexed {size}-record genome VCF vs `bcftools view -H`"
    if bcftools is None:
        results.skipped.append(f"{what}: bcftools is not installed (Debian package bcftools; "
                               "`make bench` installs it when run as root)")
        return
    a = annotate(plain, "genome-unindexed.json")
    b = [bcftools, "view", "-H", str(plain)]
    results.rows.append(paired_row(
        measure.pairs(a, b, plan.slow_runs), name="genome_unindexed", what=what,
        target="<= 1.0x", limit=1.0, by_ratio=True, floor_label="`bcftools view -H`, same file",
        command=shown(a), floor_command=shown(b), counts=accounting("genome-unindexed.json")))


def measure_scaling(plan: Plan, results: Results) -> None:
    for n, runs in plan.scaling_runs.items():
        command = annotate(inputs.alteration_panel(n), f"alterations-{n}.json")
        # one warm-up where a run is short; the largest runs long enough not to need one
        series = measure.series(command, runs) if n <= 5_000 else \
            measure.Series([measure.run(command) for _ in range(runs)])
        results.scaling.append((n, series, accounting(f"alterations-{n}.json")))


def generate_all(plan: Plan) -> Path:
    """Every input first, so that generating one does not load the machine during another's
    measurement; returns the regions BED."""
    OUT.mkdir(parents=True, exist_ok=True)
    bed = inputs.DATA / "kb_regions_grch38.bed"
    bed.write_text("".join(f"{c}\t{s - 1}\t{e}\n" for c, s, e in kb_regions()))
    inputs.panel_vcf(plan.panel_records)
    inputs.unindexed(inputs.genome_vcf(plan.genome_records))
    inputs.small_panel()
    inputs.cohort(plan.batch_samples)
    for n in plan.scaling_runs:
        inputs.alteration_panel(n)
    return bed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller inputs")
    parser.add_argument("--out", type=Path, help="where to write the results (markdown)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    out = args.out or (inputs.DATA / "RESULTS-quick.md" if plan.quick else
                       Path(__file__).parent / "RESULTS.md")
    if not (BIN / "ctdna-resist").exists():
        sys.exit(f"{BIN / 'ctdna-resist'} not found: install the package first (make venv)")
    bcftools = shutil.which("bcftools")
    bed = generate_all(plan)
    machine = report.machine(bcftools)
    started = time.time()
    results = Results(plan)
    for step in (lambda: measure_panels(plan, results, bed), lambda: measure_batch(plan, results),
                 lambda: measure_genome(plan, results, bed, bcftools),
                 lambda: measure_scaling(plan, results)):
        step()
        print(f"# {time.time() - started:.0f} s", file=sys.stderr, flush=True)
    machine["load_end"] = report.load_average()
    text = report.render(results, machine, time.time() - started)
    out.write_text(text)
    print(text)
    print(f"# wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
