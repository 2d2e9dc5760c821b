"""ctDNA interpretation of findings: clonality, copy number, CHIP, flags, ranking, the summary.

Flags are a closed list (annotations/flags.tsv); every threshold has a documented default
(annotations/thresholds.tsv) that `--threshold NAME=VALUE` may override. A threshold is a strict
lower bound: a value equal to it is not flagged.
"""

from __future__ import annotations

from .context import Context, is_chip_gene
from .kb.load import KnowledgeBase
from .model import Explains, Explanation, Finding, Flag, OtherAlteration
from .normalize.drugs import Therapy

#: flags that make a finding a weaker explanation (ranked after unflagged ones, named in the
#: summary); `subclonal` is not among them: clonality itself orders the findings
DOUBT_FLAGS = {
    Flag.POSSIBLE_GERMLINE: "possibly germline",
    Flag.POSSIBLE_CHIP: "possibly clonal haematopoiesis",
    Flag.VAF_INCONSISTENT_WITH_TUMOR_FRACTION: "VAF inconsistent with the tumour fraction",
    Flag.LOW_VAF: "low VAF",
    Flag.LOW_DEPTH: "low depth",
    Flag.AMPLIFICATION_BORDERLINE: "borderline amplification",
}
SUMMARY_WORDS = {Flag.SUBCLONAL: "subclonal", **DOUBT_FLAGS}


def _flag(kb: KnowledgeBase, flags: list[str], name: Flag) -> None:
    if name not in kb.flags:
        raise KeyError(f"flag '{name}' is not in flags.tsv")  # a programming error
    if name not in flags:
        flags.append(name)


def tumor_copy_number(plasma_cn: float, tumor_fraction: float) -> float:
    """Plasma CN = TF x tumour CN + (1 - TF) x 2 (normal cells diploid), solved for tumour CN."""
    return max(0.0, round((plasma_cn - 2 * (1 - tumor_fraction)) / tumor_fraction, 1))


def interpret(findings: list[Finding], others: list[OtherAlteration], context: Context,
              kb: KnowledgeBase, thresholds: dict[str, float]) -> None:
    """Fill clonality, tumour copy number and flags in place."""
    t = thresholds
    for item in [*findings, *others]:
        if item.vaf is not None and item.vaf < t["low_vaf"]:
            _flag(kb, item.flags, Flag.LOW_VAF)
        if (item.depth is not None and item.depth < t["min_depth"]) or \
                (item.alt_depth is not None and item.alt_depth < t["min_alt_reads"]):
            _flag(kb, item.flags, Flag.LOW_DEPTH)
        if is_chip_gene(kb, item.gene, t["chip_min_fraction"]):
            _flag(kb, item.flags, Flag.POSSIBLE_CHIP)
        if not _is_driver(item, context) and possibly_germline(item.vaf, item.depth, context, t):
            _flag(kb, item.flags, Flag.POSSIBLE_GERMLINE)
    for finding in findings:
        _interpret_finding(finding, context, kb, t)
        finding.explains = explain(finding.context_match, finding.resists, context.therapies)
        for alternative in finding.alternatives:
            alternative.explains = explain(alternative.context_match, alternative.resists,
                                           context.therapies)


def _is_driver(item: Finding | OtherAlteration, context: Context) -> bool:
    driver = context.driver
    return driver is not None and (item.gene, item.alteration) == (driver.gene, driver.alteration)


def possibly_germline(vaf: float | None, depth: int | None, context: Context,
                      t: dict[str, float]) -> bool:
    """In tumour-only data: a VAF near 50% (germline_min_vaf to germline_het_max_vaf) or near
    100% (from germline_hom_min_vaf), read at adequate depth, and far above the tumour
    fraction (a somatic variant cannot exceed it unless the tumour gained its allele)."""
    if context.matched_normal or vaf is None or depth is None or depth < t["germline_min_depth"]:
        return False
    near = t["germline_min_vaf"] <= vaf <= t["germline_het_max_vaf"] or \
        vaf >= t["germline_hom_min_vaf"]
    tf = context.tumor_fraction
    return near and tf is not None and vaf >= t["germline_tf_ratio"] * tf


