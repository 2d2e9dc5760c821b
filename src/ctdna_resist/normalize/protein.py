"""Protein changes and alteration words: parse any common spelling, format one canonical form.

`parse_protein_change("p.Thr790Met")`, `("T790M")` and `("p.(T790M)")` are the same
`ProteinChange`; `.short()` gives `T790M` (the canonical alteration) and `.hgvs()` gives
`p.Thr790Met` (kept as `hgvs_p`). Class words (`exon 19 deletion`, `amplification`, ...) are
recognised by `parse_class_word`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

THREE_TO_ONE = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E",
    "Gly": "G", "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F",
    "Pro": "P", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Ter": "*",
    "Sec": "U", "Xaa": "X",
}
ONE_TO_THREE = {one: three for three, one in THREE_TO_ONE.items()}
ONE_LETTER = "ACDEFGHIKLMNPQRSTVWYU*X"

_AA3 = "|".join(THREE_TO_ONE)
_AA = rf"(?:{_AA3}|[{ONE_LETTER}])"
_SEQ = rf"(?:(?:{_AA3})+|[{ONE_LETTER}]+)"

_TYPES = ("sub", "del", "dup", "ins", "delins", "fs", "syn")

_PATTERNS = [
    ("fs", re.compile(rf"^(?P<a1>{_AA})(?P<p1>\d+)(?:{_AA})?fs(?:\*|Ter|X)?(?:\d+|\?)?$")),
    ("delins", re.compile(
        rf"^(?P<a1>{_AA})(?P<p1>\d+)(?:_(?P<a2>{_AA})(?P<p2>\d+))?delins(?P<seq>{_SEQ})$")),
    ("ins", re.compile(
        rf"^(?P<a1>{_AA})(?P<p1>\d+)_(?P<a2>{_AA})(?P<p2>\d+)ins(?P<seq>{_SEQ})$")),
    ("del", re.compile(rf"^(?P<a1>{_AA})(?P<p1>\d+)(?:_(?P<a2>{_AA})(?P<p2>\d+))?del(?:{_SEQ})?$")),
    ("dup", re.compile(rf"^(?P<a1>{_AA})(?P<p1>\d+)(?:_(?P<a2>{_AA})(?P<p2>\d+))?dup(?:{_SEQ})?$")),
    ("syn", re.compile(rf"^(?P<a1>{_AA})(?P<p1>\d+)=$")),
    ("sub", re.compile(rf"^(?P<a1>{_AA})(?P<p1>\d+)(?P<seq>{_AA})$")),
]


def _to_one(seq: str) -> str:
    """'ThrMet' or 'TM' -> 'TM' (three-letter codes are the only ones with lower case)."""
    if any(c.islower() for c in seq):
        return "".join(THREE_TO_ONE[seq[i:i + 3]] for i in range(0, len(seq), 3))
    return seq


@dataclass(frozen=True)
class ProteinChange:
    """A protein change on one transcript, in one-letter amino acids."""

    type: str  # one of _TYPES
    ref: str  # first reference residue
    start: int
    end_ref: str | None = None  # last reference residue of a range
    end: int | None = None
    alt: str = ""  # substituted or inserted residues

    def short(self) -> str:
        """Canonical one-letter form without `p.` (the `alteration` value)."""
        return self._format(lambda seq: seq)

    def hgvs(self) -> str:
        """HGVS three-letter form (`p.Thr790Met`)."""
        return "p." + self._format(lambda seq: "".join(ONE_TO_THREE[a] for a in seq))

    def _format(self, residues) -> str:
        """The change with amino acids written by `residues` (one- or three-letter)."""
        first = f"{residues(self.ref)}{self.start}"
        span = first + (f"_{residues(self.end_ref or '')}{self.end}" if self.end is not None
                        else "")
        match self.type:
            case "sub":
                return f"{first}{residues(self.alt)}"
            case "syn":
                return f"{first}="
            case "fs":
                return f"{first}fs"
            case "ins" | "delins":
                return f"{span}{self.type}{residues(self.alt)}"
            case _:
                return f"{span}{self.type}"

    @property
    def last(self) -> int:
        return self.end if self.end is not None else self.start

    @property
    def in_frame_loss(self) -> bool:
        """An in-frame deletion (or a deletion-insertion that removes residues)."""
        removed = self.last - self.start + 1
        return self.type == "del" or (self.type == "delins" and len(self.alt) < removed)

    @property
    def in_frame_gain(self) -> bool:
        removed = self.last - self.start + 1
        return self.type in ("ins", "dup") or (self.type == "delins" and len(self.alt) > removed)


@lru_cache(maxsize=65536)
def parse_protein_change(text: str) -> ProteinChange | None:
    """Parse a protein change in one- or three-letter HGVS-like form; None if it is not one.
    Pure and called for every pattern test, so results are memoised."""
    s = text.strip().replace(" ", "")
    if s[:2].lower() == "p.":
        s = s[2:]
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1]
    s = s.replace("-", "_") if re.search(r"\d-[A-Z]", s) else s
    for kind, pattern in _PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        groups = m.groupdict()
        ref = _to_one(groups["a1"])
        end_ref = _to_one(groups["a2"]) if groups.get("a2") else None
        end = int(groups["p2"]) if groups.get("p2") else None
        alt = _to_one(groups.get("seq") or "")
        if kind == "sub" and alt == "X" and ref != "X":
            return None  # 'G796X' is a pattern, not an observed change
        if kind == "sub" and alt == ref:
            kind = "syn"
        start = int(groups["p1"])
        if end is not None and end < start:
            return None
        if end == start and kind in ("del", "dup", "delins"):
            end, end_ref = None, None
        return ProteinChange(kind, ref, start, end_ref, end, alt)
    return None


# --- class words -------------------------------------------------------------------------------

_CLASS_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:exon|ex)\s*(\d+)\s*(?:in[- ]?frame\s*)?(?:deletion|del)s?$"),
     "exon {} deletion"),
    (re.compile(r"^(\d+)\s*del$"), "exon {} deletion"),
    (re.compile(r"^(?:exon|ex)\s*(\d+)\s*(?:insertion|ins|dup|duplication)s?$"),
     "exon {} insertion"),
    (re.compile(r"^(?:exon|ex)\s*(\d+)\s*(?:skipping|skip|skipping mutation|deletion skipping|"
                r"splice(?: site)?(?: mutation| variant)?|alteration)$"), "exon {} skipping"),
    (re.compile(r"^(?:[a-z0-9]+)?\s*ex(\d+)\s*(?:skipping)?$"), "exon {} skipping"),
    (re.compile(r"^(?:amp|amplification|amplified|gene amplification|"
                r"copy number amplification|focal amplification|high[- ]level amplification)$"),
     "amplification"),
    (re.compile(r"^(?:deletion|homozygous deletion|homdel|loss|copy number loss|copy loss|"
                r"deep deletion|gene deletion)$"), "deletion"),
    (re.compile(r"^(?:fusion|gene fusion|rearrangement|translocation|fusion gene|"
                r"structural variant fusion)$"), "fusion"),
    (re.compile(r"^(?:kdd|kinase domain duplication|kinase[- ]domain duplication)$"),
     "kinase domain duplication"),
]


def parse_class_word(text: str) -> str | None:
    """`Ex19Del`, `exon 19 deletion`, `METex14`, `Amplification` -> canonical class word."""
    s = re.sub(r"\s+", " ", text.strip().lower().replace("_", " "))
    s = s.replace("Δ", "del ").strip()
    for pattern, canonical in _CLASS_WORDS:
        m = pattern.match(s)
        if m:
            return canonical.format(*m.groups())
    return None
