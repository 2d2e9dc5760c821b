"""The clinical tables: resistance alterations, rescue options, mechanisms a DNA assay cannot
see, and sensitising drivers. One `load_<table>` each; a row whose alteration, category or
evidence level cannot be read is reported and left out. Resistance and rescue rows come from
the curated tables and from those derived from CIViC (civic_resistance.tsv, civic_rescue.tsv:
the same columns, plus what the row keeps of its CIViC item)."""

from __future__ import annotations

import re

from ..model import Category, EvidenceLevel
from .checks import Checks
from .civic import civic_evidence
from .entities import DriverEntry, NotAssessableEntry, RescueEntry, ResistanceEntry
from .patterns import GenePattern
from .schema import DRIVER_TIERS, NOT_ASSESSABLE_KINDS
from .tables import Problems, Row, check_unique, split_list

_NCT = re.compile(r"^NCT\d{8}$")


def load_resistance(rows: list[Row], check: Checks,
                    t: str = "resistance.tsv") -> list[ResistanceEntry]:
    check_unique(t, rows, "id", check.problems)
    entries = []
    for line, row in rows:
        check.gene(t, line, "gene", row["gene"])
        check.gene(t, line, "partner", row["partner"])
        pattern = check.pattern(t, line, row["alteration"])
        category = check.enum(t, line, "category", row["category"], Category)
        level = check.enum(t, line, "evidence_level", row["evidence_level"], EvidenceLevel)
        sources = check.citations(t, line, "sources", row["sources"])
        if row["partner"] and pattern is not None and not pattern.is_fusion:
            check.problems.add(t, line, "partner", "a partner is only meaningful for a fusion")
        resists = check.therapy_specs(t, line, "resists", row["resists"])
        driver_context = check.gene_patterns(t, line, "driver_context", row["driver_context"])
        requires = check.conditions(t, line, "requires", row["requires"])
        civic = _civic(t, line, row, sources, check)
        if pattern is None or category is None or level is None:
            continue
        entries.append(ResistanceEntry(
            id=row["id"], gene=row["gene"], pattern=pattern, partner=row["partner"] or None,
            category=category, driver_context=driver_context, resists=resists,
            requires=requires, evidence_level=level, evidence=row["evidence"],
            frequency=row["frequency"], sources=sources, studies=split_list(row["studies"]),
            civic=civic))
    return entries


def _civic(t: str, line: int, row: dict[str, str], sources, check: Checks):
    """A derived row's CIViC item; a curated row may not take a derived row's id."""
    if t.startswith("civic_"):
        return civic_evidence(t, line, row, sources, check)
    if row["id"].startswith("CIVIC-"):
        check.problems.add(t, line, "id", "CIVIC- ids belong to the rows derived from CIViC")
    return None


