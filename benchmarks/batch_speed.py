"""How long `ctdna-resist batch` takes on a cohort of panel samples.

Generates N panel exports from the example patient (VAFs varied, some alterations absent,
therapy lines varied) and a sample sheet in a temporary folder, runs the installed command
line on it, checks every sample was reported, and prints the figure.

    .venv/bin/python benchmarks/batch_speed.py [--samples 1000] [--jobs 2]

Target (issue 8): 1,000 panel samples in under 60 s with --jobs 2.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "test_data" / "example_patient.panel.tsv"
THERAPY_LINES = ["erlotinib;osimertinib", "erlotinib", "gefitinib;osimertinib", "osimertinib",
                 "Tarceva;Tagrisso", "afatinib"]


def write_cohort(folder: Path, n: int) -> Path:
    header, *rows = EXAMPLE.read_text().splitlines()
    columns = header.split("\t")
    vaf_at, gene_at = columns.index("vaf"), columns.index("gene")
    (folder / "panels").mkdir()
    sheet = ["sample\tinputs\ttherapies"]
    for i in range(n):
        name = f"S{i + 1:04d}"
        scale = 0.3 + (i % 11) * 0.15
        lines = [header]
        for row in rows:
            cells = row.split("\t")
            if cells[gene_at] == "MET" and i % 3 == 0:
                continue
            if cells[vaf_at].endswith("%"):
                cells[vaf_at] = f"{float(cells[vaf_at][:-1]) * scale:.2f}%"
            lines.append("\t".join(cells))
        (folder / "panels" / f"{name}.tsv").write_text("\n".join(lines) + "\n")
        sheet.append(f"{name}\tpanels/{name}.tsv\t{THERAPY_LINES[i % len(THERAPY_LINES)]}")
    path = folder / "cohort.tsv"
    path.write_text("\n".join(sheet) + "\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    command = shutil.which("ctdna-resist", path=str(Path(sys.executable).parent)) or \
        shutil.which("ctdna-resist")
    if command is None:
        sys.exit("ctdna-resist is not installed (make venv)")
    with tempfile.TemporaryDirectory(prefix="ctdna-resist-batch-") as tmp:
        folder = Path(tmp)
        sheet = write_cohort(folder, args.samples)
        out = folder / "out"
        start = time.perf_counter()
        run = subprocess.run([command, "batch", str(sheet), "--outdir", str(out),
                              "--jobs", str(args.jobs)], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if run.returncode != 0:
            sys.exit(f"batch failed (exit {run.returncode}):\n{run.stderr}")
        reports = len(list(out.glob("S*.html")))
        if reports != args.samples:
            sys.exit(f"expected {args.samples} reports, found {reports}")
    print(f"batch: {args.samples} panel samples, --jobs {args.jobs}, {os.cpu_count()} CPUs: "
          f"{elapsed:.1f} s ({elapsed / args.samples * 1000:.1f} ms per sample, JSON+TSV+HTML "
          f"each, cohort summary included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
