"""Load and validate the knowledge base (annotations/*.tsv) into a `KnowledgeBase`.

Validation collects every problem as `file:line: column: what is wrong` before failing, so a
curator fixes a table in one pass. The loader needs no pandas: the tables are small.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KnowledgeBaseError
from ..model import Category, EvidenceLevel
from ..normalize.alterations import AlterationBuilder
from ..normalize.drugs import Drug, DrugIndex
from ..normalize.genes import GeneIndex
from .patterns import (
    AlterationPattern,
    Condition,
    GenePattern,
    TherapySpec,
    parse_conditions,
    parse_gene_pattern,
    parse_pattern,
    parse_therapy_specs,
)

TABLES: dict[str, tuple[str, ...]] = {
    "resistance.tsv": ("id", "gene", "alteration", "partner", "category", "driver_context",
                       "resists", "requires", "evidence_level", "evidence", "frequency",
                       "sources", "studies", "notes"),
    "rescue.tsv": ("id", "resistance_ids", "regimen", "drugs", "condition", "condition_text",
                   "evidence_level", "evidence", "response", "trials", "trial_names", "sources",
                   "notes"),
    "not_assessable.tsv": ("id", "mechanism", "gene", "kind", "driver_context", "resists",
                           "evidence", "frequency", "sources", "studies", "notes"),
    "drivers.tsv": ("id", "gene", "alteration", "partner", "targeted_by", "sources", "notes"),
    "drugs.tsv": ("drug", "classes", "targets", "kind", "brand_names", "codes", "spellings_seen",
                  "reference", "sources", "notes"),
    "genes.tsv": ("symbol", "hgnc_id", "name", "aliases", "previous_symbols", "chrom",
                  "grch37_start", "grch37_end", "grch38_start", "grch38_end", "strand",
                  "mane_refseq", "mane_ensembl", "reference"),
    "gene_aliases.tsv": ("alias", "symbol", "alteration", "reference"),
    "hotspots.tsv": ("gene", "protein_change", "hgvs_c", "transcript", "build", "chrom", "pos",
                     "ref", "alt", "verified", "reference"),
    "exons.tsv": ("gene", "exon", "first_codon", "last_codon", "transcript", "reference"),
    "chip_genes.tsv": ("gene", "role", "ch_fraction", "evidence_checked", "reference"),
    "thresholds.tsv": ("name", "default", "unit", "meaning", "reference"),
    "flags.tsv": ("flag", "meaning", "threshold"),
    "sources.tsv": ("id", "kind", "citation", "title", "journal", "year", "doi", "description"),
}
#: columns that may never be empty
REQUIRED: dict[str, tuple[str, ...]] = {
    "resistance.tsv": ("id", "gene", "alteration", "category", "resists", "evidence_level",
                       "evidence", "sources"),
    "rescue.tsv": ("id", "resistance_ids", "regimen", "drugs", "evidence_level", "evidence",
                   "sources"),
    "not_assessable.tsv": ("id", "mechanism", "kind", "evidence", "sources"),
    "drivers.tsv": ("id", "gene", "alteration", "targeted_by", "sources"),
    "drugs.tsv": ("drug", "classes", "kind", "reference"),
    "genes.tsv": ("symbol", "hgnc_id", "reference"),
    "gene_aliases.tsv": ("alias", "symbol", "reference"),
    "hotspots.tsv": ("gene", "protein_change", "build", "chrom", "pos", "ref", "alt", "verified",
                     "reference"),
    "exons.tsv": ("gene", "exon", "first_codon", "last_codon", "reference"),
    "chip_genes.tsv": ("gene", "role", "evidence_checked", "reference"),
    "thresholds.tsv": ("name", "default", "meaning", "reference"),
    "flags.tsv": ("flag", "meaning"),
    "sources.tsv": ("id", "kind", "citation"),
}
NOT_ASSESSABLE_KINDS = ("expression", "histology", "epigenetic", "other")
DRUG_KINDS = ("small_molecule", "antibody", "adc", "chemotherapy", "immunotherapy", "other")
SOURCE_KINDS = ("review", "explainer")
BUILDS = ("GRCh37", "GRCh38")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_NCT = re.compile(r"^NCT\d{8}$")
#: `FILE §3.1.2` (numbered heading), `FILE §B` (lettered) or `FILE §Heading text` (unnumbered)
_CITATION = re.compile(r"^(?P<file>\S+\.txt) §(?P<section>\S.*)$")
_HGNC = re.compile(r"^HGNC:\d+$")
_EXON_EVENT = re.compile(r"^exon (\d+) (deletion|insertion|skipping)$")


def split_list(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


@dataclass(frozen=True)
class Citation:
    file: str
    section: str

    def __str__(self) -> str:
        return f"{self.file} §{self.section}"


@dataclass(frozen=True)
class ResistanceEntry:
    id: str
    gene: str
    pattern: AlterationPattern
    partner: str | None
    category: Category
    driver_context: tuple[GenePattern, ...]
    resists: tuple[TherapySpec, ...]
    requires: tuple[Condition, ...]
    evidence_level: EvidenceLevel
    evidence: str
    frequency: str
    sources: tuple[Citation, ...]
    studies: tuple[str, ...]


@dataclass(frozen=True)
class RescueEntry:
    id: str
    resistance_ids: tuple[str, ...]
    regimen: str
    drugs: tuple[str, ...]
    condition: tuple[Condition, ...]
    condition_text: str
    evidence_level: EvidenceLevel
    evidence: str
    response: str
    trials: tuple[str, ...]
    trial_names: tuple[str, ...]
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class NotAssessableEntry:
    id: str
    mechanism: str
    gene: str | None
    kind: str
    driver_context: tuple[GenePattern, ...]
    resists: tuple[TherapySpec, ...]
    evidence: str
    frequency: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class DriverEntry:
    id: str
    target: GenePattern
    targeted_by: tuple[TherapySpec, ...]


@dataclass(frozen=True)
class Hotspot:
    gene: str
    protein_change: str
    build: str
    chrom: str
    pos: int
    ref: str
    alt: str
    verified: bool


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    doi: str


@dataclass
class KnowledgeBase:
    version: str
    resistance: list[ResistanceEntry] = field(default_factory=list)
    rescue: list[RescueEntry] = field(default_factory=list)
    not_assessable: list[NotAssessableEntry] = field(default_factory=list)
    drivers: list[DriverEntry] = field(default_factory=list)
    genes: GeneIndex = field(default_factory=GeneIndex)
    drugs: DrugIndex = field(default_factory=DrugIndex)
    hotspots: list[Hotspot] = field(default_factory=list)
    exons: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)
    chip_genes: dict[str, float | None] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    threshold_units: dict[str, str] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    gene_rows: dict[str, dict[str, str]] = field(default_factory=dict)
    drug_citations: set[Citation] = field(default_factory=set)
    _by_gene: dict[str, list[ResistanceEntry]] | None = field(default=None, repr=False)
    _expanded: dict[tuple, list[str]] = field(default_factory=dict, repr=False)

    @property
    def entry_count(self) -> int:
        return len(self.resistance)

    def resistance_for(self, gene: str) -> list[ResistanceEntry]:
        if self._by_gene is None:
            self._by_gene = {}
            for entry in self.resistance:
                self._by_gene.setdefault(entry.gene, []).append(entry)
        return self._by_gene.get(gene, [])

    def rescue_for(self, entry_id: str) -> list[RescueEntry]:
        return [r for r in self.rescue if entry_id in r.resistance_ids]

    def expand(self, specs: tuple[TherapySpec, ...]) -> list[str]:
        """Therapy specifications -> the generic drug names they cover, sorted (memoised: the
        tables do not change once loaded)."""
        known = self._expanded.get(specs)
        if known is None:
            known = self._expanded[specs] = self._expand(specs)
        return list(known)

    def _expand(self, specs: tuple[TherapySpec, ...]) -> list[str]:
        drugs: set[str] = set()
        for spec in specs:
            if spec.drug and spec.drug in self.drugs.drugs:
                drugs.add(spec.drug)
            else:
                drugs.update(self.drugs.in_class(spec.drug_class or spec.drug or "",
                                                 spec.generations))
        return sorted(drugs)

    def alteration_builder(self) -> AlterationBuilder:
        """The builder of canonical alterations, with what it needs to know of these tables."""
        targets = [(e.gene, e.pattern) for e in self.resistance] + [
            (d.target.gene, d.target.pattern) for d in self.drivers]
        return AlterationBuilder(
            genes=self.genes, exons=self.exons,
            fusion_genes={gene for gene, pattern in targets if pattern and pattern.is_fusion},
            exon_events={(gene, word) for gene, pattern in targets
                         for word in _exon_events(pattern)})


def _exon_events(pattern: AlterationPattern | None) -> list[str]:
    """`exon 19 deletion` and the like named by a pattern."""
    return [a.value for a in (pattern.alternatives if pattern else ())
            if a.kind == "class" and _EXON_EVENT.match(a.value)]


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, file: str, line: int, column: str, message: str) -> None:
        self.items.append(f"{file}:{line}: {column}: {message}")


def _read_table(directory: Path, name: str, problems: _Problems) -> list[tuple[int, dict]]:
    path = directory / name
    if not path.is_file():
        problems.add(name, 0, "-", "table missing")
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.add(name, 0, "-", f"not UTF-8 text ({exc.reason})")
        return []
    reader = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        header = next(reader)
    except StopIteration:
        problems.add(name, 1, "-", "empty table (no header)")
        return []
    expected = TABLES[name]
    for col in header:
        if col not in expected:
            problems.add(name, 1, col, f"unknown column (expected: {', '.join(expected)})")
    for col in expected:
        if col not in header:
            problems.add(name, 1, col, "column missing")
    if len(set(header)) != len(header):
        problems.add(name, 1, "-", "duplicate column names")
    rows = []
    for line_no, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.add(name, line_no, "-",
                         f"{len(cells)} cells for {len(header)} columns (a tab too many or few?)")
            continue
        row = {col: cell for col, cell in zip(header, cells, strict=True)}
        for col in REQUIRED[name]:
            if col in row and not row[col].strip():
                problems.add(name, line_no, col, "empty (required)")
        for col, cell in row.items():
            if cell != cell.strip():
                problems.add(name, line_no, col, "leading or trailing white space")
        rows.append((line_no, {c: row.get(c, "") for c in expected}))
    return rows


def _check_ids(name: str, rows: list[tuple[int, dict]], column: str, problems: _Problems) -> None:
    seen: dict[str, int] = {}
    for line, row in rows:
        value = row[column]
        if column == "id" and value and not _ID.match(value):
            problems.add(name, line, column, f"'{value}' is not a valid ID (letters, digits, -_.)")
        if value in seen:
            problems.add(name, line, column, f"duplicate '{value}' (first on line {seen[value]})")
        seen.setdefault(value, line)


def _citations(name: str, line: int, column: str, cell: str, sources: set[str],
               problems: _Problems) -> tuple[Citation, ...]:
    out = []
    for item in split_list(cell):
        m = _CITATION.match(item)
        if not m:
            problems.add(name, line, column,
                         f"'{item}' is not a seed citation like '001_0266a875e78a1158.txt §3.1.2'")
            continue
        if sources and m.group("file") not in sources:
            problems.add(name, line, column, f"'{m.group('file')}' is not in sources.tsv")
        out.append(Citation(m.group("file"), m.group("section")))
    return tuple(out)


def _enum(name: str, line: int, column: str, value: str, enum, problems: _Problems):
    try:
        return enum(value)
    except ValueError:
        problems.add(name, line, column,
                     f"'{value}' is not one of {', '.join(e.value for e in enum)}")
        return None


def _names_class(kb: KnowledgeBase, item: str) -> bool:
    """`MET TKI` or `EGFR TKI:1,2`: a class that covers at least one drug. The sources often
    name a class where no drug is named (`combination of MET inhibitors and ALK TKIs`)."""
    name, _, gens = item.partition(":")
    generations = tuple(g.strip() for g in gens.split(",") if g.strip())
    return name in kb.drugs.classes and bool(kb.drugs.in_class(name, generations))


def load_knowledge_base(directory: Path) -> tuple[KnowledgeBase | None, list[str]]:
    """Load and validate; returns (kb, problems). kb is None when any problem was found."""
    directory = Path(directory)
    problems = _Problems()
    if not directory.is_dir():
        return None, [f"{directory}: not a directory"]
    version_file = directory / "VERSION"
    version = version_file.read_text().strip() if version_file.is_file() else ""
    if not version:
        problems.add("VERSION", 1, "-", "missing knowledge-base version")
    tables = {name: _read_table(directory, name, problems) for name in TABLES}
    kb = KnowledgeBase(version=version)

    # sources first: citations are checked against them
    _check_ids("sources.tsv", tables["sources.tsv"], "id", problems)
    for line, row in tables["sources.tsv"]:
        if row["kind"] not in SOURCE_KINDS:
            problems.add("sources.tsv", line, "kind", f"'{row['kind']}' is not one of "
                         f"{', '.join(SOURCE_KINDS)}")
        if row["doi"] and not row["doi"].startswith("10."):
            problems.add("sources.tsv", line, "doi", f"'{row['doi']}' is not a DOI (10.xxxx/...)")
        kb.sources[row["id"]] = Source(row["id"], row["citation"], row["doi"])
    source_ids = set(kb.sources)

    # genes and aliases
    _check_ids("genes.tsv", tables["genes.tsv"], "symbol", problems)
    for line, row in tables["genes.tsv"]:
        if row["hgnc_id"] and not _HGNC.match(row["hgnc_id"]):
            problems.add("genes.tsv", line, "hgnc_id", f"'{row['hgnc_id']}' is not HGNC:<number>")
        kb.genes.add_symbol(row["symbol"])
        kb.gene_rows[row["symbol"]] = row
    for _, row in tables["genes.tsv"]:
        for alias in split_list(row["aliases"]) + split_list(row["previous_symbols"]):
            kb.genes.add_alias(alias, row["symbol"])
    for line, row in tables["gene_aliases.tsv"]:
        if row["symbol"] not in kb.genes:
            problems.add("gene_aliases.tsv", line, "symbol", f"'{row['symbol']}' not in genes.tsv")
            continue
        kb.genes.add_alias(row["alias"], row["symbol"])
        if row["alteration"]:
            kb.genes.alteration_aliases[row["alias"].upper()] = (row["symbol"], row["alteration"])

    def gene_known(table: str, line: int, column: str, symbol: str) -> None:
        if symbol and symbol not in kb.genes:
            problems.add(table, line, column, f"gene '{symbol}' is not in genes.tsv")

    # drugs
    _check_ids("drugs.tsv", tables["drugs.tsv"], "drug", problems)
    for line, row in tables["drugs.tsv"]:
        if row["drug"] != row["drug"].lower():
            problems.add("drugs.tsv", line, "drug", "generic names are lower case")
        if row["kind"] not in DRUG_KINDS:
            problems.add("drugs.tsv", line, "kind", f"'{row['kind']}' is not one of "
                         f"{', '.join(DRUG_KINDS)}")
        classes = []
        for item in split_list(row["classes"]):
            cls, _, gen = item.partition(":")
            classes.append((cls.strip(), gen.strip() or None))
        for target in split_list(row["targets"]):
            gene_known("drugs.tsv", line, "targets", target)
        drug = Drug(name=row["drug"], classes=tuple(classes),
                    brand_names=split_list(row["brand_names"]), codes=split_list(row["codes"]),
                    spellings_seen=split_list(row["spellings_seen"]))
        for clash in kb.drugs.add(drug):
            problems.add("drugs.tsv", line, "-", f"name '{clash}' already names another drug")
        if row["sources"]:
            kb.drug_citations.update(
                _citations("drugs.tsv", line, "sources", row["sources"], source_ids, problems))

    def therapy_specs(table: str, line: int, column: str, cell: str) -> tuple[TherapySpec, ...]:
        try:
            specs = parse_therapy_specs(cell)
        except ValueError as exc:
            problems.add(table, line, column, str(exc))
            return ()
        for spec in specs:
            if spec.drug and spec.drug not in kb.drugs.drugs and spec.drug not in kb.drugs.classes:
                problems.add(table, line, column,
                             f"'{spec.drug}' is neither a drug nor a class in drugs.tsv")
            if spec.drug_class is not None:
                if spec.drug_class not in kb.drugs.classes:
                    problems.add(table, line, column, f"class '{spec.drug_class}' is not used "
                                 "by any drug in drugs.tsv")
                elif not kb.drugs.in_class(spec.drug_class, spec.generations):
                    problems.add(table, line, column, f"'{spec}' covers no drug in drugs.tsv")
        return specs

    def gene_patterns(table: str, line: int, column: str, cell: str) -> tuple[GenePattern, ...]:
        out = []
        for item in split_list(cell):
            try:
                gp = parse_gene_pattern(item)
            except ValueError as exc:
                problems.add(table, line, column, f"'{item}': {exc}")
                continue
            gene_known(table, line, column, gp.gene)
            out.append(gp)
        return tuple(out)

    def conditions(table: str, line: int, column: str, cell: str) -> tuple[Condition, ...]:
        try:
            conds = parse_conditions(cell)
        except ValueError as exc:
            problems.add(table, line, column, str(exc))
            return ()
        for cond in conds:
            gene_known(table, line, column, cond.target.gene)
        return conds

    def pattern(table: str, line: int, cell: str) -> AlterationPattern | None:
        try:
            return parse_pattern(cell)
        except ValueError as exc:
            problems.add(table, line, "alteration", str(exc))
            return None

    # resistance entries
    _check_ids("resistance.tsv", tables["resistance.tsv"], "id", problems)
    for line, row in tables["resistance.tsv"]:
        t = "resistance.tsv"
        gene_known(t, line, "gene", row["gene"])
        gene_known(t, line, "partner", row["partner"])
        pat = pattern(t, line, row["alteration"])
        category = _enum(t, line, "category", row["category"], Category, problems)
        level = _enum(t, line, "evidence_level", row["evidence_level"], EvidenceLevel, problems)
        entry_sources = _citations(t, line, "sources", row["sources"], source_ids, problems)
        if row["partner"] and pat is not None and not pat.is_fusion:
            problems.add(t, line, "partner", "a partner is only meaningful for a fusion")
        specs = therapy_specs(t, line, "resists", row["resists"])
        context = gene_patterns(t, line, "driver_context", row["driver_context"])
        requires = conditions(t, line, "requires", row["requires"])
        if pat is None or category is None or level is None:
            continue
        kb.resistance.append(ResistanceEntry(
            row["id"], row["gene"], pat, row["partner"] or None, category, context, specs,
            requires, level, row["evidence"], row["frequency"], entry_sources,
            split_list(row["studies"])))
    resistance_ids = {e.id for e in kb.resistance} | {
        row["id"] for _, row in tables["resistance.tsv"]}

    # rescue options
    _check_ids("rescue.tsv", tables["rescue.tsv"], "id", problems)
    for line, row in tables["rescue.tsv"]:
        t = "rescue.tsv"
        ids = split_list(row["resistance_ids"])
        for rid in ids:
            if rid not in resistance_ids:
                problems.add(t, line, "resistance_ids", f"'{rid}' is not an id in resistance.tsv")
        drugs = split_list(row["drugs"])
        for drug in drugs:
            if drug not in kb.drugs.drugs and not _names_class(kb, drug):
                problems.add(t, line, "drugs", f"drug '{drug}' is not in drugs.tsv "
                             "(nor a class such as 'MET TKI' or 'EGFR TKI:1,2')")
        trials = split_list(row["trials"])
        for trial in trials:
            if not _NCT.match(trial):
                problems.add(t, line, "trials", f"'{trial}' is not an NCT ID (NCT + 8 digits)")
        conds = conditions(t, line, "condition", row["condition"])
        if conds and not row["condition_text"]:
            problems.add(t, line, "condition_text", "a condition needs its text for readers")
        level = _enum(t, line, "evidence_level", row["evidence_level"], EvidenceLevel, problems)
        entry_sources = _citations(t, line, "sources", row["sources"], source_ids, problems)
        if level is None:
            continue
        kb.rescue.append(RescueEntry(
            row["id"], ids, row["regimen"], drugs, conds, row["condition_text"], level,
            row["evidence"], row["response"], trials, split_list(row["trial_names"]),
            entry_sources))

    # not assessable
    _check_ids("not_assessable.tsv", tables["not_assessable.tsv"], "id", problems)
    for line, row in tables["not_assessable.tsv"]:
        t = "not_assessable.tsv"
        gene_known(t, line, "gene", row["gene"])
        if row["kind"] not in NOT_ASSESSABLE_KINDS:
            problems.add(t, line, "kind", f"'{row['kind']}' is not one of "
                         f"{', '.join(NOT_ASSESSABLE_KINDS)}")
        kb.not_assessable.append(NotAssessableEntry(
            row["id"], row["mechanism"], row["gene"] or None, row["kind"],
            gene_patterns(t, line, "driver_context", row["driver_context"]),
            therapy_specs(t, line, "resists", row["resists"]) if row["resists"] else (),
            row["evidence"], row["frequency"],
            _citations(t, line, "sources", row["sources"], source_ids, problems)))

    # drivers
    _check_ids("drivers.tsv", tables["drivers.tsv"], "id", problems)
    for line, row in tables["drivers.tsv"]:
        t = "drivers.tsv"
        gene_known(t, line, "gene", row["gene"])
        gene_known(t, line, "partner", row["partner"])
        pat = pattern(t, line, row["alteration"])
        specs = therapy_specs(t, line, "targeted_by", row["targeted_by"])
        _citations(t, line, "sources", row["sources"], source_ids, problems)
        if pat is not None:
            kb.drivers.append(DriverEntry(row["id"], GenePattern(row["gene"], pat), specs))

    # reference tables
    for line, row in tables["hotspots.tsv"]:
        t = "hotspots.tsv"
        gene_known(t, line, "gene", row["gene"])
        if row["build"] not in BUILDS:
            problems.add(t, line, "build", f"'{row['build']}' is not one of {', '.join(BUILDS)}")
        if not row["pos"].isdigit():
            problems.add(t, line, "pos", f"'{row['pos']}' is not a position")
            continue
        if row["verified"] not in ("yes", "no"):
            problems.add(t, line, "verified", "must be yes or no")
        kb.hotspots.append(Hotspot(row["gene"], row["protein_change"], row["build"],
                                   row["chrom"], int(row["pos"]), row["ref"], row["alt"],
                                   row["verified"] == "yes"))
    for line, row in tables["exons.tsv"]:
        try:
            kb.exons.setdefault(row["gene"], []).append(
                (int(row["exon"]), int(row["first_codon"]), int(row["last_codon"])))
        except ValueError:
            problems.add("exons.tsv", line, "-", "exon and codons must be whole numbers")
    for line, row in tables["chip_genes.tsv"]:
        gene_known("chip_genes.tsv", line, "gene", row["gene"])
        fraction = None
        if row["ch_fraction"]:
            try:
                fraction = float(row["ch_fraction"])
            except ValueError:
                problems.add("chip_genes.tsv", line, "ch_fraction", "not a number")
        kb.chip_genes[row["gene"]] = fraction
    for line, row in tables["thresholds.tsv"]:
        try:
            kb.thresholds[row["name"]] = float(row["default"])
        except ValueError:
            problems.add("thresholds.tsv", line, "default", f"'{row['default']}' is not a number")
        kb.threshold_units[row["name"]] = row.get("unit", "")
    for line, row in tables["flags.tsv"]:
        for name in split_list(row["threshold"]):
            if name not in kb.thresholds:
                problems.add("flags.tsv", line, "threshold", f"'{name}' is not in thresholds.tsv")
        kb.flags[row["flag"]] = row["meaning"]

    if problems.items:
        return None, problems.items
    return kb, []


def load_or_raise(directory: Path) -> KnowledgeBase:
    kb, problems = load_knowledge_base(directory)
    if kb is None:
        raise KnowledgeBaseError(problems)
    return kb
