"""cyvcf2 or pysam for the indexed region queries: the same knowledge-base regions of the same
indexed VCFs, read in one process, each way the reader could use.

    .venv/bin/python benchmarks/region_readers.py [--repeat N]      (after make bench made inputs)

- `pysam text`: what readers/vcf/access.py does: pysam.TabixFile.fetch per region, each record's
  text line (then split lazily by records.Record);
- `cyvcf2 text`: cyvcf2 region queries, `str(variant)` for the same text;
- `cyvcf2 fields`: cyvcf2 region queries reading CHROM, POS, REF, ALT and INFO/CSQ (the floor of
  make bench), i.e. records parsed by htslib, as a reader built on cyvcf2 objects would read them;
- `pysam text + split`: pysam text split into columns and INFO/CSQ taken out (what the reader then
  needs of each record), for a fair comparison with `cyvcf2 fields`.
Prints the median seconds of N runs and the record count of each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pysam
from cyvcf2 import VCF

DATA = Path(__file__).parent / "data"


def regions(bed: Path) -> list[tuple[str, int, int]]:
    rows = [line.split("\t")[:3] for line in bed.read_text().splitlines()]
    return [(c, int(s) + 1, int(e)) for c, s, e in rows]


def pysam_text(path: Path, spans) -> int:
    n = 0
    with pysam.TabixFile(str(path)) as handle:
        for contig, start, end in spans:
            for row in handle.fetch(contig, start - 1, end):
                str(row)
                n += 1
    return n


def pysam_split(path: Path, spans) -> int:
    n = 0
    with pysam.TabixFile(str(path)) as handle:
        for contig, start, end in spans:
            for row in handle.fetch(contig, start - 1, end):
                fields = str(row).split("\t")
                info = dict(item.partition("=")[::2] for item in fields[7].split(";"))
                _ = (fields[0], int(fields[1]), fields[3], fields[4].split(","), info.get("CSQ"))
                n += 1
    return n


def cyvcf2_text(path: Path, spans) -> int:
    n = 0
    vcf = VCF(str(path))
    for contig, start, end in spans:
        for variant in vcf(f"{contig}:{start}-{end}"):
            str(variant)
            n += 1
    vcf.close()
    return n


def cyvcf2_fields(path: Path, spans) -> int:
    n = 0
    vcf = VCF(str(path))
    for contig, start, end in spans:
        for variant in vcf(f"{contig}:{start}-{end}"):
            _ = (variant.CHROM, variant.POS, variant.REF, variant.ALT, variant.INFO.get("CSQ"))
            n += 1
    vcf.close()
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    spans = regions(DATA / "kb_regions_grch38.bed")
    files = sorted(DATA.glob("panel-5000-*.vcf.gz")) + sorted(
        p for p in DATA.glob("genome-*.vcf.gz") if ".noindex." not in p.name)
    if not files:
        sys.exit("no inputs: run make bench (or make bench QUICK=1) first")
    ways = {"pysam text": pysam_text, "cyvcf2 text": cyvcf2_text,
            "pysam text + split": pysam_split, "cyvcf2 fields": cyvcf2_fields}
    for path in files:
        for name, way in ways.items():
            way(path, spans)  # warm-up
            times, count = [], 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                count = way(path, spans)
                times.append(time.perf_counter() - started)
            print(f"{path.name}\t{name}\t{statistics.median(times):.4f} s "
                  f"({min(times):.4f}-{max(times):.4f})\t{count} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
