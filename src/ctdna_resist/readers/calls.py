"""What liquid-biopsy callers add to a table of calls (MAF-like and panel exports), read the same
way by every tabular reader:

- a clonal-haematopoiesis column (`CH`, `CHIP`, `clonal_hematopoiesis`, ...) holding TRUE/FALSE
  (or yes/no, 1/0): TRUE adds the `possible_chip` flag to the call;
- splice-site rows, read as the exon skipping they cause where the coding model says
  (`Splicing`);
- rows genotyped and not found: a VAF of 0, or no alt read at a known depth. Such a row is the
  assay saying "tested, not detected" (the T790M a ctDNA caller genotypes at a known position):
  it is set aside (`ReadResult.set_aside`), listed in other_alterations as not detected and
  never matched, so it is never a finding, a driver or a condition's partner.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Alteration, Flag, ReadResult
from .common import ReadOptions, SkipRecord, fold
from .vcf.translate import splice_change

#: header spellings of a caller's clonal-haematopoiesis column (folded)
CHIP_COLUMNS = tuple(fold(c) for c in (
    "CH", "CHIP", "clonal_hematopoiesis", "clonal_haematopoiesis", "possible_chip", "is_chip",
    "ch_flag", "chip_flag"))
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", "", "na", "."}
NOT_DETECTED = "not detected: genotyped at VAF 0 (the input lists it as tested, not found)"


def chip_column(columns) -> str | None:
    """The folded name of the table's clonal-haematopoiesis column, if it has one."""
    return next((c for c in CHIP_COLUMNS if c in columns), None)


def is_chip(text: str, column: str) -> bool:
    """TRUE/FALSE (yes/no, 1/0) as written; anything else is an invalid record."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SkipRecord(f"{column} invalid", f"{column} '{text.strip()}' is not TRUE or FALSE")


def with_chip_flag(alteration: Alteration, chip: bool) -> Alteration:
    if not chip or Flag.POSSIBLE_CHIP in alteration.flags:
        return alteration
    return replace(alteration, flags=(*alteration.flags, str(Flag.POSSIBLE_CHIP)))


def not_detected(alteration: Alteration) -> bool:
    """A row genotyped at VAF 0: the VAF is 0, or no alt read at a depth stated."""
    if alteration.vaf is not None:
        return alteration.vaf == 0
    return alteration.alt_depth == 0 and bool(alteration.depth)


def add_call(result: ReadResult, alteration: Alteration) -> bool:
    """Set a not-detected row aside (True); otherwise leave it to the caller (False)."""
    if not_detected(alteration):
        result.set_aside.append((alteration, NOT_DETECTED))
        return True
    return False


class Splicing:
    """A splice-site row's exon skipping, from its position and the MANE coding model (MAF
    writes MET c.3028+1G>T as `p.X1010_splice`; TSO500 leaves its P-Dot empty): `exon 14
    skipping` where the knowledge base speaks of that exon's skipping."""

    def __init__(self, options: ReadOptions, genome: str | None):
        self.models = options.kb.transcripts.get(genome, {}) if genome else {}
        self.skipping = {word for _, word in options.builder.exon_events
                         if word.endswith("skipping")}

    def exon_skipping(self, gene: str, pos: int | None, ref: str | None,
                      alt: str | None) -> str | None:
        model = self.models.get(gene)
        if model is None or pos is None or not ref or not alt or ref == "-" or alt == "-":
            return None
        change = splice_change(model, pos, ref, alt, self.skipping)
        return change.text if change is not None and change.text in self.skipping else None
