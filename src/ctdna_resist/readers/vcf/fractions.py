"""Allele fractions and depths of one ALT allele, from the values callers write (pure functions of
the record and the sample column)."""

from __future__ import annotations

from ...numbers import parse_fraction, parse_values
from ..common import SkipRecord
from .records import Record


def allele_fraction(record: Record, allele: int, sample_index: int | None
                    ) -> tuple[float | None, int | None, int | None]:
    """(VAF, depth, alt depth) of ALT allele `allele` (1-based) in the sample at `sample_index`:
    VAF from FORMAT AF/VAF/FREQ, else FORMAT AD (or Strelka tier counts), else INFO AF/VAF
    (sites-only and LoFreq files, with DP4 for the depths)."""
    vaf = depth = alt_depth = None
    sample = record.sample(sample_index) if sample_index is not None else {}
    ad = counts(sample.get("AD", ""), "FORMAT/AD")
    if len(ad) > allele and ad[allele] is not None:
        alt_depth = int(ad[allele])
        total = int(sum(x for x in ad if x is not None))
        depth = total or None
        vaf = alt_depth / total if total else None
    elif record.ref in "ACGT" and len(record.ref) == 1 and f"{record.alts[allele - 1]}U" in \
            sample:  # Strelka SNVs: tier-1 counts per base
        tier1 = {b: (counts(sample.get(f"{b}U", ""), f"FORMAT/{b}U")[:1] or [None])[0]
                 for b in "ACGT"}
        alt_n, ref_n = tier1.get(record.alts[allele - 1]), tier1.get(record.ref)
        if alt_n is not None and ref_n is not None and alt_n + ref_n > 0:
            alt_depth, depth = int(alt_n), int(alt_n + ref_n)
            vaf = alt_n / (alt_n + ref_n)
    dp = counts(sample.get("DP", ""), "FORMAT/DP")
    if dp and dp[0] is not None:
        depth = int(dp[0])
    for tag in ("AF", "VAF", "FREQ"):
        value = fraction(sample.get(tag, ""), allele, f"FORMAT/{tag}")
        if value is not None:
            vaf = value
            break
    if vaf is None and not sample:
        vaf, depth, alt_depth = _sites_only(record, allele, vaf, depth, alt_depth)
    return (round(vaf, 6) if vaf is not None else None), depth, alt_depth


def _sites_only(record: Record, allele: int, vaf, depth, alt_depth):
    """INFO AF/VAF, with DP4 and DP for the depths, where no sample column says."""
    info = record.info
    for tag in ("AF", "VAF"):
        value = fraction(info.get(tag, ""), allele, f"INFO/{tag}")
        if value is not None:
            vaf = value
            break
    dp4 = counts(info.get("DP4", ""), "INFO/DP4")
    if len(dp4) == 4 and None not in dp4:
        alt_depth = int(dp4[2] + dp4[3])
        depth = depth or int(sum(dp4)) or None
        if vaf is None and sum(dp4):
            vaf = (dp4[2] + dp4[3]) / sum(dp4)
    info_dp = counts(info.get("DP", ""), "INFO/DP")
    if info_dp and info_dp[0] is not None:
        depth = int(info_dp[0])
    return vaf, depth, alt_depth


def numbers(text: str, what: str, signed: bool = False) -> list[float | None]:
    """A Number=. value `12,3` -> [12.0, 3.0] (a `.` item None); an item that is not a finite
    number (or is negative, unless `signed`) makes the record invalid (numbers.py)."""
    try:
        return parse_values(text, what, signed=signed)
    except ValueError as exc:
        raise SkipRecord(f"{what} invalid", str(exc)) from None


def counts(text: str, what: str) -> list[int | None]:
    """Read counts (AD, DP, DP4): whole numbers, each an int."""
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
