"""Alterations x knowledge base x context -> findings and other alterations. No I/O.

An alteration is a finding when a resistance entry matches it (gene, pattern, partner) and the
entry's `requires` conditions are not contradicted. The entry that documents resistance to the
assessed therapy in the sample's driver context is preferred; `context_match` says whether one
did. Everything else goes to `other_alterations` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from .context import Context, same_driver
from .kb.entities import ResistanceEntry
from .kb.knowledge_base import KnowledgeBase
from .kb.patterns import Condition, GenePattern
from .model import (
    Alteration,
    Alternative,
    ConditionState,
    Finding,
    NotAssessable,
    OtherAlteration,
    Phase,
    PhaseCall,
    RescueOption,
)
from .phase import NO_BAM, seen_from, unknown

MET, UNKNOWN, FAILED = ConditionState.MET, ConditionState.UNKNOWN, ConditionState.FAILED


@dataclass
class Match:
    entry: ResistanceEntry
    requires: ConditionState  # MET or UNKNOWN
    context_match: bool
    driver_ok: bool


CONDITION_WORDS = {"cis": "is in cis with", "trans": "is in trans with",
                   "with": "is detected with", "without": "is detected without"}


def condition_words(cond: Condition, subject: Alteration) -> str:
    """`cis:EGFR T790M` -> `C797S is in cis with EGFR T790M` (for readers)."""
    if cond.kind == "driver":
        return f"the driver is {cond.target}"
    return f"{subject.alteration} {CONDITION_WORDS.get(cond.kind, cond.kind)} {cond.target}"


class Matcher:
    def __init__(self, kb: KnowledgeBase, context: Context, alterations: list[Alteration]):
        self.kb = kb
        self.context = context
        self.alterations = alterations
        self.by_gene: dict[str, list[Alteration]] = {}
        for alteration in alterations:
            self.by_gene.setdefault(alteration.gene, []).append(alteration)

    # -- conditions ---------------------------------------------------------------------------

    def _detected(self, target: GenePattern) -> list[Alteration]:
        """The sample's alterations a condition names (only its gene's are looked at, so a
        dense panel is not compared pairwise)."""
        return [a for a in self.by_gene.get(target.gene, ()) if target.matches(a)]

    def condition(self, cond: Condition, subject: Alteration) -> ConditionState:
        if cond.kind == "driver":
            driver = self.context.driver
            if driver is None:
                return UNKNOWN
            return MET if cond.target.matches(driver) else FAILED
        found = [a for a in self._detected(cond.target) if a is not subject]
        if cond.kind == "with":
            return MET if found else FAILED
        if cond.kind == "without":
            return FAILED if found else MET
        if not found:
            return FAILED  # cis/trans with an alteration that is not there
        calls = {known.call for other in found
                 if (known := self.context.phases.get(frozenset((subject.key, other.key))))}
        if cond.kind in calls:
            return MET
        if calls - {PhaseCall.UNDETERMINED}:
            return FAILED
        return UNKNOWN

    def conditions(self, conds, subject: Alteration) -> ConditionState:
        states = [self.condition(c, subject) for c in conds]
        if FAILED in states:
            return FAILED
        return UNKNOWN if UNKNOWN in states else MET

    # -- context ------------------------------------------------------------------------------

    def therapy_match(self, specs) -> bool:
        assessed = self.context.assessed
        return assessed is not None and bool(set(self.kb.expand(specs)) & set(assessed.drugs))

    def driver_match(self, patterns) -> bool:
        if not patterns or self.context.driver is None:
            return True  # no context stated, or no driver known: cannot exclude
        return any(p.matches(self.context.driver) for p in patterns)

    # -- matching -----------------------------------------------------------------------------

    def matches_for(self, alteration: Alteration) -> list[Match]:
        out = []
        for entry in self.kb.resistance_for(alteration.gene):
            if not entry.pattern.matches(alteration):
                continue
            if entry.partner and entry.partner != alteration.partner:
                continue
            state = self.conditions(entry.requires, alteration)
            if state == FAILED:
                continue
            driver_ok = self.driver_match(entry.driver_context)
            context = driver_ok and self.therapy_match(entry.resists) and state == MET
            out.append(Match(entry, state, context, driver_ok))
        # context first, then conditions known to hold (the entry with more of them first: it
        # describes this sample more exactly, e.g. C797S in cis with T790M), then evidence
        out.sort(key=lambda m: (not m.context_match, m.requires != MET,
                                -len(m.entry.requires) if m.requires == MET else 0,
                                not m.driver_ok, m.entry.evidence_level.rank, m.entry.id))
        return out

    def rescue_options(self, alteration: Alteration, matches: list[Match]) -> list[RescueOption]:
        chosen = [m for m in matches if m.context_match] or matches[:1]
        options: list[RescueOption] = []
        seen: set[str] = set()
        for match in chosen:
            for rescue in self.kb.rescue_for(match.entry.id):
                if rescue.id in seen:
                    continue
                state = self.conditions(rescue.condition, alteration)
                if state == FAILED:
                    continue
                seen.add(rescue.id)
                options.append(RescueOption(
                    regimen=rescue.regimen,
                    drugs=[d for d in rescue.drugs if d in self.kb.drugs.drugs],
                    drug_classes=[d for d in rescue.drugs if d not in self.kb.drugs.drugs],
                    condition=rescue.condition_text or None,
                    evidence_level=rescue.evidence_level, evidence=rescue.evidence,
                    trials=list(rescue.trials), sources=[str(s) for s in rescue.sources],
                    response=rescue.response or None, trial_names=list(rescue.trial_names),
                    condition_status=(state if rescue.condition else None), kb_entry=rescue.id))
        # strongest evidence first; within a level, options whose condition holds first
        options.sort(key=lambda o: (o.evidence_level.rank,
                                    o.condition_status == UNKNOWN, o.kb_entry))
        return options

    def phase_of(self, alteration: Alteration, matches: list[Match]) -> Phase | None:
        """The phase with the alteration a cis/trans condition names, when one is detected."""
        conds = [c for m in matches for c in m.entry.requires if c.kind in ("cis", "trans")]
        conds += [c for m in matches for r in self.kb.rescue_for(m.entry.id)
                  for c in r.condition if c.kind in ("cis", "trans")]
        for cond in conds:
            for other in self._detected(cond.target):
                if other is alteration:
                    continue
                known = self.context.phases.get(frozenset((alteration.key, other.key)))
                if not known:
                    known = unknown(NO_BAM if self.context.bam is None else
                                    "undetermined: the variants are too far apart to phase")
                return seen_from(known, alteration.key, other.label)
        return None

    def finding(self, alteration: Alteration, matches: list[Match]) -> Finding:
        best = matches[0].entry
        return Finding(
            gene=alteration.gene, alteration=alteration.alteration, hgvs_p=alteration.hgvs_p,
            partner=alteration.partner, category=best.category,
            resists=self.kb.expand(best.resists), context_match=matches[0].context_match,
            evidence_level=best.evidence_level, evidence=best.evidence,
            frequency=best.frequency or None,
            rescue_options=self.rescue_options(alteration, matches), vaf=alteration.vaf,
            clonality=None, plasma_copy_number=alteration.copy_number,
            tumor_copy_number=alteration.tumor_copy_number,
            phase=self.phase_of(alteration, matches), flags=list(alteration.flags),
            kb_entry=best.id, sources=[str(s) for s in best.sources],
            studies=list(best.studies), depth=alteration.depth, alt_depth=alteration.alt_depth,
            input=alteration.input,
            alternatives=self.alternatives(alteration, matches))

    def alternatives(self, alteration: Alteration, matches: list[Match]) -> list[Alternative]:
        """Entries that would apply if a condition not determined here holds (e.g. cis)."""
        return [Alternative(
            condition="; ".join(str(c) for c in m.entry.requires),
            condition_text="if " + " and ".join(
                condition_words(c, alteration) for c in m.entry.requires),
            category=m.entry.category, resists=self.kb.expand(m.entry.resists),
            context_match=m.driver_ok and self.therapy_match(m.entry.resists),
            evidence=m.entry.evidence, kb_entry=m.entry.id,
            sources=[str(s) for s in m.entry.sources])
            for m in matches[1:] if m.requires == UNKNOWN]

    def other(self, alteration: Alteration, reason: str) -> OtherAlteration:
        return OtherAlteration(
            gene=alteration.gene, alteration=alteration.alteration, hgvs_p=alteration.hgvs_p,
            partner=alteration.partner, vaf=alteration.vaf, reason=reason,
            flags=list(alteration.flags), copy_number=alteration.copy_number,
            input=alteration.input, depth=alteration.depth, alt_depth=alteration.alt_depth)

    def reason_not_found(self, alteration: Alteration) -> str:
        if alteration.gene not in self.kb.genes:
            return "gene outside the knowledge base"
        entries = [e for e in self.kb.resistance_for(alteration.gene)
                   if e.pattern.matches(alteration)]
        if entries:
            needs = "; ".join(sorted({str(c) for e in entries for c in e.requires}))
            return f"documented only with conditions not met here ({needs})"
        if alteration.gene in self.kb.chip_genes and not self.kb.resistance_for(alteration.gene):
            return "not a documented resistance alteration; gene is a frequent source of " \
                   "clonal haematopoiesis"
        return "not a documented resistance alteration in the knowledge base"

    def run(self) -> tuple[list[Finding], list[OtherAlteration]]:
        findings, others = [], []
        driver = self.context.driver
        for alteration in self.alterations:
            if driver is not None and (alteration is driver or same_driver(driver, alteration)):
                others.append(self.other(alteration, "the driver: the sensitising alteration "
                                         "the therapy targets"))
                continue
            matches = self.matches_for(alteration)
            if matches:
                findings.append(self.finding(alteration, matches))
            else:
                others.append(self.other(alteration, self.reason_not_found(alteration)))
        return findings, others

    def not_assessable(self) -> list[NotAssessable]:
        """Mechanisms documented for this therapy and driver that DNA cannot show."""
        out = []
        for entry in self.kb.not_assessable:
            if entry.resists and not self.therapy_match(entry.resists):
                continue
            if not self.driver_match(entry.driver_context):
                continue
            out.append(NotAssessable(
                mechanism=entry.mechanism, gene=entry.gene, kind=entry.kind,
                evidence=entry.evidence, frequency=entry.frequency or None,
                sources=[str(s) for s in entry.sources], kb_entry=entry.id))
        return out


def match_alterations(kb: KnowledgeBase, context: Context, alterations: list[Alteration]):
    matcher = Matcher(kb, context, alterations)
    findings, others = matcher.run()
    return findings, others, matcher.not_assessable()
