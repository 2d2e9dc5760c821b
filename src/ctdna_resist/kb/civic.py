"""What the rows derived from CIViC carry beyond the curated columns (civic_resistance.tsv,
civic_rescue.tsv), and the disagreements between the sources (civic_conflicts.tsv).

Every derived row cites exactly its own CIViC evidence item, typed; its civic_* cells must
agree with that citation, and the release it names must be the one the knowledge-base VERSION
names, so a table from another release cannot slip in unnoticed."""

from __future__ import annotations

import re

from ..model import EvidenceLevel, KbSource
from .checks import Checks
from .entities import Citation, CivicCitation, CivicEvidence, ConflictEntry, ConflictEvidence
from .schema import CIVIC_LEVELS, CONFLICT_KINDS, CONFLICT_SIDES
from .tables import Row, split_list

_DERIVED_ID = re.compile(r"^CIVIC-(?:R-)?EID(?P<eid>\d+)(?:-.+)?$")
_SOURCES = {source.value: source for source in KbSource}
_YES_NO = ("yes", "no")


def civic_evidence(table: str, line: int, row: dict[str, str],
                   sources: tuple[Citation | CivicCitation, ...],
                   check: Checks) -> CivicEvidence | None:
    """The civic_* cells of a derived row, checked against its id and its one citation."""
    problems = check.problems
    problems.one_of(table, line, "civic_level", row["civic_level"], CIVIC_LEVELS)
    problems.one_of(table, line, "civic_lung", row["civic_lung"], _YES_NO)
    rating = row["civic_rating"]
    if rating and rating not in ("1", "2", "3", "4", "5"):
        problems.add(table, line, "civic_rating", f"'{rating}' is not a rating 1-5 (or empty)")
    m = _DERIVED_ID.match(row["id"])
    if m is None:
        problems.add(table, line, "id", f"'{row['id']}' is not CIVIC-EID<n>[-...] (resistance) "
                     "or CIVIC-R-EID<n>[-...] (rescue)")
    cited = [s for s in sources if isinstance(s, CivicCitation)]
    if len(cited) != 1 or len(sources) != 1:
        problems.add(table, line, "sources", "a derived row cites exactly its CIViC evidence "
                     "item, typed: 'CIViC EID1234 (PMID ...; level B; rating 4; CIViC "
                     "01-Aug-2024)'")
        return None
    item = cited[0]
    if m is not None and int(m.group("eid")) != item.eid:
        problems.add(table, line, "sources", f"cites EID{item.eid}, but the row is derived "
                     f"from EID{m.group('eid')}")
    if (item.level, item.rating) != (row["civic_level"], rating):
        problems.add(table, line, "civic_level", f"level {row['civic_level']}, rating "
                     f"{rating or 'none'} disagree with the citation ({item})")
    return CivicEvidence(level=row["civic_level"], rating=int(rating) if rating else None,
                         disease=row["civic_disease"], lung=row["civic_lung"] == "yes",
                         profile=row["civic_profile"], therapies=row["civic_therapies"])


def load_conflicts(rows: list[Row], entry_ids: set[str], check: Checks) -> list[ConflictEntry]:
    """Lines of one disagreement share its first six cells; each side needs a line."""
    groups: dict[tuple[str, ...], dict[str, list[ConflictEvidence]]] = {}
    heads: dict[tuple[str, ...], tuple[int, dict[str, str]]] = {}
    for line, row in rows:
        evidence = _conflict_evidence(line, row, entry_ids, check)
        key = tuple(row[c] for c in ("gene", "alteration", "partner", "requires", "drugs",
                                     "kind"))
        heads.setdefault(key, (line, row))
        side = groups.setdefault(key, {s: [] for s in CONFLICT_SIDES})
        if evidence is not None and row["side"] in side:
            side[row["side"]].append(evidence)
    out = []
    for key, sides in groups.items():
        line, row = heads[key]
        entry = _conflict_entry(line, row, sides, check)
        if entry is not None:
            out.append(entry)
    return out


def _conflict_evidence(line: int, row: dict[str, str], entry_ids: set[str],
                       check: Checks) -> ConflictEvidence | None:
    t, problems = "civic_conflicts.tsv", check.problems
    problems.one_of(t, line, "side", row["side"], CONFLICT_SIDES)
    source = _SOURCES.get(row["source"])
    if source is None:
        problems.one_of(t, line, "source", row["source"], tuple(_SOURCES))
    kb_entries = split_list(row["kb_entries"])
    for entry_id in kb_entries:
        if entry_id not in entry_ids:
            problems.add(t, line, "kb_entries", f"'{entry_id}' is no row of resistance.tsv, "
                         "rescue.tsv, civic_resistance.tsv or civic_rescue.tsv")
    sources = check.citations(t, line, "sources", row["sources"])
    if source is KbSource.CIVIC:
        problems.one_of(t, line, "civic_lung", row["civic_lung"], _YES_NO)
        if len(sources) != 1 or not isinstance(sources[0], CivicCitation):
            problems.add(t, line, "sources", "a CIViC line cites exactly its evidence item")
    elif row["civic_lung"]:
        problems.add(t, line, "civic_lung", "only CIViC lines say whether the disease is lung")
    level = check.enum(t, line, "evidence_level", row["evidence_level"], EvidenceLevel)
    if source is None or level is None or not sources:
        return None
    return ConflictEvidence(source=source, kb_entries=kb_entries, sources=sources,
                            evidence_level=level, civic_lung=row["civic_lung"] == "yes",
                            context=row["context"])


def _conflict_entry(line: int, row: dict[str, str],
                    sides: dict[str, list[ConflictEvidence]],
                    check: Checks) -> ConflictEntry | None:
    t, problems = "civic_conflicts.tsv", check.problems
    check.gene(t, line, "gene", row["gene"])
    check.gene(t, line, "partner", row["partner"])
    pattern = check.pattern(t, line, row["alteration"])
    requires = check.conditions(t, line, "requires", row["requires"])
    problems.one_of(t, line, "kind", row["kind"], CONFLICT_KINDS)
    therapies = tuple(tuple(d.strip() for d in item.split("+")) for item in
                      split_list(row["drugs"]))
    for drug in (d for therapy in therapies for d in therapy):
        if drug not in check.drugs.drugs:
            problems.add(t, line, "drugs", f"drug '{drug}' is not in drugs.tsv")
    for side, found in sides.items():
        if not found:
            problems.add(t, line, "side", f"the disagreement has no {side} line")
    if pattern is None or not all(sides.values()):
        return None
    return ConflictEntry(
        kind=row["kind"], gene=row["gene"], pattern=pattern, partner=row["partner"] or None,
        requires=requires, therapies=therapies, resistance=tuple(sides["resistance"]),
        sensitivity=tuple(sides["sensitivity"]))