def explain(context_match: bool, resists: list[str], therapies: list[Therapy]) -> Explanation:
    """Whether an entry documented against `resists` explains progression on the assessed
    therapy (the last of `therapies`), and why, in words: yes when it documents resistance to
    that therapy in this sample's context; not established when it names the therapy's drugs
    only in another driver context or under a condition not confirmed here; otherwise no (and
    which earlier therapy it does explain, if any)."""
    if not therapies:
        return Explanation(answer=Explains.NO_THERAPY,
                           detail=f"documented against {', '.join(resists)}")
    assessed, prior = therapies[-1], therapies[:-1]
    if context_match:
        named = [d for d in assessed.drugs if d in resists]
        part = f"{', '.join(named)}, part of {assessed.name}" \
            if len(assessed.drugs) > 1 and len(named) < len(assessed.drugs) else assessed.name
        return Explanation(answer=Explains.YES, detail=f"documented to cause resistance to {part}")
    if set(assessed.drugs) & set(resists):
        return Explanation(answer=Explains.NOT_ESTABLISHED,
                           detail=f"documented against {assessed.name} only in another driver "
                                  "context or under a condition not confirmed in this sample")
    earlier = [t.name for t in prior if set(t.drugs) & set(resists)]
    if earlier:
        return Explanation(answer=Explains.NO,
                           detail=f"explains progression on the earlier {', '.join(earlier)}, "
                                  f"not on {assessed.name}")
    return Explanation(answer=Explains.NO,
                       detail=f"documented against {', '.join(resists)}, not {assessed.name}")


def _interpret_finding(finding: Finding, context: Context, kb: KnowledgeBase,
                       t: dict[str, float]) -> None:
    driver = context.driver
    tf = context.tumor_fraction
    if finding.vaf is not None and driver is not None and driver.vaf:
        finding.clonality = round(finding.vaf / driver.vaf, 3)
        if finding.clonality < t["subclonal_clonality"]:
            _flag(kb, finding.flags, Flag.SUBCLONAL)
    # a gene that can carry CH mutations (the driver's gene excepted: its resistance changes
    # arise in the tumour under the therapy): is the VAF what the tumour fraction predicts?
    if finding.vaf is not None and tf and finding.gene in kb.chip_genes and \
            (driver is None or finding.gene != driver.gene):
        ratio = round(finding.vaf / (tf / 2), 6)
        if ratio > t["chip_vaf_ratio_high"] or ratio < t["chip_vaf_ratio_low"]:
            _flag(kb, finding.flags, Flag.VAF_INCONSISTENT_WITH_TUMOR_FRACTION)
    if finding.alteration == "amplification" and finding.plasma_copy_number is not None:
        _interpret_amplification(finding, tf, kb, t)
    if not context.tumor_type_in_kb:
        _flag(kb, finding.flags, Flag.TUMOR_TYPE_OUTSIDE_KB)


def _interpret_amplification(finding: Finding, tf: float | None, kb: KnowledgeBase,
                             t: dict[str, float]) -> None:
    if finding.tumor_copy_number is None:  # an input may state it (purity-corrected segments)
        if tf is None or tf < t["cn_min_tumor_fraction"]:
            _flag(kb, finding.flags, Flag.TUMOR_COPY_NUMBER_UNSTABLE)
        if tf is not None:
            finding.tumor_copy_number = tumor_copy_number(finding.plasma_copy_number, tf)
    if finding.plasma_copy_number < t["amp_borderline_plasma_cn"] or (
            finding.tumor_copy_number is not None and
            finding.tumor_copy_number < t["amp_min_tumor_cn"]):
        _flag(kb, finding.flags, Flag.AMPLIFICATION_BORDERLINE)


def strength(finding: Finding) -> float:
    """How much of the tumour the finding is in, for ranking: clonality (capped at 1) for
    variants; an amplification has no VAF, so one called confidently (no borderline or unstable
    flag) ranks with clonal variants (1.0) and a doubtful one after every measured variant (0)."""
    if finding.clonality is not None:
        return min(1.0, finding.clonality)
    if finding.alteration == "amplification" and finding.plasma_copy_number is not None:
        doubtful = {Flag.AMPLIFICATION_BORDERLINE, Flag.TUMOR_COPY_NUMBER_UNSTABLE} & \
            set(finding.flags)
        return 0.0 if doubtful else 1.0
    return 0.0


def rank_findings(findings: list[Finding]) -> list[Finding]:
    """What most likely explains progression on the assessed therapy first: documented for that
    therapy (context match), then free of doubt flags (CHIP, low VAF/depth, borderline
    amplification), then clonality (`strength`), then evidence strength, then VAF."""
    return sorted(findings, key=lambda f: (
        not f.context_match, bool(DOUBT_FLAGS.keys() & set(f.flags)), -strength(f),
        f.evidence_level.rank, -(f.vaf or 0.0), f.gene, f.alteration))
