"""CNVkit segments (`.cns`) and calls (`.call.cns`).

Columns `chromosome start end gene log2` (+ `cn`, `depth`, `probes`, `weight`, ...). Genes come
from the `gene` column, which lists every gene a segment covers (`gene_names`): CNVkit writes
`-`, `Antitarget` (`Background` in older versions) or `CGH` (array backbone probes) where a bin
names no gene; target names carry suffixes from the panel's BED file (`EGFR_ex19`, `TPO_CGH`,
`MET_intron_1_ENST000003977`, `MET|NM_000245`), which are removed; and probe names glued to a
transcript (`METintron13ENST0000039`) name no gene of their own. A segment covering two
knowledge-base genes is two alterations; other gene names are counted once each.

Copy number: the `cn` column when present (written by `cnvkit.py call`), otherwise
`ploidy × 2^log2` rounded to two decimals, with the `ploidy` threshold (default 2, CNVkit's own
default ploidy). Any finite log2 is a value: CNVkit writes very negative ratios (−30.8) for bins
with next to no coverage, a deep deletion. It is called with `amplification_copy_number` /
`deletion_copy_number` (annotations/thresholds.tsv); a segment between them is no alteration
(counted as an input record only). When a gene lies in several called segments, the most
extreme copy number is kept.

Bin-level `.cnr` files (one row per target or antitarget bin, no `probes` column) are refused:
CNVkit calls copy number on segments (`cnvkit.py segment`, then `call`), and a single bin's
ratio is noise (one EGFR bin at log2 −0.58 among thirty neutral ones would read as a deletion).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Alteration, ReadResult
from .common import (
    ReadOptions,
    SkipRecord,
    copy_number_call,
    find_header,
    fold,
    head_lines,
    parse_number,
    read_rows,
    read_table,
    strip_gene,
)

_REQUIRED = {fold(c) for c in ("chromosome", "start", "end", "gene", "log2")}
_NOT_GENES = {"", "-", ".", "antitarget", "background", "cgh"}
#: a probe name: an intron or a transcript glued to the gene (`METintron13ENST0000039`,
#: `MET_intron_1_ENST000003977`, `BRAFintron 7ENST000002886`)
_PROBE = re.compile(r"(?i)[a-z0-9]_?intron|ENST\d")


def is_cnvkit_header(cells: set[str]) -> bool:
    return _REQUIRED <= cells


def sniff(head: bytes, path: Path) -> bool:
    return find_header(head_lines(head)[:1], is_cnvkit_header) is not None


def gene_names(cell: str) -> list[str]:
    """`MET,CAPZA2,ST7` -> each name once; `-`/`Antitarget`/`CGH` -> none; BED-target suffixes
    (`_ex19`, `_CGH`) removed; probe names such as `METintron13ENST0000039` dropped."""
    names = []
    for token in re.split(r"[,;]", cell):
        if _PROBE.search(token):
            continue
        name = strip_gene(token).split("_")[0]
        if name.lower() in _NOT_GENES:
            continue
        if name not in names:
            names.append(name)
    return names


def read_cnvkit(path: Path, options: ReadOptions) -> ReadResult:
    table = read_table(path, is_cnvkit_header, "CNVkit (chromosome, start, end, gene, log2)")
    if not table.has("probes") and (path.name.lower().endswith(".cnr") or table.has("depth")):
        raise InputError(path, "is a CNVkit bin-level file (.cnr: one row per bin, no probes "
                         "column); copy number is called on segments: give the .cns or "
                         ".call.cns (cnvkit.py segment, then cnvkit.py call)")
    ploidy = options.thresholds.get("ploidy", 2.0)
    result = ReadResult(genome=options.genome)
    called: dict[tuple[str, str], Alteration] = {}
    outside: set[str] = set()
    rows = read_rows(path, table.rows, options, result,
                     lambda line, cells: (cells, _copy_number(table, cells, ploidy)))
    for line, (cells, copy_number) in rows:
        word = copy_number_call(copy_number, options.thresholds)
        if word is None:
            continue
        names = gene_names(table.cell(cells, "gene"))
        if not names:
            result.count_outside(None)  # a called segment naming no gene
            continue
        chrom = table.cell(cells, "chromosome").removeprefix("chr")
        start = table.cell(cells, "start")
        for name in names:
            symbol = options.kb.genes.resolve(name)
            if symbol is None:
                if name.upper() not in outside:
                    outside.add(name.upper())
                    result.count_outside(name)
                continue
            alteration = options.builder.build(
                symbol, word, copy_number=copy_number, chrom=chrom,
                pos=int(start) if start.isdigit() else None, input=f"{path.name}:{line}")
            known = called.get(alteration.key)
            if known is None or abs(copy_number - ploidy) > abs(known.copy_number - ploidy):
                called[alteration.key] = alteration
    result.alterations = list(called.values())
    return result


def _copy_number(table, cells, ploidy: float) -> float:
    try:
        value = parse_number(table.cell(cells, "cn"), "cn")
    except ValueError as exc:
        raise SkipRecord("cn invalid", str(exc)) from None
    if value is not None:
        return float(value)
    text = table.cell(cells, "log2")
    try:
        log2 = parse_number(text, "log2", signed=True)
    except ValueError as exc:
        raise SkipRecord("log2 invalid", str(exc)) from None
    if log2 is None:
        raise SkipRecord("log2 invalid", "no log2 ratio and no cn")
    return round(ploidy * 2 ** min(log2, 64.0), 2)
