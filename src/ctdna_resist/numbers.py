"""Numbers as inputs, sample sheets and options write them: the one parser for counts, copy
numbers, allele fractions, percentages and tumour fractions. Values come out as floats (or
ints), fractions as fractions; a value that cannot be used is a ValueError whose message names
the field, for the caller to place (file and line, or option)."""

from __future__ import annotations

import math
import re

#: cells that mean "no value"
MISSING = frozenset({"", ".", "na", "n/a", "nan", "none", "null", "-"})
_DECIMAL_COMMA_PERCENT = re.compile(r"[\d.,]+\s*%?")


def is_missing(value: str) -> bool:
    return value.strip().lower() in MISSING


def _non_negative(text: str, value: str, what: str) -> float:
    """`text` (the cleaned `value`) as a finite number >= 0, or a ValueError naming `what`."""
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{what} '{value}' is not a number") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{what} '{value}' is not a number")
    if number < 0:
        raise ValueError(f"{what} '{value}' is negative")
    return number


def parse_number(value: str, what: str, *, integer: bool = False) -> float | int | None:
    """A finite number >= 0 (None for a missing value); `integer` asks for a whole number."""
    s = value.strip()
    if s.lower() in MISSING:
        return None
    number = _non_negative(s, value, what)
    if integer:
        if number != int(number):
            raise ValueError(f"{what} '{value}' is not a whole number")
        return int(number)
    return number


def parse_fraction(value: str, *, percent_column: bool = False, what: str = "VAF"
                   ) -> float | None:
    """A fraction as written: `0.012`, `1.2%`, `1.2 %`, `1,2 %` -> 0.012 (None when missing).
    A bare value above 1 is an error (ambiguous: a percentage written without `%`, or a wrong
    column); in a `percent_column` every value is a percentage."""
    s = value.strip()
    if s.lower() in MISSING:
        return None
    is_percent = percent_column or s.endswith("%")
    s = s.rstrip("%").strip()
    if _DECIMAL_COMMA_PERCENT.fullmatch(value.strip()):
        s = s.replace(",", ".")
    number = _non_negative(s, value, what)
    if is_percent:
        if number > 100:
            raise ValueError(f"{what} '{value}' is above 100%")
        return round(number / 100, 8)
    if number > 1:
        raise ValueError(f"{what} '{value}' is above 1; write '{value}%' if it is a percentage")
    return number


def parse_tumor_fraction(value: str) -> float:
    """A measured tumour fraction: `0.12` or `12%`, in (0, 1]."""
    try:
        fraction = parse_fraction(value, what="tumour fraction")
    except ValueError:
        fraction = None
    if fraction is None or not 0 < fraction <= 1:
        raise ValueError(f"tumor_fraction '{value.strip()}' is not a fraction in (0, 1] or a "
                         "percentage such as 12%")
    return fraction