def load_rescue(rows: list[Row], resistance_ids: set[str], check: Checks,
                t: str = "rescue.tsv") -> list[RescueEntry]:
    """`resistance_ids`: every id of resistance.tsv and civic_resistance.tsv, read or not (a
    rescue row is not blamed for a resistance row's problem)."""
    problems = check.problems
    check_unique(t, rows, "id", problems)
    entries = []
    for line, row in rows:
        ids = split_list(row["resistance_ids"])
        for rid in ids:
            if rid not in resistance_ids:
                problems.add(t, line, "resistance_ids", f"'{rid}' is not an id in resistance.tsv "
                             "or civic_resistance.tsv")
        drugs = split_list(row["drugs"])
        for drug in drugs:
            if not check.names_drug_or_class(drug):
                problems.add(t, line, "drugs", f"drug '{drug}' is not in drugs.tsv "
                             "(nor a class such as 'MET TKI' or 'EGFR TKI:1,2')")
        trials = split_list(row["trials"])
        for trial in trials:
            if not _NCT.match(trial):
                problems.add(t, line, "trials", f"'{trial}' is not an NCT ID (NCT + 8 digits)")
        condition = check.conditions(t, line, "condition", row["condition"])
        if condition and not row["condition_text"]:
            problems.add(t, line, "condition_text", "a condition needs its text for readers")
        if row["condition_text"] and not row["condition"]:
            problems.add(t, line, "condition", "the condition is written only as text: give it "
                         "in the grammar (with:, without:, cis:, trans:, driver:, received:, "
                         "not_received:, received_alone:, tumor_type:) so it can be checked")
        continues = split_list(row["continues"])
        for drug in continues:
            if drug not in drugs:
                problems.add(t, line, "continues", f"'{drug}' is not one of the regimen's drugs")
        level = check.enum(t, line, "evidence_level", row["evidence_level"], EvidenceLevel)
        enrols = _trial_enrols(t, line, row, level, problems)
        sources = check.citations(t, line, "sources", row["sources"])
        civic = _civic(t, line, row, sources, check)
        if level is None:
            continue
        entries.append(RescueEntry(
            id=row["id"], resistance_ids=ids, regimen=row["regimen"], drugs=drugs,
            condition=condition, condition_text=row["condition_text"], continues=continues,
            evidence_level=level,
            evidence=row["evidence"], response=row["response"], trials=trials,
            trial_names=split_list(row["trial_names"]), trial_status=row["trial_status"],
            trial_enrols=enrols, sources=sources, civic=civic))
    return entries


def _trial_enrols(t: str, line: int, row: dict[str, str], level: EvidenceLevel | None,
                  problems: Problems) -> bool | None:
    """`trial_enrols` of an ongoing-trial row: `yes` when the source says the trial enrols
    patients with the alteration, `no` when it names none; empty on every other row (and in
    civic_rescue.tsv, which has no such column)."""
    value = row.get("trial_enrols", "")
    if level is EvidenceLevel.ONGOING_TRIAL and "trial_enrols" in row:
        if value not in ("yes", "no"):
            problems.add(t, line, "trial_enrols", f"'{value}': an ongoing trial needs yes (the "
                         "source says it enrols patients with the alteration) or no")
            return None
        return value == "yes"
    if value:
        problems.add(t, line, "trial_enrols", "only an ongoing_trial row says whether its trial "
                     "enrols by the alteration")
    return None


def load_not_assessable(rows: list[Row], check: Checks) -> list[NotAssessableEntry]:
    t = "not_assessable.tsv"
    check_unique(t, rows, "id", check.problems)
    entries = []
    for line, row in rows:
        check.gene(t, line, "gene", row["gene"])
        check.problems.one_of(t, line, "kind", row["kind"], NOT_ASSESSABLE_KINDS)
        driver_context = check.gene_patterns(t, line, "driver_context", row["driver_context"])
        resists = check.therapy_specs(t, line, "resists", row["resists"]) \
            if row["resists"] else ()
        entries.append(NotAssessableEntry(
            id=row["id"], mechanism=row["mechanism"], gene=row["gene"] or None, kind=row["kind"],
            driver_context=driver_context, resists=resists, evidence=row["evidence"],
            frequency=row["frequency"],
            sources=check.citations(t, line, "sources", row["sources"])))
    return entries


def load_drivers(rows: list[Row], check: Checks) -> list[DriverEntry]:
    t = "drivers.tsv"
    check_unique(t, rows, "id", check.problems)
    entries = []
    for line, row in rows:
        check.gene(t, line, "gene", row["gene"])
        check.gene(t, line, "partner", row["partner"])
        pattern = check.pattern(t, line, row["alteration"])
        targeted_by = check.therapy_specs(t, line, "targeted_by", row["targeted_by"])
        check.citations(t, line, "sources", row["sources"])
        check.problems.one_of(t, line, "tier", row["tier"], DRIVER_TIERS)
        if pattern is not None and row["tier"] in DRIVER_TIERS:
            entries.append(DriverEntry(id=row["id"], target=GenePattern(row["gene"], pattern),
                                       targeted_by=targeted_by, tier=int(row["tier"])))
    return entries
