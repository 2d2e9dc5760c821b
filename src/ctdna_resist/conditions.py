"""Knowledge-base conditions judged against one sample: the other alterations detected (and
what the input could have shown), the phase of nearby variants, the driver, the treatment
history and the tumour type. Each judgement is a state and one plain sentence for readers.

Absence counts as established only when the alteration could have been seen: the input covers
its gene (for its kind: small variant, copy number, fusion) and the tumour fraction is above
`absence_min_tumor_fraction`. Otherwise "not detected" is undetermined, never taken as absent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .context import Context
from .kb.knowledge_base import KnowledgeBase
from .kb.patterns import Condition, GenePattern
from .model import Alteration, ConditionKind, ConditionState, PhaseCall
from .words import percent

MET, UNKNOWN, FAILED = ConditionState.MET, ConditionState.UNKNOWN, ConditionState.FAILED
_PHASE_WORDS = {PhaseCall.CIS: "on the same DNA molecule as",
                PhaseCall.TRANS: "on a different DNA molecule from"}


@dataclass(frozen=True)
class Judgement:
    state: ConditionState
    detail: str  # one plain sentence, e.g. "EGFR T790M is detected"


@dataclass
class Coverage:
    """What the input could have shown: genes per kind of alteration. `panel_genes` (from
    --panel-genes) covers small variants; copy-number and fusion files cover every gene."""

    small_variant_genes: set[str] = field(default_factory=set)
    copy_number_genes: set[str] = field(default_factory=set)
    fusion_genes: set[str] = field(default_factory=set)
    all_copy_number: bool = False
    all_fusions: bool = False

    def covers(self, gene: str, kind: str) -> bool:
        if kind == "copy_number":
            return self.all_copy_number or gene in self.copy_number_genes
        if kind == "fusion":
            return self.all_fusions or gene in self.fusion_genes
        return gene in self.small_variant_genes


def kind_of(target: GenePattern) -> str:
    """Which part of an assay would show a pattern: small variants, copy number or fusions."""
    words = {a.value for a in target.pattern.alternatives} if target.pattern else set()
    if words & {"amplification", "deletion"}:
        return "copy_number"
    if "fusion" in words:
        return "fusion"
    return "small_variant"


class Conditions:
    """Judges conditions for one sample. Detected alterations are looked up by gene, and each
    condition target's matches are memoised, so a dense panel is not compared pairwise."""

    def __init__(self, *, kb: KnowledgeBase, context: Context, alterations: list[Alteration],
                 coverage: Coverage, thresholds: dict[str, float]):
        self.kb = kb
        self.context = context
        self.coverage = coverage
        self.min_tf = thresholds["absence_min_tumor_fraction"]
        self.by_gene: dict[str, list[Alteration]] = {}
        for alteration in alterations:
            self.by_gene.setdefault(alteration.gene, []).append(alteration)
        self._detected: dict[GenePattern, list[Alteration]] = {}

    def detected(self, target: GenePattern) -> list[Alteration]:
        found = self._detected.get(target)
        if found is None:
            found = self._detected[target] = [
                a for a in self.by_gene.get(target.gene, ()) if target.matches(a)]
        return found

    def judge_all(self, conditions, subject: Alteration | None, *,
                  seen_only: bool = False) -> tuple[ConditionState, list[Judgement]]:
        """All must hold: FAILED if any fails, else UNKNOWN if any is undetermined, else MET.
        `seen_only`: a `with:` alteration counts only when detected (a resistance entry
        documented with a co-alteration is not kept open for one nobody saw)."""
        judgements = [self.judge(c, subject) for c in conditions]
        if seen_only:
            judgements = [Judgement(FAILED, f"{c.target} is not detected")
                          if c.kind is ConditionKind.WITH and j.state == UNKNOWN else j
                          for c, j in zip(conditions, judgements, strict=True)]
        states = {j.state for j in judgements}
        state = FAILED if FAILED in states else UNKNOWN if UNKNOWN in states else MET
        return state, judgements

    def judge(self, cond: Condition, subject: Alteration | None) -> Judgement:
        kind = cond.kind
        if kind is ConditionKind.DRIVER:
            return self._driver(cond.target)
        if kind in (ConditionKind.RECEIVED, ConditionKind.NOT_RECEIVED,
                    ConditionKind.RECEIVED_ALONE):
            return self._history(cond)
        if kind is ConditionKind.TUMOR_TYPE:
            return self._tumor_type(cond.value or "")
        if kind is ConditionKind.AMPLIFIED_ALLELE:
            return amplified_allele(cond.target.gene, cond.value or "", subject, self.context)
        found = [a for a in self.detected(cond.target) if a is not subject]
        if kind in (ConditionKind.WITH, ConditionKind.WITHOUT):
            return self._presence(cond.target, found, wanted=kind is ConditionKind.WITH)
        return self._phase(cond, subject, found)

    # -- presence and absence ---------------------------------------------------------------

    def absence_doubt(self, target: GenePattern) -> str | None:
        """Why "not detected" does not establish absence here, or None when it does."""
        what = kind_of(target)
        if not self.coverage.covers(target.gene, what):
            part = {"copy_number": "copy number of ", "fusion": "fusions of "}.get(what, "")
            return f"the input does not cover {part}{target.gene}"
        tf = self.context.tumor_fraction
        if tf is None:
            return "the tumour fraction is unknown, so a negative result is not conclusive"
        if tf <= self.min_tf:
            return f"at tumour fraction {percent(tf)} it could be missed"
        return None

    def _presence(self, target: GenePattern, found: list[Alteration], wanted: bool) -> Judgement:
        if found:
            return Judgement(MET if wanted else FAILED, f"{found[0].label} is detected")
        doubt = self.absence_doubt(target)
        if doubt:
            return Judgement(UNKNOWN, f"{target} is not detected, but {doubt}")
        return Judgement(FAILED if wanted else MET, f"{target} is not detected "
                         f"(tumour fraction {percent(self.context.tumor_fraction)})")

    def _phase(self, cond: Condition, subject: Alteration | None,
               found: list[Alteration]) -> Judgement:
        name = subject.alteration if subject is not None else "this change"
        if not found:
            doubt = self.absence_doubt(cond.target)
            detail = f"{cond.target} is not detected" + (f", but {doubt}" if doubt else "")
            return Judgement(UNKNOWN if doubt else FAILED, detail)
        calls = set()
        for other in found:
            known = self.context.phases.get(frozenset((subject.key, other.key))) \
                if subject is not None else None
            calls.add(known.call if known else PhaseCall.UNDETERMINED)
        other = found[0].label
        if cond.kind in calls:
            return Judgement(MET, f"{name} is {_PHASE_WORDS[cond.kind]} {other} (from reads)")
        settled = calls - {PhaseCall.UNDETERMINED}
        if settled:
            call = next(iter(settled))
            return Judgement(FAILED, f"{name} is {_PHASE_WORDS[call]} {other} (from reads)")
        how = "reads given with --bam would settle it" if self.context.bam is None else \
            "the reads given do not settle it"
        return Judgement(UNKNOWN, f"whether {name} is {_PHASE_WORDS[cond.kind]} {other} is not "
                         f"determined: {how}")

    # -- the driver, the history, the tumour type ---------------------------------------------

    def _driver(self, target: GenePattern) -> Judgement:
        driver = self.context.driver
        if driver is None:
            return Judgement(UNKNOWN, f"documented with a {target} driver; the driver here is "
                             "not known")
        if target.matches(driver):
            return Judgement(MET, f"the driver is {driver.label}")
        return Judgement(FAILED, f"documented with a {target} driver; the driver here is "
                         f"{driver.label}")

    def _history(self, cond: Condition) -> Judgement:
        therapies = self.context.therapies
        drugs = set(self.kb.expand((cond.therapy,)))
        name = str(cond.therapy)
        if not therapies:
            return Judgement(UNKNOWN, f"documented after {name}; no treatment history was given")
        if cond.kind is ConditionKind.RECEIVED_ALONE:
            alone = [t.name for t in therapies if t.drugs and set(t.drugs) <= drugs]
            if alone:
                return Judgement(MET, f"{alone[0]} was received alone")
            return Judgement(FAILED, f"documented after {name} alone, which was not received")
        received = [t.name for t in therapies if set(t.drugs) & drugs]
        if cond.kind is ConditionKind.RECEIVED:
            if received:
                return Judgement(MET, f"{received[0]} was received")
            return Judgement(FAILED, f"documented after {name}, which was not received")
        if received:
            return Judgement(FAILED, f"documented when {name} was not received; "
                             f"{received[0]} was")
        return Judgement(MET, f"{name} was not received")

    def _tumor_type(self, wanted: str) -> Judgement:
        here = self.context.tumor_type
        same = self.context.tumor_type_in_kb if wanted.lower() == "nsclc" else \
            here.strip().lower() == wanted.strip().lower()
        if same:
            return Judgement(MET, f"the tumour type is {here}")
        return Judgement(FAILED, f"documented in {wanted}; the tumour type here is {here}")


