"""Load and validate the knowledge base (annotations/*.tsv) into a `KnowledgeBase`.

Validation collects every problem as `file:line: column: what is wrong` before failing, so a
curator fixes a table in one pass. The tables are loaded in the order they refer to each other:
sources and genes first (citations and gene cells are checked against them), then drugs (therapy
cells), then the others; the coding models and codons come last, so the problems of the older
tables are listed in the order they always were.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import KnowledgeBaseError
from .checks import Checks
from .civic import load_conflicts
from .clinical import load_drivers, load_not_assessable, load_rescue, load_resistance
from .coordinates import load_codons, load_exons, load_hotspots, load_transcripts
from .entities import CivicCitation
from .knowledge_base import KnowledgeBase
from .reference import (
    load_amp_levels,
    load_chip_genes,
    load_drug_classes,
    load_drugs,
    load_flags,
    load_gene_aliases,
    load_genes,
    load_germline,
    load_sources,
    load_thresholds,
)
from .schema import TABLES
from .tables import Problems, Row, read_table


def load_knowledge_base(directory: Path) -> tuple[KnowledgeBase | None, list[str]]:
    """Load and validate; returns (kb, problems). kb is None when any problem was found."""
    directory = Path(directory)
    if not directory.is_dir():
        return None, [f"{directory}: not a directory"]
    problems = Problems()
    version_file = directory / "VERSION"
    version = version_file.read_text().strip() if version_file.is_file() else ""
    if not version:
        problems.add("VERSION", 1, "-", "missing knowledge-base version")
    rows = {name: read_table(directory, table, problems) for name, table in TABLES.items()}

    sources = load_sources(rows["sources.tsv"], problems)
    genes, gene_rows = load_genes(rows["genes.tsv"], problems)
    load_gene_aliases(rows["gene_aliases.tsv"], genes, problems)
    check = Checks(problems=problems, genes=genes, source_ids=set(sources))
    drugs, drug_citations = load_drugs(rows["drugs.tsv"], check)
    load_drug_classes(rows["drug_classes.tsv"], drugs, check)
    check = Checks(problems=problems, genes=genes, source_ids=set(sources), drugs=drugs)
    resistance, rescue, conflicts = _clinical(rows, check)
    _check_release(version, resistance + rescue, problems)
    not_assessable = load_not_assessable(rows["not_assessable.tsv"], check)
    drivers = load_drivers(rows["drivers.tsv"], check)
    hotspots = load_hotspots(rows["hotspots.tsv"], check)
    exons = load_exons(rows["exons.tsv"], problems)
    chip_genes = load_chip_genes(rows["chip_genes.tsv"], check)
    thresholds, threshold_units = load_thresholds(rows["thresholds.tsv"], problems)
    flags = load_flags(rows["flags.tsv"], thresholds, problems)
    transcripts = load_transcripts(rows["transcripts.tsv"], check)
    codons = load_codons(rows["codons.tsv"], check)
    germline = load_germline(rows["germline_polymorphisms.tsv"], check)
    amp_levels = load_amp_levels(rows["amp_levels.tsv"], problems)
    _check_amp_bases(resistance + rescue + [e for c in conflicts for e in c.resistance
                                            + c.sensitivity], amp_levels, problems)

    if problems.items:
        return None, problems.items
    return KnowledgeBase(
        version=version, sources=sources, genes=genes, gene_rows=gene_rows, drugs=drugs,
        drug_citations=drug_citations, resistance=resistance, rescue=rescue,
        conflicts=conflicts, not_assessable=not_assessable, drivers=drivers, hotspots=hotspots,
        exons=exons,
        chip_genes=chip_genes, thresholds=thresholds, threshold_units=threshold_units,
        flags=flags, transcripts=transcripts, codons=codons, germline=germline,
        amp_levels=amp_levels), []


def _clinical(rows: dict[str, list[Row]], check: Checks):
    """Resistance and rescue rows of both sources (reviews first), and the disagreements."""
    resistance_ids = {row["id"] for t in ("resistance.tsv", "civic_resistance.tsv")
                      for _, row in rows[t]}
    resistance = load_resistance(rows["resistance.tsv"], check) + load_resistance(
        rows["civic_resistance.tsv"], check, "civic_resistance.tsv")
    rescue = load_rescue(rows["rescue.tsv"], resistance_ids, check) + load_rescue(
        rows["civic_rescue.tsv"], resistance_ids, check, "civic_rescue.tsv")
    _check_unique_ids(rows, check.problems)
    entry_ids = resistance_ids | {row["id"] for t in ("rescue.tsv", "civic_rescue.tsv")
                                  for _, row in rows[t]}
    conflicts = load_conflicts(rows["civic_conflicts.tsv"], entry_ids, check)
    return resistance, rescue, conflicts


def _check_unique_ids(rows: dict[str, list[Row]], problems: Problems) -> None:
    """An id names one row of the resistance and rescue tables of both sources."""
    seen: dict[str, str] = {}
    for table in ("resistance.tsv", "rescue.tsv", "civic_resistance.tsv", "civic_rescue.tsv"):
        for line, row in rows[table]:
            if row["id"] in seen and seen[row["id"]] != table:
                problems.add(table, line, "id", f"'{row['id']}' is also an id in "
                             f"{seen[row['id']]}")
            seen.setdefault(row["id"], table)


def _check_release(version: str, entries, problems: Problems) -> None:
    """The VERSION names the CIViC release every derived row cites."""
    releases = sorted({s.release for e in entries for s in e.sources
                       if isinstance(s, CivicCitation)})
    for release in releases:
        if f"CIViC {release}" not in version:
            problems.add("VERSION", 1, "-", f"'{version}' does not name the CIViC release the "
                         f"rows cite (e.g. '2026.12.0 (reviews 001/002; CIViC {release})')")


def _check_amp_bases(entries, amp_levels: dict, problems: Problems) -> None:
    """Every evidence level a row maps to an AMP/ASCO/CAP level is in amp_levels.tsv."""
    for scheme, level in sorted({e.amp_basis() for e in entries}):
        if (scheme, level) not in amp_levels:
            problems.add("amp_levels.tsv", 0, "-", f"no row for scheme {scheme}, level {level}")


def load_or_raise(directory: Path) -> KnowledgeBase:
    kb, problems = load_knowledge_base(directory)
    if kb is None:
        raise KnowledgeBaseError(problems)
    return kb
