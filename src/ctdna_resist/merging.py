"""Two sources, one report: the rows of the curated reviews and those derived from CIViC merged
into one finding and one option per regimen, and their disagreements kept. No I/O.

- A finding merges the entries documented against the assessed therapy (else its best
  entry): it cites the sources of all of them; the reviews' entry (first when there is one)
  gives the category and the wording; the evidence level and the AMP/ASCO/CAP level shown
  are the strongest of them.
- Options with the same drugs, regimen and condition (its `driver:` terms aside: the
  finding's own entries already name the driver) are one option citing every source; the
  reviews' row, else the strongest CIViC row, gives the wording and the condition. Once
  judged, options of one regimen under different conditions that reach the same verdict here
  are one option too (`merge_same_verdict`); under verdicts that differ they stay apart.
- Where one source documents resistance and another response for the alteration and a
  therapy that matters here (one the matching entries resist, an option gives or the patient
  received), both sides are shown: `conflicts`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kb.entities import ConflictEntry, ConflictEvidence, RescueEntry, ResistanceEntry
from .kb.knowledge_base import KnowledgeBase
from .model import (
    Alteration,
    ConditionKind,
    Conflict,
    EvidenceLevel,
    KbSource,
    RescueOption,
    alteration_label,
)
from .model import ConflictEvidence as ShownEvidence

AMP_ORDER = "ABCD"


def amp_rank(level: str | None) -> int:
    """A first, D last, no level after D."""
    return AMP_ORDER.index(level) if level else len(AMP_ORDER)


def _union(lists) -> list:
    return list(dict.fromkeys(item for items in lists for item in items))


def _strongest_amp(kb: KnowledgeBase, entries) -> str | None:
    return min((kb.amp_level_of(e) for e in entries), key=amp_rank, default=None)


def _strongest_level(entries) -> EvidenceLevel:
    return min((e.evidence_level for e in entries), key=lambda level: level.rank)


@dataclass(frozen=True)
class MergedEntries:
    """What a finding shows of the entries that agree on it (`entries[0]` gives the words)."""

    entries: list[ResistanceEntry]
    resists: list[str]
    evidence_level: EvidenceLevel
    amp_level: str | None
    sources: list[str]
    studies: list[str]

    @property
    def kb_entries(self) -> list[str]:
        return [e.id for e in self.entries]

    @property
    def kb_sources(self) -> list[str]:
        return _union([[e.origin.value] for e in self.entries])


def merge_entries(kb: KnowledgeBase, entries: list[ResistanceEntry]) -> MergedEntries:
    return MergedEntries(
        entries=entries, resists=sorted(set(_union(kb.expand(e.resists) for e in entries))),
        evidence_level=_strongest_level(entries), amp_level=_strongest_amp(kb, entries),
        sources=_union([str(s) for s in e.sources] for e in entries),
        studies=_union(e.studies for e in entries))


# -- options ----------------------------------------------------------------------------------

def _option_key(entry: RescueEntry) -> tuple:
    return (frozenset(entry.drugs), entry.regimen.lower(),
            frozenset(str(c) for c in entry.condition if c.kind is not ConditionKind.DRIVER))


def _primary_order(kb: KnowledgeBase, entry: RescueEntry) -> tuple:
    """The reviews' row first, then the strongest evidence, then the best-rated item."""
    rating = entry.civic.rating if entry.civic and entry.civic.rating else 0
    return (entry.origin is not KbSource.REVIEWS, amp_rank(kb.amp_level_of(entry)),
            -rating, entry.evidence_level.rank, entry.id)


def merge_options(kb: KnowledgeBase, entries: list[RescueEntry]) -> list[RescueOption]:
    """One option per regimen (see the module docstring), in the order first met."""
    groups: dict[tuple, list[RescueEntry]] = {}
    for entry in entries:
        groups.setdefault(_option_key(entry), []).append(entry)
    return [_option(kb, sorted(group, key=lambda e: _primary_order(kb, e)))
            for group in groups.values()]


def _option(kb: KnowledgeBase, group: list[RescueEntry]) -> RescueOption:
    primary = group[0]
    ratings = [e.civic.rating for e in group if e.civic and e.civic.rating]
    return RescueOption(
        regimen=primary.regimen,
        drugs=[d for d in primary.drugs if d in kb.drugs.drugs],
        drug_classes=[d for d in primary.drugs if d not in kb.drugs.drugs],
        continues=list(primary.continues), condition=primary.condition_text or None,
        evidence_level=_strongest_level(group), amp_level=_strongest_amp(kb, group),
        evidence=primary.evidence, trials=_union(e.trials for e in group),
        sources=_union([str(s) for s in e.sources] for e in group),
        response=next((e.response for e in group if e.response), None),
        trial_names=_union(e.trial_names for e in group),
        trial_status="; ".join(dict.fromkeys(e.trial_status for e in group
                                             if e.trial_status)) or None,
        kb_entry=primary.id,
        kb_entries=[e.id for e in group], kb_sources=_union([[e.origin.value] for e in group]),
        civic_rating=max(ratings, default=None))


