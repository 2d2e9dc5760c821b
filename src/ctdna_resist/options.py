"""Every documented rescue option judged against the whole sample and the treatment history.

An option `does_not_apply` when
- its condition fails here (`condition_not_met`: the driver differs, T790M is detected, a
  prior drug the source requires was not received, ...);
- the regimen itself was already given, in one line, and progressed on (`already_received`);
- another finding in this sample is documented to resist one of its drugs (`resisted_by`), and
  nothing documented overcomes that finding with the drug.
It is `undetermined` when
- its condition cannot be decided here (`condition_undetermined`: phase unknown, absence not
  established at this tumour fraction);
- a finding resisting one of its drugs is itself undecided (its phase unknown, a documented
  combination with the drug may still work, or it may come from blood cells or the germline);
- its own finding is documented to resist one of its drugs and the source does not define
  continuing that drug in this combination;
- its finding is documented against another therapy (`other_therapy`) or is doubtful
  (`doubtful_finding`: possible CHIP or germline).
Otherwise it `applies`. Options are listed applies first, then undetermined, then
does-not-apply; within each by AMP/ASCO/CAP level (A first), then by the CIViC rating of their
items (5 first; unrated after rated), then by evidence level.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial

from .conditions import Conditions, Judgement
from .context import Context
from .kb.knowledge_base import KnowledgeBase
from .merging import amp_rank, merge_same_verdict
from .model import (
    Applicability,
    ConditionKind,
    ConditionState,
    Finding,
    Flag,
    Reason,
    ReasonKind,
    RescueOption,
)
from .words import drug_words, join_words

APPLIES, UNDETERMINED, DOES_NOT_APPLY = (Applicability.APPLIES, Applicability.UNDETERMINED,
                                         Applicability.DOES_NOT_APPLY)
#: a reason and what it does to the verdict (None: it only informs)
Weighed = tuple[Reason, Applicability | None]
#: flags that make a finding too uncertain to rule an option in or out on its own
DOUBT = {Flag.POSSIBLE_CHIP: "may come from blood cells (clonal haematopoiesis)",
         Flag.POSSIBLE_GERMLINE: "may be inherited (germline) rather than from the tumour",
         Flag.VAF_INCONSISTENT_WITH_TUMOR_FRACTION: "has a VAF the tumour fraction does not "
                                                    "explain"}


#: findings resisting an option's drugs given one reason each; the rest share one reason
#: naming the first `MAX_RESISTING_NAMED` of them and counting the others
MAX_RESISTING_SHOWN = 5
MAX_RESISTING_NAMED = 10


class _Resisting:
    """The findings resisting one regimen, in finding order, with their verdicts counted.
    Each reason is written only when shown (`reason()`): with thousands of findings most are
    only counted."""

    def __init__(self, items: list[tuple[int, Applicability, Callable[[], Reason]]]):
        self.items = items
        self.effect_of = {index: effect for index, effect, _ in items}
        self.effects = Counter(effect for _, effect, _ in items)


class Judge:
    def __init__(self, *, kb: KnowledgeBase, context: Context, conditions: Conditions,
                 findings: list[Finding]):
        self.kb = kb
        self.context = context
        self.conditions = conditions
        self.findings = findings
        self.states: dict[tuple[int, str], tuple[ConditionState, list[Judgement]]] = {}
        self._resisting: dict[tuple, _Resisting] = {}
        self._resists = [frozenset(f.resists) for f in findings]
        self._labels = [f.label for f in findings]
        self._drugs: dict[tuple, frozenset[str]] = {}

    def drugs_of(self, option: RescueOption) -> frozenset[str]:
        """Every drug an option may give: the named drugs and the members of its classes."""
        key = (tuple(option.drugs), tuple(option.drug_classes))
        drugs = self._drugs.get(key)
        if drugs is None:
            found = set(option.drugs)
            for item in option.drug_classes:
                name, _, gens = item.partition(":")
                found.update(self.kb.drugs.in_class(name, tuple(g for g in gens.split(",")
                                                                if g)))
            drugs = self._drugs[key] = frozenset(found)
        return drugs

    def condition_states(self) -> None:
        for index, finding in enumerate(self.findings):
            for option in finding.rescue_options:
                entry = self.kb.rescue_by_id(option.kb_entry)
                state, judgements = self.conditions.judge_all(entry.condition, finding.subject)
                option.condition_status = state if entry.condition else None
                self.states[(index, option.kb_entry)] = (state, judgements)

    def judge(self, index: int, finding: Finding, option: RescueOption) -> None:
        _, judgements = self.states[(index, option.kb_entry)]
        weighed = [(Reason(kind=_CONDITION_KIND[j.state], detail=_sentence(j.detail)),
                    _CONDITION_EFFECT[j.state]) for j in judgements]
        weighed += self.history(option)
        weighed += self.own_resistance(finding, option)
        weighed += self.resisted_by(index, option)
        weighed += self.finding_doubts(finding)
        option.reasons = [reason for reason, _ in weighed]
        effects = [effect for _, effect in weighed if effect is not None]
        option.applicability = max(effects, key=lambda a: a.rank, default=APPLIES)

    def history(self, option: RescueOption) -> list[Weighed]:
        """The regimen was given as one line: no rescue. A drug received and continued in a
        documented combination is said so."""
        out = []
        given = next((t for t in self.context.therapies
                      if not option.drug_classes and option.drugs
                      and set(option.drugs) <= set(t.drugs)), None)
        if given is not None:
            line = "" if set(given.drugs) == set(option.drugs) else f" (in {given.name})"
            out.append((Reason(kind=ReasonKind.ALREADY_RECEIVED, detail=_sentence(
                f"{option.regimen} was already given{line}, and the disease progressed")),
                DOES_NOT_APPLY))
        received = {d for t in self.context.therapies for d in t.drugs}
        for drug in option.continues:
            if drug in received and given is None:
                out.append((Reason(kind=ReasonKind.CONTINUES, detail=_sentence(
                    f"{drug} is continued beyond progression in this combination, as the "
                    "source defines this option")), None))
        return out

    def own_resistance(self, finding: Finding, option: RescueOption) -> list[Weighed]:
        resisted = sorted(_resisted(option, set(finding.resists),
                                    self.kb) - set(option.continues))
        if not resisted:
            return []
        return [(Reason(kind=ReasonKind.RESISTED_BY, finding=finding.label, detail=_sentence(
            f"{finding.label} itself is documented to resist "
            f"{join_words([drug_words(d) for d in resisted])}, and the source does not say "
            "this option continues it")), UNDETERMINED)]

    def resisted_by(self, index: int, option: RescueOption) -> list[Weighed]:
        """Other findings documented to resist a drug of the regimen: the first
        `MAX_RESISTING_SHOWN` in finding order each with its reason, the rest counted in one
        reason that carries the strongest of their verdicts."""
        resisting = self.resisting(option)
        first = [item for item in
                 resisting.items[:MAX_RESISTING_SHOWN + MAX_RESISTING_NAMED + 1]
                 if item[0] != index]
        shown = [(reason(), effect) for _, effect, reason in first[:MAX_RESISTING_SHOWN]]
        hidden = resisting.effects.copy()
        hidden.subtract(effect for _, effect in shown)
        if index in resisting.effect_of:
            hidden[resisting.effect_of[index]] -= 1
        left = [effect for effect, count in hidden.items() if count > 0]
        if left:
            count = sum(hidden[effect] for effect in left)
            labels = [self._labels[other] for other, _, _ in
                      first[MAX_RESISTING_SHOWN:MAX_RESISTING_SHOWN + MAX_RESISTING_NAMED]]
            if count > len(labels):
                labels.append(f"{count - len(labels)} others")
            shown.append((Reason(kind=ReasonKind.RESISTED_BY, detail=_sentence(
                f"{count} more findings, also detected, are documented to resist a drug of "
                f"this regimen: {join_words(labels)}")),
                max(left, key=lambda a: a.rank)))
        return shown

    def resisting(self, option: RescueOption) -> _Resisting:
        """Every finding documented to resist a drug of the option, once per regimen (drugs,
        classes and the alterations its condition names): a sample with thousands of
        findings judges each option without reading all the others again."""
        named = frozenset(a.label for c in self.kb.rescue_by_id(option.kb_entry).condition
                          if c.kind in _PRESENT and c.target.pattern is not None
                          for a in self.conditions.detected(c.target))
        key = (tuple(sorted(option.drugs)), tuple(sorted(option.drug_classes)), named)
        if key not in self._resisting:
            self._resisting[key] = _Resisting(self.find_resisting(option, named))
        return self._resisting[key]

    def find_resisting(self, option: RescueOption, named: frozenset[str]) -> list[
            tuple[int, Applicability, Callable[[], Reason]]]:
        """Not the findings the option's condition names (`trans:EGFR T790M` means T790M is
        part of the case it documents) nor possibly inherited ones (present before treatment,
        they cannot explain resistance)."""
        out: list[tuple[int, Applicability, Callable[[], Reason]]] = []
        drugs = self.drugs_of(option)
        for other_index, other in enumerate(self.findings):
            if self._labels[other_index] in named or Flag.POSSIBLE_GERMLINE in other.flags:
                continue
            resists = self._resists[other_index]
            hit = sorted(_resisted(option, resists, self.kb)) \
                if not drugs.isdisjoint(resists) else []
            if hit:
                out.append((other_index, *self.resistance_reason(other_index, other, hit)))
                continue
            maybe = [a for a in other.alternatives
                     if _resisted(option, set(a.resists), self.kb)]
            if maybe:
                out.append((other_index, UNDETERMINED, partial(
                    Reason, kind=ReasonKind.RESISTED_BY, finding=other.label,
                    detail=_sentence(f"{other.label} would also resist it "
                                     f"{maybe[0].condition_text}"))))
        return out

    def resistance_reason(self, index: int, other: Finding, drugs: list[str]
                          ) -> tuple[Applicability, Callable[[], Reason]]:
        """The verdict another finding resisting `drugs` gives, and its reason, written when
        asked for."""
        doubt = next((words for flag, words in DOUBT.items() if flag in other.flags), None)
        if doubt:
            return UNDETERMINED, partial(_resisted_reason, other, drugs, f", but it {doubt}")
        open_options = [(o, self.states[(index, o.kb_entry)]) for o in other.rescue_options
                        if set(drugs) & self.drugs_of(o)
                        and self.states[(index, o.kb_entry)][0] != ConditionState.FAILED]
        if open_options:
            o, (state, _) = open_options[0]
            settled = "" if state == ConditionState.MET else \
                ", whose condition is not settled here"
            return UNDETERMINED, partial(_resisted_reason, other, drugs,
                                         f" (overcome only by {o.regimen}{settled})")
        return DOES_NOT_APPLY, partial(_resisted_reason, other, drugs, "")

    def finding_doubts(self, finding: Finding) -> list[Weighed]:
        out: list[Weighed] = []
        if not finding.context_match:
            assessed = self.context.assessed.name if self.context.assessed else "no therapy"
            out.append((Reason(kind=ReasonKind.OTHER_THERAPY, finding=finding.label,
                               detail=_sentence(f"{finding.label} is not documented to explain "
                                                f"progression on {assessed}; this option "
                                                "follows another therapy")), UNDETERMINED))
        for flag, words in DOUBT.items():
            if flag in finding.flags:
                out.append((Reason(kind=ReasonKind.DOUBTFUL_FINDING, finding=finding.label,
                                   detail=_sentence(f"{finding.label} {words}")), UNDETERMINED))
        return out


#: conditions that put another alteration in the option's documented case
_PRESENT = (ConditionKind.WITH, ConditionKind.CIS, ConditionKind.TRANS)
_CONDITION_KIND = {ConditionState.MET: ReasonKind.CONDITION_MET,
                   ConditionState.FAILED: ReasonKind.CONDITION_NOT_MET,
                   ConditionState.UNKNOWN: ReasonKind.CONDITION_UNDETERMINED}
_CONDITION_EFFECT = {ConditionState.MET: None, ConditionState.FAILED: DOES_NOT_APPLY,
                     ConditionState.UNKNOWN: UNDETERMINED}


def _resisted_reason(other: Finding, drugs: list[str], then: str) -> Reason:
    return Reason(kind=ReasonKind.RESISTED_BY, finding=other.label, detail=_sentence(
        f"{other.label}, also detected, is documented to resist "
        f"{join_words([drug_words(d) for d in drugs])}{then}"))


def _resisted(option: RescueOption, resists: frozenset[str] | set[str],
              kb: KnowledgeBase) -> set[str]:
    """The named drugs of the option another finding resists; a class counts only when every
    drug of it is resisted (the class offers the others)."""
    hit = set(option.drugs) & resists
    for item in option.drug_classes:
        name, _, gens = item.partition(":")
        members = set(kb.drugs.in_class(name, tuple(g for g in gens.split(",") if g)))
        if members and members <= resists:
            hit.add(item)
    return hit


def _lower(text: str) -> str:
    """A sentence's first letter lowered, unless it starts a gene symbol (`EGFR ...`)."""
    text = text.rstrip(".")
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def judge_options(*, kb: KnowledgeBase, context: Context, conditions: Conditions,
                  findings: list[Finding]) -> None:
    """Fill each option's applicability and reasons; order the options."""
    judge = Judge(kb=kb, context=context, conditions=conditions, findings=findings)
    judge.condition_states()
    for index, finding in enumerate(findings):
        for option in finding.rescue_options:
            judge.judge(index, finding, option)
        finding.rescue_options = merge_same_verdict(finding.rescue_options)
        finding.rescue_options.sort(key=lambda o: (
            o.applicability.rank, amp_rank(o.amp_level), -(o.civic_rating or 0),
            o.evidence_level.rank, o.kb_entry))