def amplified_allele(gene: str, wanted: str, subject: Alteration | None,
                     context: Context) -> Judgement:
    """Which allele of an amplified gene carries the extra copies, from the driver's VAF: with
    tumour fraction f, tumour copy number T and plasma copy number P, the driver sits near
    f(T-1)/P when its (mutant) allele is amplified and near f/P when the wild-type one is."""
    driver, tf = context.driver, context.tumor_fraction
    unknown = Judgement(UNKNOWN, f"which {gene} allele carries the extra copies is not "
                        "determined (it needs the driver's VAF, the tumour fraction and the "
                        "copy number)")
    if subject is None or driver is None or driver.gene != gene or driver.vaf is None or \
            not tf or (subject.copy_number is None and subject.tumor_copy_number is None):
        return unknown
    tumour_cn = subject.tumor_copy_number if subject.tumor_copy_number is not None else \
        (subject.copy_number - 2 * (1 - tf)) / tf
    plasma_cn = subject.copy_number if subject.copy_number is not None else \
        tf * tumour_cn + 2 * (1 - tf)
    if tumour_cn < 3 or plasma_cn <= 0:
        return unknown
    if_mutant, if_wild = tf * (tumour_cn - 1) / plasma_cn, tf / plasma_cn
    carrier = "mutant" if abs(driver.vaf - if_mutant) < abs(driver.vaf - if_wild) else \
        "wild-type"
    detail = (f"the driver's VAF ({percent(driver.vaf)}) fits extra copies of the {carrier} "
              f"{gene} allele (expected about {percent(if_wild)} if the wild-type allele is "
              f"amplified, {percent(if_mutant)} if the mutant one is)")
    return Judgement(MET if carrier == wanted else FAILED, detail)
