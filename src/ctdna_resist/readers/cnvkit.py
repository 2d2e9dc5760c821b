"""CNVkit segments (`.cns`) and calls (`.call.cns`).

Columns `chromosome start end gene log2` (+ `cn`, `depth`, `probes`, `weight`, ...). Genes come
from the `gene` column, which lists every gene a segment covers, comma-separated; CNVkit writes
`-` (or `Antitarget`) where a bin names none, and target names may carry suffixes from the panel's
BED file (`EGFR_ex19`, `MET|NM_000245`), which are removed. A segment covering two
knowledge-base genes is two alterations; genes outside the knowledge base are counted once each.

Copy number: the `cn` column when present (written by `cnvkit.py call`), otherwise
`ploidy × 2^log2` rounded to two decimals, with the `ploidy` threshold (default 2, CNVkit's own
default ploidy). It is called with `amplification_copy_number` / `deletion_copy_number`
(annotations/thresholds.tsv); a segment between them is no alteration (counted as an input
record only). When a gene lies in several called segments, the most extreme copy number is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

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
_NOT_GENES = {"", "-", ".", "antitarget", "background"}


def is_cnvkit_header(cells: set[str]) -> bool:
    return _REQUIRED <= cells


def sniff(head: bytes, path: Path) -> bool:
    return find_header(head_lines(head)[:1], is_cnvkit_header) is not None


def gene_names(cell: str) -> list[str]:
    """`MET,CAPZA2,ST7` -> each name; `-`/`Antitarget` -> none; suffixes removed."""
    names = []
    for token in re.split(r"[,;]", cell):
        name = strip_gene(token)
        if name.lower() in _NOT_GENES:
            continue
        if name not in names:
            names.append(name)
    return names


def read_cnvkit(path: Path, options: ReadOptions) -> ReadResult:
    table = read_table(path, is_cnvkit_header, "CNVkit (chromosome, start, end, gene, log2)")
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
            result.outside_kb_genes += 1  # a called segment naming no gene
            continue
        chrom = table.cell(cells, "chromosome").removeprefix("chr")
        start = table.cell(cells, "start")
        for name in names:
            symbol = _resolve(options, name)
            if symbol is None:
                outside.add(name.upper())
                continue
            alteration = options.builder.build(
                symbol, word, copy_number=copy_number, chrom=chrom,
                pos=int(start) if start.isdigit() else None, input=f"{path.name}:{line}")
            known = called.get(alteration.key)
            if known is None or abs(copy_number - ploidy) > abs(known.copy_number - ploidy):
                called[alteration.key] = alteration
    result.alterations = list(called.values())
    result.outside_kb_genes += len(outside)
    return result


def _resolve(options: ReadOptions, name: str) -> str | None:
    symbol = options.kb.genes.resolve(name)
    if symbol is None and "_" in name:  # a BED target name: EGFR_ex19
        symbol = options.kb.genes.resolve(name.split("_")[0])
    return symbol


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
    if log2 is None or abs(log2) > 20:
        raise SkipRecord("log2 invalid", f"log2 '{text}' is not a usable log2 ratio")
    return round(ploidy * 2 ** log2, 2)
