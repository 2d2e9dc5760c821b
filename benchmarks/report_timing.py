"""How long a report takes: annotation, HTML (with the VAF figure) and PDF, for the bundled
example and for a large panel (many alterations in knowledge-base genes).

    .venv/bin/python benchmarks/report_timing.py [--repeat N]

Prints one line per step with the median wall time over N runs (after one warm-up run, so
the figures exclude importing jinja2 and WeasyPrint, which the first call pays once).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENES = ["TP53", "KRAS", "PIK3CA", "BRAF", "ERBB2", "STK11", "KEAP1", "NF1", "PTEN", "RB1"]


def large_panel(folder: Path, rows: int) -> Path:
    """A panel export with the example's alterations plus `rows` missense calls."""
    path = folder / "large.panel.tsv"
    lines = (ROOT / "test_data" / "example_patient.panel.tsv").read_text().splitlines()
    for i in range(rows):
        gene = GENES[i % len(GENES)]
        codon = 20 + i // len(GENES)
        lines.append(f"PT001_plasma\t{gene}\tp.A{codon}V\tsnv\t{0.2 + (i % 50) / 10:.1f}%"
                     "\t\t1500\t20\t\t")
    path.write_text("\n".join(lines) + "\n")
    return path


def timed(step, repeat: int) -> tuple[float, object]:
    value = step()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from ctdna_resist.api import Request, annotate, load_kb
    from ctdna_resist.render.html import render_html
    from ctdna_resist.render.pdf import render_pdf

    kb = load_kb(None)
    with tempfile.TemporaryDirectory() as tmp:
        cases = {"example (VCF, 7 records)": ROOT / "test_data" / "example_patient.vep.vcf.gz",
                 "large panel (507 records)": large_panel(Path(tmp), 500)}
        for name, path in cases.items():
            request = Request(inputs=[path], sample_id="PT001",
                              therapies=["erlotinib", "osimertinib"])
            t_annotate, result = timed(lambda r=request: annotate(r), args.repeat)
            t_html, html = timed(lambda r=result: render_html(r, kb), args.repeat)
            t_pdf, pdf = timed(lambda h=html: render_pdf(h), args.repeat)
            print(f"{name}: annotate {t_annotate * 1000:.0f} ms; HTML with figure "
                  f"{t_html * 1000:.0f} ms ({len(html) / 1024:.0f} KiB); PDF "
                  f"{t_pdf * 1000:.0f} ms ({len(pdf) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
