"""What an input holds, counted without the package's readers, in the unit of
`accounting.alterations` that README.md ("Inputs", "Outputs") and each reader's docstring define:

- VCF: one per ALT allele (a gVCF's `<NON_REF>`/`<*>` is none); a record outside the
  knowledge-base gene regions (gene spans of annotations/genes.tsv ± 1 kb) one per record,
  whatever its ALT alleles; a BND mate pair one fusion; a copy-number record one per
  knowledge-base gene its POS..END spans (one when it spans none; the fixtures' annotated
  copy-number records name the gene their span covers); another symbolic structural variant
  one per record. Read with pysam.
- tables (panel, MAF, fusion callers): one per data row (of the chosen sample).
- FoundationOne XML: one per short-variant, copy-number-alteration and rearrangement element.

Copy-number tables (CNVkit, cBioPortal CNA, allele-specific segments) count called genes, not
rows (a neutral segment is no alteration, a segment over three genes is three): their fixtures'
figures are written in fixtures_table.py with how they were counted.
"""

from __future__ import annotations

import csv
import gzip
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pysam

from helpers import ROOT

#: bases either side of a gene span that the VCF reader still reads (README: "± 1 kb")
MARGIN = 1000
_CN_TYPES = {"AMP", "DUP", "CNV", "DEL", "GAIN", "LOSS"}
_MATE = re.compile(r"[\[\]]([^:\[\]]+):(\d+)[\[\]]")
_BUILD = re.compile(r"^##contig=<.*assembly=(GRCh3[78])", re.M)

Count = Callable[[Path], int]


def bare(chrom: str) -> str:
    return chrom.removeprefix("chr")


def gene_spans(build: str) -> dict[str, list[tuple[int, int]]]:
    """chromosome (no `chr`) -> knowledge-base gene spans of that build, from genes.tsv."""
    spans: dict[str, list[tuple[int, int]]] = {}
    with open(ROOT / "annotations" / "genes.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            start, end = row[f"{build.lower()}_start"], row[f"{build.lower()}_end"]
            if row["chrom"] and start and end:
                spans.setdefault(row["chrom"], []).append((int(start), int(end)))
    return spans


def alleles(build: str | None = None) -> Count:
    """Count a VCF's alterations in the gene regions of `build`, or of the build its
    `##contig assembly=` lines name (a file whose header says it otherwise names it here, as
    test_vcf_build.py checks the reader does)."""
    return lambda path: vcf_alterations(path, build)


def vcf_alterations(path: Path, build: str | None = None) -> int:
    raw = path.read_bytes()
    verbosity = pysam.set_verbosity(0)  # htslib's notes on the fixtures' headers
    try:
        if raw[:2] == b"\x1f\x8b" and raw[12:14] != b"BC":  # plain gzip: htslib reads BGZF
            with tempfile.TemporaryDirectory() as folder:
                plain = Path(folder) / "plain.vcf"
                plain.write_bytes(gzip.decompress(raw))
                return _vcf_alterations(plain, build)
        return _vcf_alterations(path, build)
    finally:
        pysam.set_verbosity(verbosity)


def _vcf_alterations(path: Path, build: str | None) -> int:
    with pysam.VariantFile(str(path)) as vcf:
        if build is None:
            named = _BUILD.search(str(vcf.header))
            assert named, f"{path}: no ##contig assembly= in the header to take the build from"
            build = named.group(1)
        spans = gene_spans(build)

        def genes(chrom: str, start: int, end: int) -> int:
            return sum(s <= end and start <= e for s, e in spans.get(bare(chrom), ()))

        def in_region(chrom: str, pos: int) -> bool:
            return any(s - MARGIN <= pos <= e + MARGIN for s, e in spans.get(bare(chrom), ()))

        count = 0
        breakends: dict[frozenset, list[bool]] = {}
        for record in vcf:
            # a gVCF's <NON_REF> / <*> ("any other allele") is no alteration
            alts = tuple(a for a in record.alts or () if a not in ("<NON_REF>", "<*>"))
            svtype = str(record.info["SVTYPE"]).upper() if "SVTYPE" in record.info else ""
            symbolic = {a.strip("<>").split(":")[0].upper() for a in alts if a.startswith("<")}
            mate = next((m for a in alts if (m := _MATE.search(a))), None)
            if svtype == "BND" or mate:
                ends = frozenset({(record.chrom, record.pos),
                                  (mate.group(1), int(mate.group(2)))})
                breakends.setdefault(ends, []).append(in_region(record.chrom, record.pos))
            elif svtype in _CN_TYPES or symbolic & _CN_TYPES:
                count += max(1, genes(record.chrom, record.pos, record.stop))
            elif symbolic or not in_region(record.chrom, record.pos):
                count += 1
            else:
                count += len(alts)
        for inside in breakends.values():
            count += 1 if any(inside) else len(inside)  # a pair outside: one per record
        return count


def records() -> Count:
    """VCF data lines (accounting.input_records of a VCF), read from the decompressed text."""

    def count(path: Path) -> int:
        raw = path.read_bytes()
        text = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        return sum(1 for line in text.split(b"\n") if line.strip() and not line.startswith(b"#"))

    return count


def rows(header: str, sample: tuple[str, str] | None = None) -> Count:
    """Data rows after the line starting with `header` (preamble lines before it are not
    rows); with `sample` = (column, value), only that sample's rows."""

    def count(path: Path) -> int:
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8-sig")
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith(header))
        delimiter = "\t" if "\t" in lines[at] else ","
        table = list(csv.reader(lines[at:], delimiter=delimiter))
        columns, data = table[0], [cells for cells in table[1:] if any(c.strip() for c in cells)]
        if sample is not None:
            column, value = sample
            data = [cells for cells in data if cells[columns.index(column)] == value]
        return len(data)

    return count


def foundation_variants() -> Count:
    def count(path: Path) -> int:
        names = {"short-variant", "copy-number-alteration", "rearrangement"}
        return sum(element.tag.rsplit("}", 1)[-1] in names
                   for element in ElementTree.parse(path).iter())

    return count
