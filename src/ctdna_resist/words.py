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


def join_words(parts: list[str]) -> str:
    """['a'] -> 'a'; ['a', 'b', 'c'] -> 'a, b and c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
