"""Build canonical `Alteration`s from what readers found: the one place spellings are decided.

Every reader calls `AlterationBuilder.build(...)`, so the same alteration read from a panel
export, a VCF or a MAF is the same value (DESIGN.md, "Canonical spellings").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..model import Alteration, Kind
from .genes import GeneIndex
from .protein import ProteinChange, parse_class_word, parse_protein_change

_PAIR_SEPARATORS = ("--", "::", "/", "-", "_")
_CLASS_KIND = {
    "amplification": Kind.AMPLIFICATION,
    "deletion": Kind.DELETION,
    "fusion": Kind.FUSION,
    "kinase domain duplication": Kind.INDEL,
}
_SPLICE_C = re.compile(r"^c\.\d+[+-]\d+")
#: a gene symbol written apart: `ERBB-2`, `FGFR 1` (a number after), `c-KIT` (a letter before)
_SPELT_APART = re.compile(r"([A-Za-z][A-Za-z0-9]*)[- ](\d+)|([A-Za-z])[- ]([A-Za-z]\w*)")
_SYMBOL = re.compile(r"[A-Za-z][A-Za-z0-9.]*")
#: how a cell joins two changes (`T790M/C797S`, `T790M;C797S`, `T790M + C797S`)
_CHANGES_JOINED = re.compile(r"\s*(?:[/;,+&]|\band\b)\s*")


class AlterationError(ValueError):
    """The alteration text cannot be read; the reader adds file and line. `reason`, when set,
    is the short reason a skip is counted under (--lenient)."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason


