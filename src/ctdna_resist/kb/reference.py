"""The tables the others refer to (sources, genes, gene aliases, drugs) and the settings the
interpretation reads (CHIP genes, thresholds, flags): one `load_<table>` each."""

from __future__ import annotations

import re

from ..normalize.drugs import Drug, DrugIndex
from ..normalize.genes import GeneIndex
from .checks import Checks
from .entities import AmpLevel, Citation, GermlinePolymorphism, Source
from .schema import AMP_RELATIONS, AMP_SCHEMES, DRUG_KINDS, SOURCE_KINDS
from .tables import Problems, Row, check_unique, split_list

_HGNC = re.compile(r"^HGNC:\d+$")


def load_sources(rows: list[Row], problems: Problems) -> dict[str, Source]:
    t = "sources.tsv"
    check_unique(t, rows, "id", problems)
    sources = {}
    for line, row in rows:
        problems.one_of(t, line, "kind", row["kind"], SOURCE_KINDS)
        if row["doi"] and not row["doi"].startswith("10."):
            problems.add(t, line, "doi", f"'{row['doi']}' is not a DOI (10.xxxx/...)")
        if row["pmid"] and not row["pmid"].isdigit():
            problems.add(t, line, "pmid", f"'{row['pmid']}' is not a PubMed ID (digits)")
        sources[row["id"]] = Source(
            id=row["id"], kind=row["kind"], citation=row["citation"], authors=row["authors"],
            title=row["title"], journal=row["journal"], year=row["year"], doi=row["doi"],
            pmid=row["pmid"])
    return sources


def load_genes(rows: list[Row], problems: Problems) -> tuple[GeneIndex, dict[str, dict]]:
    """The gene index (symbols, HGNC aliases and previous symbols) and each gene's row as read
    (coordinates and MANE transcripts, for the readers)."""
    t = "genes.tsv"
    check_unique(t, rows, "symbol", problems)
    genes = GeneIndex()
    gene_rows = {}
    for line, row in rows:
        if row["hgnc_id"] and not _HGNC.match(row["hgnc_id"]):
            problems.add(t, line, "hgnc_id", f"'{row['hgnc_id']}' is not HGNC:<number>")
        genes.add_symbol(row["symbol"])
        gene_rows[row["symbol"]] = row
    for _, row in rows:  # after every symbol: an alias never shadows a symbol
        for alias in split_list(row["aliases"]) + split_list(row["previous_symbols"]):
            genes.add_alias(alias, row["symbol"])
    return genes, gene_rows


def load_gene_aliases(rows: list[Row], genes: GeneIndex, problems: Problems) -> None:
    """Literature spellings, added to `genes` (those naming an alteration too, such as HER2D16,
    as alteration aliases)."""
    for line, row in rows:
        if row["symbol"] not in genes:
            problems.add("gene_aliases.tsv", line, "symbol",
                         f"'{row['symbol']}' not in genes.tsv")
            continue
        genes.add_alias(row["alias"], row["symbol"])
        if row["alteration"]:
            genes.alteration_aliases[row["alias"].upper()] = (row["symbol"], row["alteration"])


def load_drugs(rows: list[Row], check: Checks) -> tuple[DrugIndex, set[Citation]]:
    """The drug dictionary, and the seed sections that name its drugs."""
    t = "drugs.tsv"
    problems = check.problems
    check_unique(t, rows, "drug", problems)
    drugs = DrugIndex()
    citations: set[Citation] = set()
    for line, row in rows:
        if row["drug"] != row["drug"].lower():
            problems.add(t, line, "drug", "generic names are lower case")
        problems.one_of(t, line, "kind", row["kind"], DRUG_KINDS)
        classes = []
        for item in split_list(row["classes"]):
            name, _, generation = item.partition(":")
            classes.append((name.strip(), generation.strip() or None))
        for target in split_list(row["targets"]):
            check.gene(t, line, "targets", target)
        drug = Drug(name=row["drug"], classes=tuple(classes), targets=split_list(row["targets"]),
                    brand_names=split_list(row["brand_names"]), codes=split_list(row["codes"]),
                    spellings_seen=split_list(row["spellings_seen"]))
        for clash in drugs.add(drug):
            problems.add(t, line, "-", f"name '{clash}' already names another drug")
        if row["sources"]:
            citations.update(check.citations(t, line, "sources", row["sources"]))
    return drugs, citations


