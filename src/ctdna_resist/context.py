"""The sample's context: therapies in order (the last is assessed), the driver, tumour fraction."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import UsageError
from .kb.load import KnowledgeBase
from .model import Alteration, Flag, Kind
from .normalize.alterations import AlterationBuilder, AlterationError
from .normalize.drugs import Therapy
from .phase import PairPhase
from .words import counted, percent

KB_TUMOR_TYPES = {"nsclc", "non-small cell lung cancer", "non small cell lung cancer",
                  "luad", "lusc", "lung adenocarcinoma", "lung squamous cell carcinoma"}


@dataclass
class Context:
    sample_id: str
    tumor_type: str
    therapies: list[Therapy]
    driver: Alteration | None = None
    driver_method: str = ""
    tumor_fraction: float | None = None
    tumor_fraction_method: str | None = None
    #: frozenset of two Alteration.key -> their phase as read (phase.py)
    phases: dict[frozenset, PairPhase] = field(default_factory=dict)
    bam: str | None = None  # the reads phases were read from, when given
    #: whether the driver was given (--driver) and found in the input
    driver_given: bool = False
    driver_detected: bool = False
    #: the input had a matched normal (tumour/normal calling): no germline variant expected
    matched_normal: bool = False
    #: the other alterations of a compound driver (EGFR G719A + S768I): drivers, not findings
    co_drivers: list[Alteration] = field(default_factory=list)

    @property
    def assessed(self) -> Therapy | None:
        """Resistance is assessed against the most recent therapy (given last)."""
        return self.therapies[-1] if self.therapies else None

    @property
    def tumor_type_in_kb(self) -> bool:
        return self.tumor_type.strip().lower() in KB_TUMOR_TYPES


def resolve_therapies(values: list[str], kb: KnowledgeBase) -> list[Therapy]:
    return [kb.drugs.therapy(v) for v in values]


def parse_driver(text: str, builder: AlterationBuilder) -> Alteration:
    """`--driver "EGFR L858R"`, `"EGFR exon 19 deletion"`, `"EML4-ALK"`, `"ALK fusion"`."""
    gene, _, rest = text.strip().partition(" ")
    try:
        return builder.build(gene, rest.strip() if rest.strip() else
                             ("fusion" if builder.split_pair(gene) else ""))
    except AlterationError as exc:
        raise UsageError(f"--driver '{text}': {exc}") from None


def same_driver(given: Alteration, found: Alteration) -> bool:
    if given.gene != found.gene or given.alteration != found.alteration:
        return False
    if given.hgvs_p and found.hgvs_p and given.hgvs_p != found.hgvs_p:
        return False
    return given.partner is None or given.partner == found.partner


def infer_driver(alterations: list[Alteration], therapies: list[Therapy],
                 kb: KnowledgeBase) -> tuple[Alteration | None, str, list[Alteration]]:
    """The known sensitising driver in the input: the one the most recent therapy targets,
    else one an earlier therapy targets, else a known driver in a gene the most recent therapy
    targets (EGFR G719A on osimertinib: a tumour is not left without its driver because the
    sources do not name the drug given; an ALK fusion on osimertinib stays a finding). A
    principal (tier 1) driver wins over uncommon (tier 2) ones; uncommon drivers of one gene
    without a principal one are a compound driver (EGFR G719A + S768I): the first is the
    driver, the others its companions. When none or several unrelated ones qualify, say so
    rather than guess. Returns (driver, how it was found, companions)."""
    if not therapies:
        return None, "not inferred: no therapy given", []
    assessed = therapies[-1]
    levels = [([assessed], f"the known sensitising driver {assessed.name} targets"),
              (therapies[:-1], "a known sensitising driver an earlier therapy targets"),
              (None, f"a known sensitising driver in a gene {assessed.name} targets (the "
                     "sources do not document the drug against this change)")]
    targeted_genes = {g for d in assessed.drugs if d in kb.drugs.drugs
                      for g in kb.drugs.drugs[d].targets}
    for lines, how in levels:
        candidates = _driver_candidates(alterations, lines, kb)
        if lines is None:  # never an alteration of another gene: an acquired fusion stays one
            candidates = [(tier, a) for tier, a in candidates if a.gene in targeted_genes]
        if not candidates:
            continue
        best = min(tier for tier, _ in candidates)
        chosen = [a for tier, a in candidates if tier == best]
        if len(chosen) == 1:
            return chosen[0], f"inferred: {how}", []
        if best == 2 and len({a.gene for a in chosen}) == 1:
            chosen.sort(key=lambda a: -(a.vaf or 0.0))
            labels = " + ".join(a.label for a in chosen)
            return chosen[0], f"inferred: a compound driver ({labels}), {how}", chosen[1:]
        labels = ", ".join(a.label for a in chosen)
        return None, (f"not inferred: several candidate drivers ({labels}); give one with "
                      "--driver"), []
    return None, (f"not inferred: no known sensitising driver targeted by {assessed.name} "
                  "in the input"), []


def _driver_candidates(alterations: list[Alteration], lines: list[Therapy] | None,
                       kb: KnowledgeBase) -> list[tuple[int, Alteration]]:
    """(tier, alteration) of the drivers in the input targeted by one of `lines` (None: any)."""
    drugs = None if lines is None else {d for t in lines for d in t.drugs}
    found: dict[int, tuple[int, Alteration]] = {}
    for driver in kb.drivers:
        if drugs is not None and not set(kb.expand(driver.targeted_by)) & drugs:
            continue
        for alteration in alterations:
            if driver.target.matches(alteration):
                tier = min(driver.tier, found.get(id(alteration), (driver.tier,))[0])
                found[id(alteration)] = (tier, alteration)
    return list(found.values())


def is_chip_gene(kb: KnowledgeBase, gene: str, min_fraction: float) -> bool:
    """A canonical CH gene (no fraction stated) or one whose plasma variants are of CH origin at
    least `min_fraction` of the time (chip_genes.tsv)."""
    if gene not in kb.chip_genes:
        return False
    fraction = kb.chip_genes[gene]
    return fraction is None or fraction >= min_fraction


TF_ASSUMPTIONS = "assuming a clonal, heterozygous, copy-neutral variant"
TF_NONE = "unknown: no somatic variant detected"


def estimate_tumor_fraction(alterations: list[Alteration], driver: Alteration | None,
                            kb: KnowledgeBase, thresholds: dict[str, float]
                            ) -> tuple[float | None, str]:
    """Tumour fraction from the plasma VAFs: a clonal, heterozygous, copy-neutral somatic variant
    sits at VAF = TF / 2, so TF = 2 x VAF, taking the highest over the variants that qualify.

    Qualify: small variants with a VAF in knowledge-base genes, except those at a locus whose
    copy number the input says is changed (a gained allele inflates the VAF), and - the driver
    excepted, which is known to be somatic - possible clonal-haematopoiesis variants, variants
    below the limit of detection (`low_vaf`) and possibly germline ones (`germline_min_vaf`).
    Returns (None, reason) when nothing qualifies.
    """
    cn_genes = {a.gene for a in alterations if a.kind in (Kind.AMPLIFICATION, Kind.DELETION)}
    used: list[tuple[float, bool, Alteration]] = []
    excluded: list[str] = []
    for alteration in alterations:
        if alteration.kind not in (Kind.SNV, Kind.INDEL, Kind.SPLICE) or alteration.vaf is None \
                or kb.germline_polymorphism(alteration) is not None:  # inherited: not tumour
            continue
        is_driver = driver is not None and (alteration is driver or
                                            same_driver(driver, alteration))
        reason = _not_for_tumor_fraction(alteration, is_driver, cn_genes, kb, thresholds)
        if reason:
            excluded.append(f"{alteration.label} ({reason})")
        else:
            used.append((alteration.vaf, is_driver, alteration))
    if not used:
        if excluded:
            return None, "unknown: no somatic variant usable (" + "; ".join(excluded) + ")"
        return None, TF_NONE
    vaf, is_driver, best = max(used, key=lambda u: (u[0], u[1]))
    fraction = min(1.0, round(2 * vaf, 4))
    if is_driver:
        return fraction, f"estimated: 2 × driver VAF ({best.label} {percent(vaf)}), " \
                         f"{TF_ASSUMPTIONS}"
    driver_note = ""
    if driver is not None and driver.vaf is not None:
        driver_note = f"; driver {driver.label} {percent(driver.vaf)}"
    return fraction, (f"estimated: 2 × VAF of {best.label} ({percent(vaf)}), the highest of "
                      f"{counted(len(used), 'somatic variant')} used{driver_note}, "
                      f"{TF_ASSUMPTIONS}")


def _not_for_tumor_fraction(alteration: Alteration, is_driver: bool, cn_genes: set[str],
                            kb: KnowledgeBase, thresholds: dict[str, float]) -> str | None:
    if alteration.gene in cn_genes:
        return "copy-number change at the locus"
    if is_driver:
        return None
    if alteration.gene not in kb.genes:
        return "not a knowledge-base gene"
    if is_chip_gene(kb, alteration.gene, thresholds["chip_min_fraction"]) or \
            Flag.POSSIBLE_CHIP in alteration.flags:  # the gene, or the caller's CH column
        return "possible clonal haematopoiesis"
    if alteration.vaf < thresholds["low_vaf"]:
        return f"VAF below {percent(thresholds['low_vaf'])}"
    if alteration.vaf >= thresholds["germline_min_vaf"]:
        return "possibly germline"
    return None
