"""Alterations x knowledge base x context -> findings and other alterations. No I/O.

An alteration is a finding when a resistance entry matches it (gene, pattern, partner) and the
entry's `requires` conditions are not contradicted. The entry that documents resistance to the
assessed therapy in the sample's driver context is preferred; `context_match` says whether one
did. The patient's own driver and known germline polymorphisms are never findings. Everything
else goes to `other_alterations` with the reason in words. Rescue options are collected here
and judged against the whole sample afterwards (`options`). Entries and options of the two
sources (reviews, CIViC) are merged, and their disagreements kept, by `merging`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import Conditions, Judgement
from .context import Context, same_driver
from .kb.entities import ResistanceEntry
from .kb.knowledge_base import KnowledgeBase
from .kb.patterns import Condition, exact_change
from .merging import conflicts_for, merge_entries, merge_options
from .model import (
    Alteration,
    Alternative,
    ConditionKind,
    ConditionState,
    Conflict,
    Finding,
    KbSource,
    NotAssessable,
    OtherAlteration,
    Phase,
    RescueOption,
)
from .phase import NO_BAM, seen_from, unknown

MET, UNKNOWN, FAILED = ConditionState.MET, ConditionState.UNKNOWN, ConditionState.FAILED
_WORDS = {
    ConditionKind.CIS: "is in cis with", ConditionKind.TRANS: "is in trans with",
    ConditionKind.WITH: "is detected with", ConditionKind.WITHOUT: "is detected without",
}


@dataclass
class Match:
    entry: ResistanceEntry
    requires: ConditionState  # MET or UNKNOWN
    context_match: bool
    driver_ok: bool


def condition_words(cond: Condition, subject: Alteration) -> str:
    """`cis:EGFR T790M` -> `C797S is in cis with EGFR T790M` (for readers)."""
    if cond.kind is ConditionKind.DRIVER:
        return f"the driver is {cond.target}"
    if cond.kind in _WORDS:
        return f"{subject.alteration} {_WORDS[cond.kind]} {cond.target}"
    if cond.kind is ConditionKind.TUMOR_TYPE:
        return f"the tumour type is {cond.value}"
    if cond.kind is ConditionKind.AMPLIFIED_ALLELE:
        return f"the extra copies of {cond.target} are of its {cond.value} allele"
    verb = {ConditionKind.RECEIVED: "was received", ConditionKind.NOT_RECEIVED:
            "was not received", ConditionKind.RECEIVED_ALONE: "was received alone"}[cond.kind]
    return f"{cond.therapy} {verb}"


class Matcher:
    def __init__(self, kb: KnowledgeBase, context: Context, alterations: list[Alteration],
                 conditions: Conditions):
        self.kb = kb
        self.context = context
        self.alterations = alterations
        self.conditions = conditions

    # -- context ------------------------------------------------------------------------------

    def therapy_match(self, specs) -> bool:
        assessed = self.context.assessed
        return assessed is not None and bool(set(self.kb.expand(specs)) & set(assessed.drugs))

    def driver_match(self, patterns) -> bool:
        if not patterns or self.context.driver is None:
            return True  # no context stated, or no driver known: cannot exclude
        return any(p.matches(self.context.driver) for p in patterns)

    # -- matching -----------------------------------------------------------------------------

    def candidates(self, alteration: Alteration) -> list[ResistanceEntry]:
        change = exact_change(alteration)
        return [e for e in self.kb.resistance_for(alteration.gene)
                if e.pattern.matches_change(alteration, change)
                and (not e.partner or e.partner == alteration.partner)]

    def matches_for(self, alteration: Alteration) -> list[Match]:
        out = []
        for entry in self.candidates(alteration):
            state, _ = self.conditions.judge_all(entry.requires, alteration, seen_only=True)
            if state == FAILED:
                continue
            driver_ok = self.driver_match(entry.driver_context)
            context = driver_ok and self.therapy_match(entry.resists) and state == MET
            out.append(Match(entry, state, context, driver_ok))
        # context first, then conditions known to hold, then (documented for this therapy) the
        # reviews before CIViC, then the entry with more conditions (it describes this sample
        # more exactly, e.g. C797S in cis with T790M), then the driver context, then evidence
        out.sort(key=lambda m: (not m.context_match, m.requires != MET,
                                m.context_match and m.entry.origin is not KbSource.REVIEWS,
                                -len(m.entry.requires) if m.requires == MET else 0,
                                not m.driver_ok, m.entry.origin is not KbSource.REVIEWS,
                                m.entry.evidence_level.rank, m.entry.id))
        return out

    def rescue_options(self, matches: list[Match]) -> list[RescueOption]:
        """The options of the entries documented for the assessed therapy, else of the best
        entry; judged later (`options.judge_options`)."""
        chosen = [m for m in matches if m.context_match] or matches[:1]
        rescue = {r.id: r for m in chosen for r in self.kb.rescue_for(m.entry.id)}
        return merge_options(self.kb, list(rescue.values()))

    def phase_of(self, alteration: Alteration, matches: list[Match]) -> Phase | None:
        """The phase with the alteration a cis/trans condition names, when one is detected."""
        phased = (ConditionKind.CIS, ConditionKind.TRANS)
        conds = [c for m in matches for c in m.entry.requires if c.kind in phased]
        conds += [c for m in matches for r in self.kb.rescue_for(m.entry.id)
                  for c in r.condition if c.kind in phased]
        for cond in conds:
            for other in self.conditions.detected(cond.target):
                if other is alteration:
                    continue
                known = self.context.phases.get(frozenset((alteration.key, other.key)))
                if not known:
                    known = unknown(NO_BAM if self.context.bam is None else
                                    "undetermined: the variants are too far apart to phase")
                return seen_from(known, alteration.key, other.label)
        return None

    def finding(self, alteration: Alteration, matches: list[Match]) -> Finding:
        """One finding citing every entry documented against the assessed therapy (else the
        best entry); the first (the reviews' when there is one) gives its words."""
        merged = merge_entries(self.kb, [m.entry for m in matches if m.context_match]
                               or [matches[0].entry])
        best = merged.entries[0]
        options = self.rescue_options(matches)
        return Finding(
            gene=alteration.gene, alteration=alteration.alteration, hgvs_p=alteration.hgvs_p,
            partner=alteration.partner, category=best.category,
            resists=merged.resists, context_match=matches[0].context_match,
            evidence_level=merged.evidence_level, amp_level=merged.amp_level,
            evidence=best.evidence, frequency=best.frequency or None, rescue_options=options,
            vaf=alteration.vaf, clonality=None, plasma_copy_number=alteration.copy_number,
            tumor_copy_number=alteration.tumor_copy_number,
            phase=self.phase_of(alteration, matches), flags=list(alteration.flags),
            kb_entry=best.id, sources=merged.sources, studies=merged.studies,
            depth=alteration.depth, alt_depth=alteration.alt_depth,
            input=alteration.input, alternatives=self.alternatives(alteration, matches),
            kb_entries=merged.kb_entries, kb_sources=merged.kb_sources,
            conflicts=self.conflicts(alteration, matches, options), subject=alteration)

    def conflicts(self, alteration: Alteration, matches: list[Match],
                  options: list[RescueOption]) -> list[Conflict]:
        """Disagreements on the therapies that matter here: those the entries of this driver
        context resist, those its options give, and those the patient received."""
        relevant = {d for m in matches if m.driver_ok for d in self.kb.expand(m.entry.resists)}
        relevant.update(d for o in options for d in o.drugs)
        relevant.update(d for t in self.context.therapies for d in t.drugs)
        return conflicts_for(self.kb, alteration, relevant, lambda requires: self.conditions.
                             judge_all(requires, alteration, seen_only=True)[0] != FAILED)

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
        entries = self.candidates(alteration)
        if entries:
            failed: list[Judgement] = []
            for entry in entries:
                failed += [j for j in self.conditions.judge_all(
                    entry.requires, alteration, seen_only=True)[1] if j.state == FAILED]
            details = "; ".join(dict.fromkeys(j.detail for j in failed))
            return f"documented as resistance only under conditions not met here ({details})"
        if alteration.gene in self.kb.chip_genes and not self.kb.resistance_for(alteration.gene):
            return "not a documented resistance alteration; gene is a frequent source of " \
                   "clonal haematopoiesis"
        return "not a documented resistance alteration in the knowledge base"

    def run(self) -> tuple[list[Finding], list[OtherAlteration]]:
        findings, others = [], []
        for alteration in self.alterations:
            reason = self.not_a_finding(alteration)
            if reason:
                others.append(self.other(alteration, reason))
                continue
            matches = self.matches_for(alteration)
            if matches:
                findings.append(self.finding(alteration, matches))
            else:
                others.append(self.other(alteration, self.reason_not_found(alteration)))
        return findings, others

    def not_a_finding(self, alteration: Alteration) -> str | None:
        """The driver and known germline polymorphisms are read but never findings."""
        driver = self.context.driver
        if driver is not None and (alteration is driver or same_driver(driver, alteration)):
            return "the driver: the sensitising alteration the therapy targets"
        if any(same_driver(d, alteration) for d in self.context.co_drivers):
            return f"part of the driver: a sensitising alteration with {driver.label}" \
                if driver is not None else "a sensitising driver alteration"
        polymorphism = self.kb.germline_polymorphism(alteration)
        if polymorphism is not None:
            return f"known germline polymorphism ({polymorphism.rsid or 'no rsID recorded'}; " \
                   f"population frequency {polymorphism.frequency or 'not recorded'})"
        return None

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


def match_alterations(kb: KnowledgeBase, context: Context, alterations: list[Alteration],
                      conditions: Conditions):
    matcher = Matcher(kb, context, alterations, conditions)
    findings, others = matcher.run()
    return findings, others, matcher.not_assessable()
