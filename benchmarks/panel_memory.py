"""Peak memory and wall time of `ctdna-resist annotate` on a 1-million-line panel export.

    .venv/bin/python benchmarks/panel_memory.py [--rows 1000000]

The file is generated in a temporary folder: rows spread over about 19,000 gene symbols, as a
whole-exome export would be, with one row in a hundred in a knowledge-base gene. Alterations of
knowledge-base genes are listed in the output; the others are only counted (DESIGN.md), so
memory should stay flat as the file grows. Target (issue 10): peak RSS under 300 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KB_GENES = ["EGFR", "KRAS", "BRAF", "PIK3CA", "TP53", "ERBB2", "MET", "NRAS", "ALK", "DNMT3A"]


def write_panel(path: Path, rows: int) -> None:
    rng = random.Random(7)
    with open(path, "w") as fh:
        fh.write("gene\talteration\ttype\tvaf\tdepth\talt_depth\n")
        for i in range(rows):
            gene = KB_GENES[i % len(KB_GENES)] if i % 100 == 0 else f"GENE{rng.randrange(19000)}"
            depth = rng.randrange(800, 4000)
            alt = rng.randrange(3, 200)
            codon = rng.randrange(1, 1200)
            fh.write(f"{gene}\tR{codon}Q\tsnv\t{alt / depth:.4f}\t{depth}\t{alt}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("ctdna-resist")
    with tempfile.TemporaryDirectory() as tmp:
        panel = Path(tmp) / "big.panel.tsv"
        started = time.perf_counter()
        write_panel(panel, args.rows)
        print(f"generated {args.rows:,} rows ({panel.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s")
        out = Path(tmp) / "out.json"
        started = time.perf_counter()
        subprocess.run([str(exe), "annotate", str(panel), "--therapy", "osimertinib", "-o",
                        str(out)], check=True)
        wall = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        a = json.loads(out.read_text())["accounting"]
        print(f"annotate: {wall:.1f} s wall, peak RSS {peak_mb:.0f} MB; records "
              f"{a['input_records']:,}, listed {a['findings'] + a['other']:,}, outside "
              f"knowledge-base genes {a['outside_kb_genes']:,}")
        print("target: peak RSS under 300 MB:", "met" if peak_mb < 300 else "NOT met")


if __name__ == "__main__":
    main()
