"""The sample's context: therapies in order (the last is assessed), the driver, tumour fraction."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import UsageError
from .kb.load import KnowledgeBase
from .model import Alteration
from .normalize.alterations import AlterationBuilder, AlterationError
from .normalize.drugs import Therapy

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
    #: (key of alteration A, key of alteration B) -> "cis" | "trans" | "undetermined"
    phases: dict[frozenset, dict] = field(default_factory=dict)

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
                 kb: KnowledgeBase) -> tuple[Alteration | None, str]:
    """The known sensitising driver in the input that the most recent therapy targets.
    When none or several qualify, say so rather than guess."""
    if not therapies:
        return None, "not inferred: no therapy given"
    assessed = therapies[-1]
    candidates: list[Alteration] = []
    for driver in kb.drivers:
        if not set(kb.expand(driver.targeted_by)) & set(assessed.drugs):
            continue
        for alteration in alterations:
            if driver.target.matches(alteration) and alteration not in candidates:
                candidates.append(alteration)
    if len(candidates) == 1:
        return candidates[0], f"inferred: the known sensitising driver {assessed.name} targets"
    if not candidates:
        return None, (f"not inferred: no known sensitising driver targeted by {assessed.name} "
                      "in the input")
    labels = ", ".join(c.label for c in candidates)
    return None, f"not inferred: several candidate drivers ({labels}); give one with --driver"


def estimate_tumor_fraction(driver: Alteration | None) -> tuple[float | None, str | None]:
    """A heterozygous, copy-neutral clonal driver sits at VAF = TF / 2."""
    if driver is None or driver.vaf is None or driver.kind.value not in ("snv", "indel"):
        return None, None
    return min(1.0, round(2 * driver.vaf, 4)), \
        f"estimated: 2 x driver VAF ({driver.label} at {driver.vaf:.2%})"
