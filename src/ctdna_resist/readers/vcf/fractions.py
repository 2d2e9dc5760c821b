"""Allele fractions and depths of one ALT allele, from the values callers write (pure functions of
the record and the sample column), with the field they came from.

The tumour column's own fields come first, then the record's INFO:
1. `FORMAT/AF`, `VAF`, `FREQ` (`12.5%` in VarScan): the caller's fraction;
2. `FORMAT/AD`, or `ADT` (tumour allelic depths, as PCGR's example VCFs write them): alt / sum,
   or alt / DP when the REF count is missing (`.,21`);
3. Strelka's tier-1 counts: `AU/CU/GU/TU` for an SNV, `TIR`/`TAR` for an indel;
4. `INFO/TVAF` (tumour VAF, with `INFO/TDP`), then `INFO/AF` or `INFO/VAF` (sites-only and LoFreq
   files), then `INFO/DP4` (alt reads = the last two counts).
Depth: `FORMAT/DP` or `DPT`, else the AD sum; then `INFO/TDP`, `INFO/DP`.
"""

from __future__ import annotations

from ...numbers import parse_fraction, parse_values
from ..common import SkipRecord
from .records import Record

#: (VAF, depth, alt depth, the field the VAF came from)
Fraction = tuple[float | None, int | None, int | None, str | None]


def allele_fraction(record: Record, allele: int, sample_index: int | None) -> Fraction:
    """VAF, depth, alt depth and the VAF's source of ALT allele `allele` (1-based) in the
    sample at `sample_index` (None: a sites-only file)."""
    sample = record.sample(sample_index) if sample_index is not None else {}
    vaf, depth, alt_depth, source = _per_sample(record, allele, sample)
    if vaf is None or depth is None:
        info_vaf, info_depth, info_alt, info_source = _from_info(record, allele)
        if vaf is None and info_vaf is not None:
            vaf, source = info_vaf, info_source
            alt_depth = alt_depth if alt_depth is not None else info_alt
        depth = depth if depth is not None else info_depth
    return (round(vaf, 6) if vaf is not None else None), depth, alt_depth, source


def _per_sample(record: Record, allele: int, sample: dict[str, str]) -> Fraction:
    vaf = depth = alt_depth = source = None
    dp = _first(sample.get("DP", ""), "FORMAT/DP") if "DP" in sample else \
        _first(sample.get("DPT", ""), "FORMAT/DPT")
    depth = int(dp) if dp is not None else None
    tag = "AD" if "AD" in sample else "ADT" if "ADT" in sample else None
    ad = counts(sample.get(tag, ""), f"FORMAT/{tag}") if tag else []
    if len(ad) > allele and ad[allele] is not None:
        alt_depth = int(ad[allele])
        if None not in ad and sum(ad) > 0:
            vaf, source = alt_depth / sum(ad), f"FORMAT/{tag}"
            depth = depth if depth is not None else int(sum(ad))
        elif depth:
            vaf, source = alt_depth / depth, f"FORMAT/{tag} and DP"
    else:
        tier1 = _strelka(record, allele, sample)
        if tier1 is not None:
            alt_depth, source = tier1[0], tier1[2]
            vaf = tier1[0] / (tier1[0] + tier1[1])
            depth = depth if depth is not None else tier1[0] + tier1[1]
    for tag in ("AF", "VAF", "FREQ"):
        value = fraction(sample.get(tag, ""), allele, f"FORMAT/{tag}")
        if value is not None:
            vaf, source = value, f"FORMAT/{tag}"
            break
    return vaf, depth, alt_depth, source


def _strelka(record: Record, allele: int, sample: dict[str, str]
             ) -> tuple[int, int, str] | None:
    """(alt, ref, source) from Strelka's tier-1 counts: per base for an SNV, TIR/TAR for an
    indel."""
    alt = record.alts[allele - 1]
    if len(record.ref) == 1 and record.ref in "ACGT" and f"{alt}U" in sample:
        alt_n = _first(sample.get(f"{alt}U", ""), f"FORMAT/{alt}U")
        ref_n = _first(sample.get(f"{record.ref}U", ""), f"FORMAT/{record.ref}U")
        source = "FORMAT/AU,CU,GU,TU (tier 1)"
    elif "TIR" in sample and "TAR" in sample:
        alt_n, ref_n = _first(sample["TIR"], "FORMAT/TIR"), _first(sample["TAR"], "FORMAT/TAR")
        source = "FORMAT/TIR,TAR (tier 1)"
    else:
        return None
    if alt_n is None or ref_n is None or alt_n + ref_n <= 0:
        return None
    return int(alt_n), int(ref_n), source


def _from_info(record: Record, allele: int) -> Fraction:
    """INFO TVAF/AF/VAF, with TDP/DP and DP4 for the depths."""
    info = record.info
    vaf = source = alt_depth = depth = None
    for tag in ("TVAF", "AF", "VAF"):
        value = fraction(info.get(tag, ""), allele, f"INFO/{tag}")
        if value is not None:
            vaf, source = value, f"INFO/{tag}"
            break
    dp4 = counts(info.get("DP4", ""), "INFO/DP4")
    if len(dp4) == 4 and None not in dp4:
        alt_depth = int(dp4[2] + dp4[3])
        depth = int(sum(dp4)) or None
        if vaf is None and sum(dp4):
            vaf, source = (dp4[2] + dp4[3]) / sum(dp4), "INFO/DP4"
    for tag in ("TDP", "DP"):
        value = _first(info.get(tag, ""), f"INFO/{tag}")
        if value is not None:
            depth = int(value)
            break
    return vaf, depth, alt_depth, source


def _first(text: str, what: str) -> int | None:
    values = counts(text, what)
    return values[0] if values else None


def numbers(text: str, what: str, signed: bool = False) -> list[float | None]:
    """A Number=. value `12,3` -> [12.0, 3.0] (a `.` item None); an item that is not a finite
    number (or is negative, unless `signed`) makes the record invalid (numbers.py)."""
    try:
        return parse_values(text, what, signed=signed)
    except ValueError as exc:
        raise SkipRecord(f"{what} invalid", str(exc)) from None


def counts(text: str, what: str) -> list[int | None]:
    """Read counts (AD, DP, DP4, tier-1 counts): whole numbers, each an int."""
    try:
        return parse_values(text, what, integer=True)
    except ValueError as exc:
        raise SkipRecord(f"{what} invalid", str(exc)) from None


def fraction(text: str, allele: int, what: str) -> float | None:
    """The allele's fraction from a Number=A value; `12.5%` (VarScan FREQ) is a percentage."""
    if not text:
        return None
    items = text.split(",")
    if len(items) < allele:
        return None
    try:
        return parse_fraction(items[allele - 1], what=what)
    except ValueError as exc:
        raise SkipRecord(f"{what} invalid", str(exc)) from None
