"""Small variants from their consequence annotations (VEP CSQ, SnpEff ANN, bcftools csq BCSQ).

Among an allele's consequences in knowledge-base genes, `consequences.choose` picks the transcript
(MANE Select first); its protein change becomes the alteration. A splice-site change is read as
the exon skipping the knowledge base speaks of, when the coding model says which exon it is.
An allele whose consequences all leave the protein unchanged (synonymous, intronic, UTR) is
counted, not listed; the raw annotation text is looked at first, so most such records are
counted without building their consequences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ...kb.load import KnowledgeBase
from ...model import Alteration, Kind, ReadResult
from ...normalize.alterations import AlterationBuilder, AlterationError
from ..common import SkipRecord
from . import translate
from .alleles import NO_PROTEIN_CHANGE, NoProteinChange, full
from .consequences import Consequence, Layout, choose
from .coordinates import LazyTables
from .records import Header, Record

#: consequence terms (VEP/SnpEff/bcftools) known to leave the protein unchanged; an allele whose
#: every term is one of these is counted, not listed (an unknown term is listed)
_UNCHANGED_TERMS = frozenset((
    "synonymous_variant", "synonymous", "stop_retained_variant", "start_retained_variant",
    "intron_variant", "intron", "intragenic_variant", "5_prime_utr_variant", "5_prime_utr",
    "3_prime_utr_variant", "3_prime_utr", "upstream_gene_variant", "upstream",
    "downstream_gene_variant", "downstream", "intergenic_variant", "intergenic_region",
    "intergenic", "non_coding_transcript_exon_variant", "non_coding_transcript_variant",
    "non_coding", "nmd_transcript_variant", "mature_mirna_variant", "regulatory_region_variant",
    "tf_binding_site_variant", "5_prime_utr_premature_start_codon_gain_variant",
    "coding_transcript_intron_variant", "sequence_feature", "non_coding_exon_variant",
    "conserved_intron_variant", "conserved_intergenic_variant"))
_TERMS = re.compile(r"[&,+]")
_SPLICE_C = re.compile(r"^c\.-?\d+[+-]\d+")


def _same_protein(hgvs_p: str) -> bool:
    """An HGVS protein field that states no change: empty, `p.?` or ending in `=`."""
    change = hgvs_p.strip().rpartition(":")[2]
    return not change or change == "p.?" or change.endswith(("=", "%3D"))


@cache
def unchanged_protein(effect: str) -> bool:
    terms = [t for t in _TERMS.split(effect.lower()) if t]
    return bool(terms) and all(t in _UNCHANGED_TERMS for t in terms)


def layouts_of(header: Header) -> list[Layout]:
    """The consequence annotation tags the header describes, each with its field layout."""
    return [layout for tag, description in header.info.items()
            if (layout := Layout.from_description(tag, description))]


def mane_transcripts(kb: KnowledgeBase) -> set[str]:
    """Unversioned RefSeq and Ensembl accessions of the MANE transcripts of genes.tsv."""
    return {acc.split(".")[0] for row in kb.gene_rows.values()
            for acc in (row.get("mane_refseq"), row.get("mane_ensembl")) if acc}


def vep_allele(ref: str, alts: list[str], alt: str) -> str:
    """The allele as VEP writes it in CSQ: shared first base removed, '-' when empty."""
    alleles = [ref, *alts]
    if len(alleles) > 1 and all(a and a[0] == ref[0] for a in alleles) and \
            any(len(a) > 1 for a in alleles) and not alt.startswith("<"):
        return alt[1:] or "-"
    return alt


def entries_of_allele(entries: list[Consequence], ref: str, alts: list[str],
                      alt: str) -> list[Consequence]:
    """The consequences written for this ALT allele (all of them for a single-ALT record whose
    annotation names the allele otherwise); none when the record is unannotated."""
    if not entries:
        return []
    allele = vep_allele(ref, alts, alt)
    mine = [e for e in entries if e.allele in (allele, alt) or
            (e.dna_change and e.dna_change.endswith(f">{alt}"))]
    if not mine and len(alts) == 1:
        mine = entries
    return mine


@dataclass
class Annotations:
    """The consequence annotations of one file, and what reading an allele from them needs."""

    layouts: list[Layout]
    kb: KnowledgeBase
    builder: AlterationBuilder
    mane: set[str]  # see mane_transcripts
    skipping: set[str]  # the knowledge base's `exon N skipping` events
    tables: LazyTables
    _in_kb_cache: dict[str, bool] = field(default_factory=dict, init=False, repr=False)

    def entries(self, record: Record) -> list[Consequence]:
        out = []
        for layout in self.layouts:
            value = record.info.get(layout.tag)
            if value:
                out.extend(layout.entries(value))
        return out

    def unchanged_protein(self, record: Record, result: ReadResult) -> bool:
        """A cheap look at the raw annotation first: when no consequence of the record can
        change a protein (intronic, synonymous, UTR, intergenic: most of a genome), count it
        without building its consequences. Any doubt (a term not known to leave the protein
        unchanged, a protein change that is not `=`) leaves it to the full reading."""
        values = [(layout, value) for layout in self.layouts
                  if (value := record.info.get(layout.tag))]
        if not values:
            return False
        in_kb, named = False, None
        for layout, value in values:
            g, e = layout.index.get("gene"), layout.index.get("effect")
            if e is None:
                return False
            p = layout.index.get("hgvs_p")
            fields = max(g, e) + 1
            split = max(fields, p + 1 if p is not None else 0)
            for raw in value.split(","):
                if raw and raw[0] != "@":
                    layout.check(raw)
                parts = raw.split("|", split)
                if len(parts) < fields:
                    continue
                if not unchanged_protein(parts[e].strip()):
                    return False
                if not (_same_protein(parts[p]) if p is not None and len(parts) > p
                        else "p." not in raw):
                    return False
                gene = parts[g].strip().split("&")[0]
                named = named or gene or None
                if not in_kb and self._in_kb(gene):
                    in_kb = True
        if in_kb:
            result.skipped[NO_PROTEIN_CHANGE] += 1
        else:
            result.count_outside(named)
        return True

    def gene_of_line(self, line: bytes) -> str | None:
        """The gene the first consequence of a raw VCF line names (a line outside the
        knowledge-base regions, named for the report's examples); None when unannotated."""
        if not self.layouts:
            return None
        fields = line.decode("utf-8", "replace").split("\t", 8)
        if len(fields) < 8:
            return None
        items = dict(item.partition("=")[::2] for item in fields[7].split(";"))
        for layout in self.layouts:
            value = items.get(layout.tag)
            try:
                entries = layout.entries(value) if value else []
            except SkipRecord:  # an annotation that does not fit the header names nothing
                continue
            for entry in entries:
                if entry.gene:
                    return entry.gene.split("&")[0]
        return None

    def _in_kb(self, gene: str) -> bool:
        known = self._in_kb_cache.get(gene)
        if known is None:
            known = self._in_kb_cache[gene] = self.kb.genes.resolve(gene) is not None
        return known

    def alteration(self, entries: list[Consequence], record: Record,
                   fields: dict) -> Alteration | None:
        """The alteration the chosen consequence describes; None when no consequence is in a
        knowledge-base gene. NoProteinChange when the protein stays the same."""
        in_kb = [e for e in entries if self.kb.genes.resolve(e.gene.split("&")[0])]
        entry = choose(in_kb, self.mane)
        if entry is None:
            return None
        gene_text = entry.gene.split("&")[0]
        transcript, hgvs_c = entry.transcript or None, entry.hgvs_c or None
        if entry.hgvs_p.startswith("p.") and entry.hgvs_p not in ("p.?", "p.="):
            text, hint = entry.hgvs_p, ("splice" if entry.is_splice else None)
        elif entry.is_splice and _SPLICE_C.match(entry.hgvs_c):
            text, hint = self._splice_text(entry, gene_text, record, fields["alt"]), "splice"
        elif unchanged_protein(entry.effect):
            raise NoProteinChange
        else:
            return Alteration(gene=self.kb.genes.normalise(gene_text),
                              alteration=entry.hgvs_c or entry.effect or
                              f"{record.ref}>{fields['alt']}", kind=Kind.OTHER,
                              **dict(full(fields), transcript=transcript, hgvs_c=hgvs_c))
        if entry.hgvs_p.endswith("=") or entry.hgvs_p.endswith("%3D"):
            raise NoProteinChange
        fields = dict(full(fields), transcript=transcript, hgvs_c=hgvs_c)
        try:
            return self.builder.build(gene_text, text, kind_hint=hint, **fields)
        except AlterationError as exc:
            raise SkipRecord("unreadable consequence annotation", str(exc)) from None

    def _splice_text(self, entry: Consequence, gene_text: str, record: Record, alt: str) -> str:
        """A splice-site c. change, or the exon skipping it causes when the knowledge base
        speaks of that exon's skipping."""
        model = self.tables.models.get(self.kb.genes.normalise(gene_text))
        if model is not None:
            spliced = translate.splice_change(model, record.pos, record.ref, alt, self.skipping)
            if spliced is not None and spliced.text in self.skipping:
                return spliced.text
        return entry.hgvs_c
