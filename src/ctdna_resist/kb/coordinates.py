"""The tables that place protein changes and exons on the genome: hotspot coordinates and the
codons each exon spans. One `load_<table>` each."""

from __future__ import annotations

from .checks import Checks
from .entities import Hotspot
from .schema import BUILDS
from .tables import Problems, Row


def load_hotspots(rows: list[Row], check: Checks) -> list[Hotspot]:
    t = "hotspots.tsv"
    problems = check.problems
    hotspots = []
    for line, row in rows:
        check.gene(t, line, "gene", row["gene"])
        problems.one_of(t, line, "build", row["build"], BUILDS)
        if not row["pos"].isdigit():
            problems.add(t, line, "pos", f"'{row['pos']}' is not a position")
            continue
        if row["verified"] not in ("yes", "no"):
            problems.add(t, line, "verified", "must be yes or no")
        hotspots.append(Hotspot(
            gene=row["gene"], protein_change=row["protein_change"], build=row["build"],
            chrom=row["chrom"], pos=int(row["pos"]), ref=row["ref"], alt=row["alt"],
            verified=row["verified"] == "yes"))
    return hotspots


def load_exons(rows: list[Row], problems: Problems) -> dict[str, list[tuple[int, int, int]]]:
    """Gene -> (exon, first codon, last codon) of each coding exon."""
    exons: dict[str, list[tuple[int, int, int]]] = {}
    for line, row in rows:
        try:
            span = (int(row["exon"]), int(row["first_codon"]), int(row["last_codon"]))
        except ValueError:
            problems.add("exons.tsv", line, "-", "exon and codons must be whole numbers")
            continue
        exons.setdefault(row["gene"], []).append(span)
    return exons
