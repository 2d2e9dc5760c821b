"""Numbers as inputs, sample sheets and options write them: the one parser for counts, copy
numbers, allele fractions, percentages, tumour fractions, VCF values and thresholds. Values come
out as floats (or ints), fractions as fractions; a value that cannot be used is a ValueError whose
message names the field, for the caller to place (file and line, or option).

Every value is finite: `inf`, `nan` and `1e309` (too large for a float) are refused, so no
output ever holds Infinity or NaN. A decimal comma is read the same way in every column (`8,2`
copies like `3,5 %` VAF): one comma between digits, and no point, is a decimal comma; a value
with several commas, or a comma and a point (`1,234.5`, `1.234,5`), is refused rather than
guessed at.
"""

from __future__ import annotations

import math
import re

#: cells that mean "no value" (`nan` is not one of them: it is refused, as a number that is not
#: finite)
MISSING = frozenset({"", ".", "na", "n/a", "none", "null", "-"})
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")


def is_missing(value: str) -> bool:
    return value.strip().lower() in MISSING


def _finite(text: str, value: str, what: str) -> float:
    """`text` (the cleaned `value`) as a finite float, or a ValueError naming `what`."""
    if _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{what} '{value}' is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} '{value}' is not a finite number")
    return number


def _non_negative(text: str, value: str, what: str) -> float:
    number = _finite(text, value, what)
    if number < 0:
        raise ValueError(f"{what} '{value}' is negative")
    return number


def parse_number(value: str, what: str, *, integer: bool = False,
                 signed: bool = False) -> float | int | None:
    """A finite number, >= 0 unless `signed` (None for a missing value); `integer` asks for a
    whole number."""
    s = value.strip()
    if s.lower() in MISSING:
        return None
    number = _finite(s, value, what) if signed else _non_negative(s, value, what)
    if integer:
        if number != int(number):
            raise ValueError(f"{what} '{value}' is not a whole number")
        return int(number)
    return number


def parse_values(value: str, what: str, *, signed: bool = False,
                 integer: bool = False) -> list[float | None]:
    """A VCF value of several numbers, `12,3` -> [12.0, 3.0] (`.` items None); an item that is
    not a finite number (or is negative, unless `signed`; or not whole, with `integer`, which
    gives ints) is a ValueError naming `what`."""
    if not value:
        return []
    out: list = []
    for item in value.split(","):
        s = item.strip()
        if s in ("", "."):
            out.append(None)
            continue
        number = _finite(s, value, what) if signed else _non_negative(s, value, what)
        if integer:
            if number != int(number):
                raise ValueError(f"{what} '{value}' is not a whole number")
            number = int(number)
        out.append(number)
    return out


def parse_fraction(value: str, *, percent_column: bool = False, what: str = "VAF"
                   ) -> float | None:
    """A fraction as written: `0.012`, `1.2%`, `1.2 %`, `1,2 %` -> 0.012 (None when missing).
    A bare value above 1 is an error (ambiguous: a percentage written without `%`, or a wrong
    column); in a `percent_column` every value is a percentage."""
    s = value.strip()
    if s.lower() in MISSING:
        return None
    is_percent = percent_column or s.endswith("%")
    number = _non_negative(s.rstrip("%").strip(), value, what)
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


def parse_option_number(value: str, what: str) -> float:
    """A number given as an option (`--threshold low_vaf=0.002`): finite, sign kept; the
    caller checks its range."""
    s = value.strip()
    if not s:
        raise ValueError(f"{what}: no value")
    return _finite(s, value, what)