def _shown_order(option: RescueOption) -> tuple:
    return ("reviews" not in option.kb_sources, amp_rank(option.amp_level),
            -(option.civic_rating or 0), option.evidence_level.rank, option.kb_entry)


def merge_same_verdict(options: list[RescueOption]) -> list[RescueOption]:
    """Judged options of one regimen (drugs and words) with the same applicability are one
    option: the first by `_shown_order` keeps its words, condition and reasons, and cites
    the sources of all."""
    groups: dict[tuple, list[RescueOption]] = {}
    for option in options:
        key = (frozenset(option.drugs + option.drug_classes), option.regimen.lower(),
               option.applicability)
        groups.setdefault(key, []).append(option)
    merged = []
    for group in groups.values():
        first, *rest = sorted(group, key=_shown_order)
        for other in rest:
            first.sources = _union([first.sources, other.sources])
            first.kb_entries = _union([first.kb_entries, other.kb_entries])
            first.kb_sources = _union([first.kb_sources, other.kb_sources])
            first.trials = _union([first.trials, other.trials])
            first.trial_names = _union([first.trial_names, other.trial_names])
            first.civic_rating = max(filter(None, (first.civic_rating, other.civic_rating)),
                                     default=None)
            first.evidence_level = min(first.evidence_level, other.evidence_level,
                                       key=lambda level: level.rank)
            first.amp_level = min(first.amp_level, other.amp_level, key=amp_rank)
        merged.append(first)
    return merged


# -- conflicts --------------------------------------------------------------------------------

def conflicts_for(kb: KnowledgeBase, alteration: Alteration, relevant: set[str],
                  holds) -> list[Conflict]:
    """The disagreements documented for this alteration on a therapy one of whose drugs is in
    `relevant`; `holds(requires)` says whether an entry's other alterations may be present.
    The same therapy and kind from several entries (ALK I1171T and I1171X) is one conflict."""
    found: dict[tuple, list[tuple[str, ConflictEntry]]] = {}
    for entry in kb.conflicts_for(alteration.gene):
        if not entry.pattern.matches(alteration) or \
                (entry.partner and entry.partner != alteration.partner) or \
                not holds(entry.requires):
            continue
        for therapy in entry.therapies:
            if set(therapy) & relevant:
                found.setdefault((" + ".join(therapy), entry.kind), []).append(entry)
    return [_conflict(kb, therapy, kind, entries)
            for (therapy, kind), entries in found.items()]


def _conflict(kb: KnowledgeBase, therapy: str, kind: str,
              entries: list[ConflictEntry]) -> Conflict:
    names = _union([[alteration_label(e.gene, e.pattern.text, e.partner)] for e in entries])
    sides = {side: _shown(kb, _union(getattr(e, side) for e in entries))
             for side in ("resistance", "sensitivity")}
    alteration = ", ".join(names)
    return Conflict(alteration=alteration, therapies=[therapy], kind=kind, **sides,
                    note=_note(alteration, therapy, kind, sides))


def _shown(kb: KnowledgeBase, evidence: list[ConflictEvidence]) -> list[ShownEvidence]:
    out = [ShownEvidence(source=e.source, evidence_level=e.evidence_level,
                         amp_level=kb.amp_level_of(e), context=e.context,
                         sources=[str(s) for s in e.sources], kb_entries=list(e.kb_entries))
           for e in evidence]
    return sorted(out, key=lambda e: (e.source is not KbSource.REVIEWS, amp_rank(e.amp_level),
                                      e.evidence_level.rank))


def _who(evidence: list[ShownEvidence]) -> str:
    """`the reviews (driver ALK fusion)`, `CIViC EID1291`, `3 CIViC items`, then the
    strongest AMP level."""
    parts = []
    reviews = [e for e in evidence if e.source is KbSource.REVIEWS]
    if reviews:
        drivers = _union([[e.context.partition("driver ")[2]] for e in reviews])
        shown = [d for d in drivers if d and d != "any"]
        parts.append("the reviews" + (f" (driver {', '.join(shown)})" if shown else ""))
    civic = [e for e in evidence if e.source is KbSource.CIVIC]
    if len(civic) == 1:
        parts.append(civic[0].sources[0].split(" (")[0])
    elif civic:
        parts.append(f"{len(civic)} CIViC items")
    best = min((e.amp_level for e in evidence), key=amp_rank, default=None)
    return " and ".join(parts) + (f", at best AMP/ASCO/CAP level {best}" if best else "")


def _note(alteration: str, therapy: str, kind: str,
          sides: dict[str, list[ShownEvidence]]) -> str:
    text = (f"The sources disagree on {therapy} for {alteration}: resistance per "
            f"{_who(sides['resistance'])}; response per {_who(sides['sensitivity'])}")
    if kind == "option_not_linked":
        text += (f", from {therapy} given after an earlier drug in the driver, not for this "
                 "alteration in particular")
    return text + "."
