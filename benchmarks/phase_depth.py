"""How long phasing EGFR T790M/C797S takes at ctDNA depths: builds BAMs of N read pairs over the
two sites (as the tests do) and times `ctdna-resist annotate --bam` against the run without reads.

    .venv/bin/python benchmarks/phase_depth.py [N ...]     # default 2000 10000 40000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bamfixtures import fragments, make_bam  # noqa: E402
from ctdna_resist.api import Request, annotate  # noqa: E402


def main(sizes: list[int]) -> None:
    vcf = ROOT / "test_data" / "example_patient.vep.vcf.gz"
    request = Request(inputs=[vcf], therapies=["erlotinib", "osimertinib"])
    annotate(request)  # warm: knowledge base load, imports
    start = time.perf_counter()
    annotate(request)
    base = time.perf_counter() - start
    print(f"without --bam: {base * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            alt = max(5, n // 50)
            bam = make_bam(Path(tmp) / f"n{n}.bam",
                           fragments(t790m_only=alt, c797s_only=alt, neither=n - 2 * alt))
            request.bam = bam
            start = time.perf_counter()
            result = annotate(request)
            took = time.perf_counter() - start
            c797s = next(f for f in result.findings if f.alteration == "C797S")
            print(f"{n:>6} fragments ({2 * n} reads): {took * 1000:.0f} ms "
                  f"({(took - base) / n * 1e6:.1f} µs per fragment), call {c797s.phase['call']}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000, 10000, 40000])
