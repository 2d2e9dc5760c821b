"""Copy-number and structural records: amplifications and deletions, and fusions.

- Copy number (`SVTYPE` or symbolic ALT AMP/DUP/CNV/DEL/GAIN/LOSS): the copy number from `CN`
  (INFO, else the tumour's FORMAT), a fold change (× 2) or a log2 ratio (2 × 2^log2); the genes
  from the annotation or a gene INFO tag, else the knowledge-base gene spans the record covers.
- Fusions: a `<INV>`/`<DEL>`/`<DUP>` whose two ends lie in two genes, one a fusion kinase; and
  BND records, where a mate pair (MATEID, or ALT coordinates pointing at each other) is one
  fusion and an unpaired breakend is one too when its ALT names the mate's position.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from ...model import Alteration, Kind, ReadResult
from ..common import ReadOptions, SkipRecord, copy_number_call
from .consequences import Consequence
from .fractions import numbers
from .genome import Regions, bare_chrom
from .records import MATE, Record, where

CNV_TYPES = {"CNV", "DUP", "AMP", "DEL", "LOSS", "GAIN"}
FUSION_SV = {"INV", "DEL", "DUP", "TRA", "BND"}
_CN_WORDS = {"AMP": "AMP", "GAIN": "DUP", "LOSS": "DEL"}
_GENE_TAGS = ("GENE", "GENES", "Gene", "GENE_NAME", "SYMBOL")
_FOLD_CHANGE_TAGS = ("FOLD_CHANGE", "FC", "FOLDCHANGE")
_LOG2_TAGS = ("FOLD_CHANGE_LOG", "LOG2", "log2", "LOG2R", "LOG2_COPY_RATIO", "LOG2RATIO")
#: a log2 copy ratio above this (2^20: two million copies) is no measurement; any finite ratio
#: below it is one (-30 is a homozygous deletion, as CNVkit writes it)
MAX_LOG2 = 20


def structural_kind(svtype: str, alts: list[str]) -> tuple[str | None, str | None]:
    """(symbolic ALT, kind) of a record: the kind is SVTYPE (upper case), else the symbolic ALT
    (`<DUP:TANDEM>` -> DUP), GAIN/LOSS read as DUP/DEL; (None, None) for a small variant."""
    symbolic = next((a.strip("<>").split(":")[0].upper() for a in alts if a.startswith("<")),
                    None)
    kind = _CN_WORDS.get(svtype, svtype) or _CN_WORDS.get(symbolic or "", symbolic)
    return symbolic, kind


@dataclass
class Structural:
    """What reading copy-number and structural records needs, for one file."""

    path: Path
    options: ReadOptions
    regions: Regions | None
    sample_index: int | None
    entries: Callable[[Record], list[Consequence]]  # the record's consequence annotations

    def genes_of(self, record: Record, pos: int) -> list[str]:
        """Knowledge-base genes the record's annotation or INFO names, else those whose span
        holds pos."""
        names: list[str] = []
        for entry in self.entries(record):
            names.extend(entry.gene.split("&"))
        for tag in _GENE_TAGS:
            value = record.info.get(tag)
            if value and value != "1":
                names.extend(g for g in re.split(r"[,;|&]", value) if g)
        genes = []
        for name in names:
            gene = self.options.kb.genes.resolve(name)
            if gene and gene not in genes:
                genes.append(gene)
        if genes or self.regions is None:
            return genes
        return self.regions.genes_overlapping(record.chrom, pos, pos)

    def named_gene(self, record: Record) -> str | None:
        """The first gene the record's annotation or gene INFO tag names, whatever it is."""
        for entry in self.entries(record):
            if entry.gene:
                return entry.gene.split("&")[0]
        for tag in _GENE_TAGS:
            value = record.info.get(tag)
            if value and value != "1":
                return re.split(r"[,;|&]", value)[0] or None
        return None

    def copy_number(self, record: Record, kind: str, result: ReadResult) -> None:
        copies = self._copies(record)
        names = self.genes_of(record, record.pos)
        if not names and self.regions is not None and not self.entries(record):
            names = self.regions.genes_overlapping(record.chrom, record.pos, record.end)
        if not names:
            result.count_outside(self.named_gene(record))
            return
        origin = where(record, self.path)
        called = copy_number_call(copies, self.options.thresholds) if copies is not None else None
        for gene in names:
            if kind == "AMP" or (kind in ("DUP", "CNV") and called == "amplification"):
                word = "amplification"
            elif kind == "DEL" or called == "deletion":
                word = "deletion"
            else:
                label = f"copy-number gain (CN {copies:g})" if copies is not None else \
                    "copy-number change"
                result.alterations.append(Alteration(gene=gene, alteration=label,
                                                     kind=Kind.OTHER, copy_number=copies,
                                                     input=origin))
                continue
            result.alterations.append(self.options.builder.build(
                gene, word, copy_number=copies, chrom=bare_chrom(record.chrom), pos=record.pos,
                input=origin))

    def _copies(self, record: Record) -> float | None:
        """CN (INFO, else the tumour's FORMAT), else 2 × a fold change, else 2 × 2^log2."""
        info = record.info
        cn = numbers(info.get("CN", ""), "INFO/CN")[:1]
        if (not cn or cn[0] is None) and self.sample_index is not None:
            cn = numbers(record.sample(self.sample_index).get("CN", ""), "FORMAT/CN")[:1]
        copies = cn[0] if cn and cn[0] is not None else None
        if copies is None:
            for tag in _FOLD_CHANGE_TAGS:
                value = numbers(info.get(tag, ""), f"INFO/{tag}")
                if value and value[0] is not None:
                    copies = 2 * value[0]
                    break
        if copies is None:
            for tag in _LOG2_TAGS:
                value = numbers(info.get(tag, ""), f"INFO/{tag}", signed=True)
                if value and value[0] is not None:
                    if value[0] > MAX_LOG2:
                        raise SkipRecord(f"INFO/{tag} invalid", f"INFO/{tag} '{info[tag]}' is "
                                         "not a usable log2 copy ratio")
                    copies = 2 * 2 ** value[0]
                    break
        if copies is not None and not math.isfinite(copies):
            raise SkipRecord("copy number invalid", f"copy number {copies} is not finite")
        return round(float(copies), 4) if copies is not None else None

    def span_fusion(self, record: Record) -> Alteration | None:
        """An <INV>/<DEL>/<DUP> whose two ends lie in two genes, one a fusion kinase."""
        if self.regions is None and not self.entries(record):
            return None
        first = self.genes_of(record, record.pos)
        second = self.regions.genes_overlapping(record.chrom, record.end, record.end) \
            if self.regions is not None else []
        return self._fusion(first, second, record, [record])

    def _fusion(self, first: list[str], second: list[str], record: Record,
                records: list[Record]) -> Alteration | None:
        builder = self.options.builder
        genes = list(dict.fromkeys(first + second))
        kinase = next((g for g in genes if g in builder.fusion_genes), None)
        if kinase is None or (first == second and len(genes) == 1):
            return None
        partner = next((g for g in genes if g != kinase), None)
        vaf = numbers(record.info.get("AF", ""), "INFO/AF")[:1]
        origin = " + ".join(where(r, self.path) for r in records)
        vaf = vaf[0] if vaf else None
        return builder.fusion(kinase, partner, chrom=bare_chrom(record.chrom), pos=record.pos,
                              vaf=vaf, vaf_source="INFO/AF" if vaf is not None else None,
                              input=origin)

    def breakend_fusions(self, breakends: list[Record],
                         result: ReadResult) -> Iterator[Alteration | None]:
        """One fusion (None when it joins no fusion kinase) per mate pair or unpaired breakend
        whose mate position its ALT names; a pair failing FILTER is counted in result.skipped."""
        by_id = {r.id: r for r in breakends if r.id not in (".", "")}
        done: set[int] = set()
        for record in breakends:
            if id(record) in done:
                continue
            done.add(id(record))
            mate_id = record.info.get("MATEID", "").split(",")[0]
            mate = by_id.get(mate_id)
            m = MATE.search(record.fields[4])
            if mate is None and m:
                mate = next((r for r in breakends if id(r) not in done and
                             r.chrom == m.group(1) and r.fields[1] == m.group(2)), None)
            if mate is not None:
                done.add(id(mate))
            pair = [record] + ([mate] if mate is not None else [])
            if not all(r.passed for r in pair):
                result.skipped["FILTER not PASS"] += 1
                continue
            try:
                fusion = self._pair_fusion(record, mate, m, pair)
            except SkipRecord as skip:
                if not self.options.lenient:
                    raise InputError(self.path, skip.detail, line=record.line,
                                     record=None if record.line else record.where) from None
                result.skipped[skip.reason] += 1
                continue
            yield fusion

    def _pair_fusion(self, record: Record, mate: Record | None, m, pair: list[Record]
                     ) -> Alteration | None:
        """The fusion a breakend and its mate (or the mate position its ALT names) make;
        SkipRecord when either record is invalid."""
        first = self.genes_of(record, record.pos)
        if mate is not None:
            second = self.genes_of(mate, mate.pos)
        elif m and self.regions is not None:
            second = self.regions.genes_overlapping(m.group(1), int(m.group(2)), int(m.group(2)))
        else:
            second = []
        return self._fusion(first, second, record, pair)