class AlterationBuilder:
    """Built by `KnowledgeBase.alteration_builder()` with what the knowledge base says that
    decides spellings: its genes and their aliases, the codons each exon spans (gene ->
    (exon, first codon, last codon)), the genes it names as a fusion's kinase, and the exon
    events it speaks of ((gene, 'exon 19 deletion'))."""

    def __init__(self, *, genes: GeneIndex, exons: Mapping[str, Sequence[tuple[int, int, int]]],
                 fusion_genes: set[str], exon_events: set[tuple[str, str]]):
        self.genes = genes
        self.exons = exons
        self.fusion_genes = fusion_genes
        self.exon_events = exon_events

    def resolve(self, text: str) -> str | None:
        """The symbol `text` names as a whole, or None: an alias or symbol as written, else
        one written with a hyphen or space the symbol lacks (`ERBB-2` is ERBB2, `c-KIT` is
        KIT): a number after it, or a single letter before it. Tried before any reading of
        `text` as a gene pair (`ERBB` alone is an alias of EGFR)."""
        symbol = self.genes.resolve(text)
        if symbol is None:
            m = _SPELT_APART.fullmatch(text.strip())
            if m:
                symbol = self.genes.resolve("".join(g for g in m.groups() if g))
        return symbol

    def gene(self, text: str) -> str:
        return self.resolve(text) or self.genes.normalise(text)

    def split_pair(self, text: str) -> tuple[str, str] | None:
        """'EML4-ALK', 'EML4--ALK', 'EML4::ALK' -> ('EML4', 'ALK'), 5' gene first. A text that
        names one gene as a whole (`NKX2-1`, `ERBB-2`) is no pair; a piece that is no gene
        symbol (`2`, `C797S`) makes none either, and one of a pair must be a known gene."""
        s = text.strip()
        if self.resolve(s):
            return None
        for sep in _PAIR_SEPARATORS:
            if sep not in s:
                continue
            pieces = s.split(sep)
            # a symbol may itself hold the separator (NKX2-1): prefer a split into known genes
            for i in range(1, len(pieces)):
                left, right = sep.join(pieces[:i]), sep.join(pieces[i:])
                if self.resolve(left) and self.resolve(right):
                    return self.gene(left), self.gene(right)
            if len(pieces) == 2 and all(self._symbol_like(p) for p in pieces) and \
                    any(self.resolve(p) for p in pieces):
                return self.gene(pieces[0]), self.gene(pieces[1])
        return None

    @staticmethod
    def _symbol_like(text: str) -> bool:
        """Written like a gene symbol (`EML4`, `C10orf90`), not a number or a protein change."""
        return bool(_SYMBOL.fullmatch(text)) and parse_protein_change(text) is None

    @staticmethod
    def _one_change(text: str, gene_text: str) -> None:
        """An AlterationError when `text` joins two changes or more (`T790M/C797S`): one
        alteration per row, so that each has its own VAF, and never a 'fusion' of the two."""
        pieces = _CHANGES_JOINED.split(text.strip())
        if len(pieces) > 1 and all(parse_protein_change(p) or parse_class_word(p)
                                   for p in pieces):
            raise AlterationError(
                f"'{text.strip()}' for {gene_text or 'gene ?'} holds {len(pieces)} changes in "
                "one cell: write one alteration per row", reason="several changes in one cell")

    def fusion(self, gene: str, partner: str | None, **fields) -> Alteration:
        """Gene = the knowledge-base kinase, partner = the other gene (DESIGN.md); when neither
        is a kinase the KB names in a fusion, the gene is the one the knowledge base holds."""
        if gene not in self.fusion_genes and partner in self.fusion_genes or \
                gene not in self.genes and partner in self.genes:
            gene, partner = partner, gene
        partner = partner if partner and partner != gene else None
        return Alteration(gene=gene, alteration="fusion", kind=Kind.FUSION, partner=partner,
                          **fields)

    def classify(self, gene: str, change: ProteinChange) -> str:
        """The canonical alteration for a concrete protein change: a class event when the
        knowledge base speaks of one for this gene and the change lies in that exon."""
        for exon, first, last in self.exons.get(gene, ()):
            inside = first <= change.start and change.last <= last
            if not inside:
                continue
            if change.in_frame_loss and (gene, f"exon {exon} deletion") in self.exon_events:
                return f"exon {exon} deletion"
            if change.in_frame_gain and (gene, f"exon {exon} insertion") in self.exon_events:
                return f"exon {exon} insertion"
        return change.short()

    def build(self, gene_text: str, alteration_text: str, *, kind_hint: str | None = None,
              partner_text: str | None = None, **fields) -> Alteration:
        """One alteration from a gene and an alteration as an input wrote them.

        `kind_hint` is the input's own type word (`snv`, `amplification`, `fusion`, ...).
        `fields` are passed to `Alteration` (vaf, depth, input, ...).
        """
        gene_text = gene_text.strip()
        text = alteration_text.strip()
        hint = (kind_hint or "").strip().lower()
        alias = self.genes.alteration_aliases.get(gene_text.upper())
        if alias and not text:
            gene_text, text = alias
        alias = self.genes.alteration_aliases.get(text.upper())
        if alias:
            gene_text, text = alias

        pair = self.split_pair(gene_text) if not self.resolve(gene_text) else None
        if pair is None and text and not parse_protein_change(text):
            self._one_change(text, gene_text)
            pair = self.split_pair(re.sub(r"(?i)\s*(fusion|rearrangement)$", "", text))
        if pair is not None:
            five, three = pair
            return self.fusion(three, five, **fields)
        gene = self.gene(gene_text)
        partner = self.gene(partner_text) if partner_text and partner_text.strip() else None

        word = parse_class_word(text) if text else None
        if word is None and not text and hint:
            word = parse_class_word(hint)
        if word is None and partner and not text:
            word = "fusion"
        if word == "fusion" or (hint == "fusion" and word is None):
            return self.fusion(gene, partner, **fields)
        if word is not None:
            kind = _CLASS_KIND.get(word, Kind.SPLICE if word.endswith("skipping") else Kind.INDEL)
            return Alteration(gene=gene, alteration=word, kind=kind, **fields)

        change = parse_protein_change(text)
        if change is not None:
            alteration = self.classify(gene, change)
            kind = Kind.SNV if change.type in ("sub", "syn") else Kind.INDEL
            if hint == "splice":
                kind = Kind.SPLICE
            return Alteration(gene=gene, alteration=alteration, kind=kind, hgvs_p=change.hgvs(),
                              **fields)
        if _SPLICE_C.match(text):
            return Alteration(gene=gene, alteration=text, kind=Kind.SPLICE, **fields)
        raise AlterationError(
            f"cannot read alteration '{alteration_text}' for {gene_text or 'gene ?'} "
            "(expected a protein change such as T790M or p.Thr790Met, or a class such as "
            "amplification, exon 19 deletion, fusion)")
