"""The tables of the knowledge base, each declared once: its columns in order, the columns that
may never be empty, and what a row becomes. The reader checks headers and empty cells against
these declarations, and the data-dictionary test checks annotations/README.md against them."""

from __future__ import annotations

from dataclasses import dataclass

from ..normalize.drugs import Drug
from .entities import (
    AmpLevel,
    Codon,
    ConflictEntry,
    DriverEntry,
    GermlinePolymorphism,
    Hotspot,
    NotAssessableEntry,
    RescueEntry,
    ResistanceEntry,
    Source,
    Transcript,
)


@dataclass(frozen=True, kw_only=True)
class Table:
    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]  # never empty
    #: the entity type a row becomes; None when rows only fill a lookup of the KnowledgeBase
    #: (gene index and rows, exon codon ranges, CHIP fractions, thresholds, flags)
    entity: type | None


_RESISTANCE = ("id", "gene", "alteration", "partner", "category", "driver_context", "resists",
               "requires", "evidence_level", "evidence", "frequency", "sources", "studies",
               "notes")
_RESISTANCE_REQUIRED = ("id", "gene", "alteration", "category", "resists", "evidence_level",
                        "evidence", "sources")
_RESCUE = ("id", "resistance_ids", "regimen", "drugs", "condition", "condition_text",
           "continues", "evidence_level", "evidence", "response", "trials", "trial_names",
           "trial_status", "sources", "notes")
#: rescue.tsv only: whether an ongoing trial enrols patients by the alteration (its AMP/ASCO/CAP
#: level depends on it); CIViC items are never ongoing trials
_RESCUE_REVIEWS = _RESCUE[:_RESCUE.index("trial_status") + 1] + ("trial_enrols",) + \
    _RESCUE[_RESCUE.index("trial_status") + 1:]
_RESCUE_REQUIRED = ("id", "resistance_ids", "regimen", "drugs", "evidence_level", "evidence",
                    "sources")
#: what the rows scripts/import_civic.py derives keep of their CIViC evidence item
_CIVIC = ("civic_level", "civic_rating", "civic_disease", "civic_lung", "civic_profile",
          "civic_therapies")
_CIVIC_REQUIRED = ("civic_level", "civic_disease", "civic_lung", "civic_profile",
                   "civic_therapies")

