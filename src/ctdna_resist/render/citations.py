"""Citations and flags as a report shows them: the cited reviews numbered in order of first
appearance with a reference list, and flag names in plain words with a legend."""

from __future__ import annotations

import re
from typing import Any

from ..kb.load import KnowledgeBase
from ..words import percent

FLAG_WORDS = {
    "possible_chip": "possible CHIP", "low_vaf": "low VAF", "low_depth": "low depth",
    "tumor_type_outside_kb": "tumour type outside KB",
    "coordinate_unverified": "coordinate unverified",
}
_CIVIC = re.compile(r"^CIViC EID(\d+) \(PMID (\w+);")
#: how a threshold's value is written in a flag's meaning, by its unit in thresholds.tsv
_THRESHOLD_VALUE = {"fraction": percent, "bp": lambda v: f"{v:g} bp"}


def _number(value: float) -> str:
    return f"{value:g}"


class Citations:
    """Numbers the cited sources in order of first appearance: `001_x.txt §3.1` -> `[1] §3.1`,
    `CIViC EID1234 (PMID ...)` -> `[2] EID1234` (the items listed under the CIViC reference)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.order: list[str] = []
        self.civic_items: dict[str, str] = {}  # EID1234 -> PMID

    def _split(self, source: str) -> tuple[str, str | None]:
        civic = _CIVIC.match(source)
        if civic:
            self.civic_items.setdefault(f"EID{civic.group(1)}", civic.group(2))
            return "CIViC", f"EID{civic.group(1)}"
        file, sep, section = source.partition(" §")
        return file, (f"§{section}" if sep else None)

    def cite(self, sources: list[str]) -> str:
        sections: dict[str, list[str]] = {}
        for source in sources:
            file, section = self._split(source)
            if file not in self.kb.sources:
                sections.setdefault(source, [])
                continue
            if file not in self.order:
                self.order.append(file)
            sections.setdefault(file, [])
            if section and section not in sections[file]:
                sections[file].append(section)
        parts = []
        for file, secs in sections.items():
            if file not in self.kb.sources:
                parts.append(file)
            else:
                number = f"[{self.order.index(file) + 1}]"
                parts.append(f"{number} {', '.join(secs)}" if secs else number)
        return "; ".join(parts)

    def references(self) -> list[dict[str, Any]]:
        """Authors, title, journal, year, DOI and PMID of each source cited (no internal
        names); for CIViC, the evidence items cited with their PubMed IDs."""
        out = []
        for number, key in enumerate(self.order, 1):
            source = self.kb.sources[key]
            text = ". ".join(p.rstrip(".") for p in (source.authors, source.title,
                                                     source.journal, source.year)
                             if p) or source.citation
            items = [f"{eid} (PMID {pmid})" for eid, pmid in sorted(self.civic_items.items())] \
                if key == "CIViC" else []
            out.append({"number": number, "text": text, "doi": source.doi,
                        "pmid": source.pmid, "evidence_items": ", ".join(items)})
        return out


class Flags:
    """Flag names in plain words, and a legend of the ones the report uses."""

    def __init__(self, kb: KnowledgeBase, changed: dict[str, float] | None = None):
        self.kb = kb
        self.thresholds = {**kb.thresholds, **(changed or {})}  # as this run applied them
        self.used: list[str] = []

    def words(self, flags: list[str]) -> list[dict[str, str]]:
        out = []
        for flag in flags:
            if flag not in self.used:
                self.used.append(flag)
            out.append({"name": FLAG_WORDS.get(flag, flag.replace("_", " ")),
                        "meaning": self.meaning(flag)})
        return out

    def meaning(self, flag: str) -> str:
        """flags.tsv's meaning with each threshold it names written as the value this run
        applied (`below subclonal_clonality` -> `below 0.5`; `low_vaf` -> `0.5%`): readers
        see numbers, not the knowledge base's names."""
        text = self.kb.flags.get(flag, "")
        for name, value in self.thresholds.items():
            write = _THRESHOLD_VALUE.get(self.kb.threshold_units.get(name, ""), _number)
            shown = write(value).replace("\\", "\\\\")  # a replacement: backslashes doubled
            text = re.sub(rf"\b{re.escape(name)}\b", shown, text)
        return text

    def legend(self) -> list[dict[str, str]]:
        return [{"name": FLAG_WORDS.get(f, f.replace("_", " ")), "meaning": self.meaning(f)}
                for f in sorted(self.used)]
