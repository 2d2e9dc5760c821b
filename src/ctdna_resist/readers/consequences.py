"""Consequence annotations in VCF INFO: VEP `CSQ`, SnpEff `ANN`, bcftools csq `BCSQ`.

The field layout is always read from the header's description, never assumed from the tag: VEP
output written under an `ANN` tag is read as VEP. Every layout gives the same `Consequence`
entries; `choose` picks the MANE Select / canonical transcript among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..normalize.protein import parse_protein_change

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
_BCSQ_AA = re.compile(r"^(\d+)([A-Z*]+)(?:>(\d+)([A-Z*]+))?$")


@dataclass(frozen=True)
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

    def entries(self, value: str) -> list[Consequence]:
        out = []
        for raw in value.split(","):
            if not raw or raw.startswith("@"):  # bcftools csq: see the record at that position
                continue
            parts = raw.split("|")

            def get(role: str, parts=parts) -> str:
                i = self.index.get(role)
                return parts[i].strip() if i is not None and i < len(parts) else ""

            gene = get("gene")
            if not gene:
                continue
            hgvs_p = unquote(get("hgvs_p")).split(":")[-1]
            if self.kind == "bcsq":
                hgvs_p = bcsq_protein(get("aa_change"), get("effect"))
            elif not hgvs_p.startswith("p."):
                hgvs_p = vep_fields_protein(get("protein_position"), get("amino_acids")) or ""
            out.append(Consequence(
                gene=gene, effect=get("effect").lstrip("*"), allele=get("allele"),
                transcript=get("transcript"), biotype=get("biotype"),
                hgvs_c=unquote(get("hgvs_c")).split(":")[-1], hgvs_p=hgvs_p,
                canonical=get("canonical") in ("YES", "1", "true"),
                mane=bool(get("mane")), dna_change=get("dna_change")))
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
    """bcftools csq `790T>790M` -> p.Thr790Met; in-frame deletions `746ELREA>746-`."""
    m = _BCSQ_AA.match(aa_change)
    if not m:
        return ""
    start, ref, _, alt = m.group(1), m.group(2), m.group(3), m.group(4) or ""
    text = None
    if "frameshift" in effect:
        text = f"{ref[0]}{start}fs"
    elif alt and len(ref) == 1 and len(alt) == 1:
        text = f"{ref}{start}{alt}"
    elif len(ref) > 1 and (not alt or alt == "-" or ref.startswith(alt)):
        kept = "" if alt in ("", "-") else alt
        first = int(start) + len(kept)
        removed = ref[len(kept):]
        end = first + len(removed) - 1
        text = f"{removed[0]}{first}" + (f"_{removed[-1]}{end}" if end > first else "") + "del"
    change = parse_protein_change(text) if text else None
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
