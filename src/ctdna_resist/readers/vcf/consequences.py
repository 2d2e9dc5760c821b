"""Consequence annotations in VCF INFO: VEP `CSQ`, SnpEff `ANN`, bcftools csq `BCSQ`.

The field layout is always read from the header's description, never assumed from the tag: VEP
output written under an `ANN` tag is read as VEP. Every layout gives the same `Consequence`
entries; `choose` picks the MANE Select / canonical transcript among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from ...normalize.protein import parse_protein_change
from ..common import SkipRecord

#: field name in a header description -> role
_ROLES = {
    "allele": "allele",
    "consequence": "effect", "annotation": "effect",
    "symbol": "gene", "gene_name": "gene", "gene": "gene",
    "feature": "transcript", "feature_id": "transcript", "transcript": "transcript",
    "biotype": "biotype", "transcript_biotype": "biotype",
    "hgvsc": "hgvs_c", "hgvs.c": "hgvs_c",
    "hgvsp": "hgvs_p", "hgvs.p": "hgvs_p",
    "protein_position": "protein_position", "amino_acids": "amino_acids",
    "canonical": "canonical", "mane_select": "mane", "mane": "mane",
    "amino_acid_change": "aa_change", "dna_change": "dna_change",
}
_ORDER = ("gene", "effect", "allele", "transcript", "biotype", "hgvs_c", "hgvs_p",
          "protein_position", "amino_acids", "canonical", "mane", "aa_change", "dna_change")
_BCSQ_AA = re.compile(r"^(\d+)([A-Z*]+)(?:>(\d+)([A-Z*]+))?$")


@dataclass(frozen=True, slots=True)
class Consequence:
    """One transcript-level consequence of one ALT allele."""

    gene: str
    effect: str = ""
    allele: str = ""
    transcript: str = ""
    biotype: str = ""
    hgvs_c: str = ""
    hgvs_p: str = ""  # p. form, transcript prefix removed
    canonical: bool = False
    mane: bool = False
    dna_change: str = ""  # bcftools csq: `55181378C>T`

    @property
    def is_splice(self) -> bool:
        return "splice" in self.effect


class Layout:
    """The `|`-separated fields of one annotation tag, as its header describes them."""

    def __init__(self, tag: str, fields: list[str]):
        self.tag = tag
        self.fields = fields
        self.index: dict[str, int] = {}
        for i, name in enumerate(fields):
            role = _ROLES.get(name.strip().lower())
            if role and role not in self.index:
                self.index[role] = i
        self.kind = "bcsq" if "aa_change" in self.index else \
            "snpeff" if any(f.strip().lower() == "gene_name" for f in fields) else "vep"

    @classmethod
    def from_description(cls, tag: str, description: str) -> Layout | None:
        """`... Format: Allele|Consequence|...` (VEP, bcftools) or `'Allele | Annotation | ...'`
        (SnpEff); None when the description holds no field list naming a gene."""
        m = re.search(r"Format:\s*'?([^'\"]+)", description) or \
            re.search(r"'([^']*\|[^']*)'", description)
        if not m:
            return None
        fields = [f.strip() for f in m.group(1).strip().rstrip("'\" ").split("|")]
        layout = cls(tag, fields)
        return layout if "gene" in layout.index else None

    def check(self, raw: str) -> None:
        """An entry must have the fields the header's Format names (bcftools csq leaves the
        trailing ones out where they do not apply): with more, or fewer, every field after the
        first difference would be read as another (a change read as a transcript name)."""
        count = raw.count("|") + 1
        if count > len(self.fields) or (count < len(self.fields) and self.kind != "bcsq"):
            raise SkipRecord(f"{self.tag} fields do not match the header",
                             f"a {self.tag} entry has {count} fields where the header's "
                             f"Format names {len(self.fields)}")

    def entries(self, value: str) -> list[Consequence]:
        """Every entry naming a gene; missing fields (bcftools csq) read as empty."""
        out = []
        width = len(self.fields) + 1
        slot = [self.index.get(role, width - 1) for role in _ORDER]
        g, eff, al, tx, bt, hc, hp, pp, aa, can, mane, aac, dna = slot
        kind = self.kind
        for raw in value.split(","):
            if not raw or raw[0] == "@":  # bcftools csq: see the record at that position
                continue
            self.check(raw)
            if "%" in raw:
                raw = unquote(raw)
            parts = raw.split("|")
            if len(parts) < width:
                parts.extend([""] * (width - len(parts)))
            gene = parts[g].strip()
            if not gene:
                continue
            effect = parts[eff].strip().lstrip("*")
            hgvs_p = parts[hp].strip().rpartition(":")[2]
            if kind == "bcsq":
                hgvs_p = bcsq_protein(parts[aac].strip(), effect)
            elif hgvs_p and not hgvs_p.startswith("p."):
                hgvs_p = ""
            if not hgvs_p and kind == "vep" and parts[aa]:
                hgvs_p = vep_fields_protein(parts[pp].strip(), parts[aa].strip()) or ""
            out.append(Consequence(
                gene=gene, effect=effect, allele=parts[al].strip(),
                transcript=parts[tx].strip(), biotype=parts[bt].strip(),
                hgvs_c=parts[hc].strip().rpartition(":")[2], hgvs_p=hgvs_p,
                canonical=parts[can].strip() in ("YES", "1", "true"),
                mane=bool(parts[mane].strip()), dna_change=parts[dna].strip()))
        return out


def vep_fields_protein(position: str, amino_acids: str) -> str | None:
    """VEP without --hgvs: `Protein_position` 790 + `Amino_acids` T/M -> p.Thr790Met."""
    if not position or "/" not in amino_acids:
        return None
    ref, alt = amino_acids.split("/", 1)
    start = position.split("/")[0].split("-")[0]
    if not start.isdigit():
        return None
    if len(ref) == 1 and len(alt) == 1:
        change = parse_protein_change(f"{ref}{start}{alt}")
    elif "-" in position and alt == "-" and len(ref) > 1:  # in-frame deletion
        end = int(start) + len(ref) - 1
        change = parse_protein_change(f"{ref[0]}{start}_{ref[-1]}{end}del")
    else:
        return None
    return change.hgvs() if change else None


def bcsq_protein(aa_change: str, effect: str) -> str:
    """bcftools csq `790T>790M` -> p.Thr790Met; `746ELREAT>746T` -> p.Glu746_Ala750del."""
    m = _BCSQ_AA.match(aa_change)
    if not m:
        return ""
    start, ref, alt = int(m.group(1)), m.group(2), (m.group(4) or "").strip("-")
    if "frameshift" in effect:
        text = f"{ref[0]}{start}fs"
    else:
        while ref and alt and ref[-1] == alt[-1] and len(ref) + len(alt) > 2:
            ref, alt = ref[:-1], alt[:-1]
        while ref and alt and ref[0] == alt[0]:
            ref, alt, start = ref[1:], alt[1:], start + 1
        end = start + len(ref) - 1
        span = f"{ref[:1]}{start}" + (f"_{ref[-1]}{end}" if end > start else "")
        if len(ref) == 1 and len(alt) == 1:
            text = f"{ref}{start}{alt}"
        elif ref and not alt:
            text = f"{span}del"
        elif ref and alt:
            text = f"{span}delins{alt}"
        else:
            return ""
    change = parse_protein_change(text)
    return change.hgvs() if change else ""


def choose(entries: list[Consequence], mane_ids: set[str]) -> Consequence | None:
    """MANE Select, else the canonical flag, else the MANE transcript of genes.tsv, else the
    first with a protein change."""
    if not entries:
        return None

    def rank(entry: Consequence) -> tuple[int, int, int, int]:
        return (0 if entry.mane else 1, 0 if entry.canonical else 1,
                0 if entry.transcript.split(".")[0] in mane_ids else 1,
                0 if entry.hgvs_p else 1)

    return min(entries, key=rank)
