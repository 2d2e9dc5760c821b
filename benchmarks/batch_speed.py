"""How long `ctdna-resist batch` takes on a cohort of panel samples.

Generates N panel exports from the example patient (VAFs varied, some alterations absent,
therapy lines varied; inputs.write_cohort, the cohort `make bench` uses) and a sample sheet in
a temporary folder, runs the installed command line on it once, checks every sample was
reported, and prints the figure. `make bench` measures the same, repeated, into RESULTS.md.

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

from inputs import write_cohort


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
