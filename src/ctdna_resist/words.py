"""How values are written for readers. Values stay fractions and vocabulary members everywhere
else; only text shown to people goes through these."""

from __future__ import annotations

from .model import Category

#: the mechanism of a finding in a word, as the summary and the reports write it
CATEGORY_WORDS: dict[str, str] = {
    Category.ON_TARGET: "on-target",
    Category.BYPASS: "bypass",
    Category.DOWNSTREAM: "downstream",
}


def percent(value: float) -> str:
    """0.082 -> '8.2%', 0.0041 -> '0.41%'."""
    return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"


def percent_or_dash(value: float | None) -> str:
    return "—" if value is None else percent(value)


def number_or_dash(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def counted(count: int, noun: str) -> str:
    """1, 'documented option' -> '1 documented option'; 3 -> '3 documented options'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def join_words(parts: list[str]) -> str:
    """['a'] -> 'a'; ['a', 'b', 'c'] -> 'a, b and c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def drug_words(item: str) -> str:
    """A drug as written, or a knowledge-base class in words: `EGFR TKI:1,2` -> `generation 1
    or 2 EGFR TKIs`, `MEK inhibitor` -> `MEK inhibitors` (no knowledge-base syntax for readers)."""
    name, sep, gens = item.partition(":")
    if not sep and item.islower():
        return item  # a generic drug name
    plural = name if name.endswith("s") else f"{name}s"
    generations = [g for g in gens.split(",") if g]
    return f"generation {' or '.join(generations)} {plural}" if generations else plural