def load_drug_classes(rows: list[Row], drugs: DrugIndex, check: Checks) -> None:
    """Classes the sources name without naming a drug of them (`FGFR inhibitor`): a rescue
    regimen may name them."""
    for line, row in rows:
        for target in split_list(row["targets"]):
            check.gene("drug_classes.tsv", line, "targets", target)
        check.citations("drug_classes.tsv", line, "sources", row["sources"])
        drugs.declared_classes.add(row["class"])


def load_germline(rows: list[Row], check: Checks) -> list[GermlinePolymorphism]:
    t = "germline_polymorphisms.tsv"
    out = []
    for line, row in rows:
        check.gene(t, line, "gene", row["gene"])
        check.problems.one_of(t, line, "verified", row["verified"], ("yes", "partial", "no"))
        if not row["protein_change"] and not row["hgvs_c"]:
            check.problems.add(t, line, "protein_change", "a protein or a c. change is needed")
        if row["rsid"] and not re.fullmatch(r"rs\d+", row["rsid"]):
            check.problems.add(t, line, "rsid", f"'{row['rsid']}' is not an rsID (rs<number>)")
        out.append(GermlinePolymorphism(
            gene=row["gene"], protein_change=row["protein_change"], hgvs_c=row["hgvs_c"],
            rsid=row["rsid"], frequency=row["population_frequency"]))
    return out


def load_amp_levels(rows: list[Row], problems: Problems) -> dict[tuple[str, str], AmpLevel]:
    t = "amp_levels.tsv"
    levels = {}
    for line, row in rows:
        problems.one_of(t, line, "scheme", row["scheme"], AMP_SCHEMES)
        problems.one_of(t, line, "relation", row["relation"], AMP_RELATIONS)
        if row["amp_level"] not in ("", "A", "B", "C", "D"):
            problems.add(t, line, "amp_level", f"'{row['amp_level']}' is not A, B, C or D")
        levels[(row["scheme"], row["level"])] = AmpLevel(
            scheme=row["scheme"], level=row["level"], amp_level=row["amp_level"],
            relation=row["relation"], legend=row["legend"])
    return levels


def load_chip_genes(rows: list[Row], check: Checks) -> dict[str, float | None]:
    """Gene -> the fraction of its plasma variants of CH origin (None: not stated)."""
    chip_genes: dict[str, float | None] = {}
    for line, row in rows:
        check.gene("chip_genes.tsv", line, "gene", row["gene"])
        fraction = None
        if row["ch_fraction"]:
            try:
                fraction = float(row["ch_fraction"])
            except ValueError:
                check.problems.add("chip_genes.tsv", line, "ch_fraction", "not a number")
        chip_genes[row["gene"]] = fraction
    return chip_genes


def load_thresholds(rows: list[Row], problems: Problems) -> tuple[dict[str, float],
                                                                  dict[str, str]]:
    """Name -> default value, and name -> unit."""
    defaults: dict[str, float] = {}
    units: dict[str, str] = {}
    for line, row in rows:
        try:
            defaults[row["name"]] = float(row["default"])
        except ValueError:
            problems.add("thresholds.tsv", line, "default",
                         f"'{row['default']}' is not a number")
        units[row["name"]] = row["unit"]
    return defaults, units


def load_flags(rows: list[Row], thresholds: dict[str, float],
               problems: Problems) -> dict[str, str]:
    """Flag -> its meaning, as the report shows it."""
    flags = {}
    for line, row in rows:
        for name in split_list(row["threshold"]):
            if name not in thresholds:
                problems.add("flags.tsv", line, "threshold", f"'{name}' is not in thresholds.tsv")
        flags[row["flag"]] = row["meaning"]
    return flags