TABLES: dict[str, Table] = {table.name: table for table in (
    Table(name="resistance.tsv", columns=_RESISTANCE, required=_RESISTANCE_REQUIRED,
          entity=ResistanceEntry),
    Table(name="rescue.tsv", columns=_RESCUE_REVIEWS, required=_RESCUE_REQUIRED,
          entity=RescueEntry),
    Table(name="civic_resistance.tsv", columns=_RESISTANCE + _CIVIC,
          required=_RESISTANCE_REQUIRED + _CIVIC_REQUIRED, entity=ResistanceEntry),
    Table(name="civic_rescue.tsv", columns=_RESCUE + ("linked_by",) + _CIVIC,
          required=_RESCUE_REQUIRED + ("linked_by",) + _CIVIC_REQUIRED, entity=RescueEntry),
    Table(name="civic_conflicts.tsv",
          columns=("gene", "alteration", "partner", "requires", "drugs", "kind", "side",
                   "source", "kb_entries", "sources", "evidence_level", "civic_lung", "context",
                   "handling"),
          required=("gene", "alteration", "drugs", "kind", "side", "source", "sources",
                    "evidence_level", "context"),
          entity=ConflictEntry),
    Table(name="not_assessable.tsv",
          columns=("id", "mechanism", "gene", "kind", "driver_context", "resists", "evidence",
                   "frequency", "sources", "studies", "notes"),
          required=("id", "mechanism", "kind", "evidence", "sources"),
          entity=NotAssessableEntry),
    Table(name="drivers.tsv",
          columns=("id", "gene", "alteration", "partner", "targeted_by", "tier", "sources",
                   "notes"),
          required=("id", "gene", "alteration", "targeted_by", "tier", "sources"),
          entity=DriverEntry),
    Table(name="drugs.tsv",
          columns=("drug", "classes", "targets", "kind", "brand_names", "codes",
                   "spellings_seen", "reference", "sources", "notes"),
          required=("drug", "classes", "kind", "reference"),
          entity=Drug),
    Table(name="genes.tsv",
          columns=("symbol", "hgnc_id", "name", "aliases", "previous_symbols", "chrom",
                   "grch37_start", "grch37_end", "grch38_start", "grch38_end", "strand",
                   "mane_refseq", "mane_ensembl", "reference"),
          required=("symbol", "hgnc_id", "reference"),
          entity=None),
    Table(name="gene_aliases.tsv",
          columns=("alias", "symbol", "alteration", "reference"),
          required=("alias", "symbol", "reference"),
          entity=None),
    Table(name="hotspots.tsv",
          columns=("gene", "protein_change", "hgvs_c", "transcript", "build", "chrom", "pos",
                   "ref", "alt", "verified", "reference"),
          required=("gene", "protein_change", "build", "chrom", "pos", "ref", "alt", "verified",
                    "reference"),
          entity=Hotspot),
    Table(name="exons.tsv",
          columns=("gene", "exon", "first_codon", "last_codon", "transcript", "reference"),
          required=("gene", "exon", "first_codon", "last_codon", "reference"),
          entity=None),
    Table(name="chip_genes.tsv",
          columns=("gene", "role", "ch_fraction", "evidence_checked", "reference"),
          required=("gene", "role", "evidence_checked", "reference"),
          entity=None),
    Table(name="thresholds.tsv",
          columns=("name", "default", "unit", "meaning", "reference"),
          required=("name", "default", "meaning", "reference"),
          entity=None),
    Table(name="flags.tsv",
          columns=("flag", "meaning", "threshold"),
          required=("flag", "meaning"),
          entity=None),
    Table(name="sources.tsv",
          columns=("id", "kind", "citation", "authors", "title", "journal", "year", "doi",
                   "pmid", "published", "description"),
          required=("id", "kind", "citation"),
          entity=Source),
    Table(name="drug_classes.tsv",
          columns=("class", "targets", "reference", "sources", "notes"),
          required=("class", "reference", "sources"),
          entity=None),
    Table(name="germline_polymorphisms.tsv",
          columns=("gene", "protein_change", "hgvs_c", "rsid", "population_frequency",
                   "verified", "reference", "notes"),
          required=("gene", "verified", "reference"),
          entity=GermlinePolymorphism),
    Table(name="amp_levels.tsv",
          columns=("scheme", "level", "amp_level", "relation", "legend", "reference", "notes"),
          required=("scheme", "level", "relation", "legend", "reference"),
          entity=AmpLevel),
    Table(name="transcripts.tsv",
          columns=("gene", "build", "chrom", "strand", "transcript", "cds_start", "cds_end",
                   "exon_starts", "exon_ends", "reference"),
          required=("gene", "build", "chrom", "strand", "transcript", "cds_start", "cds_end",
                    "exon_starts", "exon_ends", "reference"),
          entity=Transcript),
    Table(name="codons.tsv",
          columns=("gene", "transcript", "codon", "ref_aa", "ref_codon", "chrom", "strand",
                   "grch37_positions", "grch38_positions", "reference"),
          required=("gene", "transcript", "codon", "ref_aa", "ref_codon", "chrom", "strand",
                    "grch37_positions", "grch38_positions", "reference"),
          entity=Codon),
)}

# vocabularies of the columns that are not enums of model.py
NOT_ASSESSABLE_KINDS = ("expression", "histology", "epigenetic", "other")
DRUG_KINDS = ("small_molecule", "antibody", "adc", "chemotherapy", "immunotherapy", "other")
SOURCE_KINDS = ("review", "explainer", "database")
AMP_SCHEMES = ("amp", "civic", "civic_other_disease", "kb")
CIVIC_LEVELS = ("A", "B", "C", "D", "E")
CONFLICT_KINDS = ("same_alteration", "option_not_linked")
CONFLICT_SIDES = ("resistance", "sensitivity")
AMP_RELATIONS = ("equals", "at_most", "if_inclusion_criterion")
DRIVER_TIERS = ("1", "2")
BUILDS = ("GRCh37", "GRCh38")
STRANDS = ("+", "-")
