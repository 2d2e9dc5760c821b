"""The tables that place genes, exons and codons on the genome: hotspot coordinates, the codons
each exon spans, the MANE coding models and the reference codons. One `load_<table>` each."""

from __future__ import annotations

import re

from .checks import Checks
from .entities import Codon, Hotspot, Transcript
from .schema import BUILDS, STRANDS
from .tables import Problems, Row

# ASCII digits only (int() also takes '+1', ' 1', '1_0' and other scripts' digits)
_NUMBER = re.compile(r"[0-9]+")
_NUMBERS = re.compile(r"[0-9]+(?:,[0-9]+)*")
_BASES = frozenset("ACGT")
_RESIDUES = frozenset("ACDEFGHIKLMNPQRSTVWY*")


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


def load_transcripts(rows: list[Row], check: Checks) -> dict[str, dict[str, Transcript]]:
    """Build -> gene -> its MANE coding model."""
    t = "transcripts.tsv"
    problems = check.problems
    models: dict[str, dict[str, Transcript]] = {build: {} for build in BUILDS}
    first_line: dict[tuple[str, str], int] = {}
    for line, row in rows:
        check.gene(t, line, "gene", row["gene"])
        known = all([problems.one_of(t, line, "build", row["build"], BUILDS),
                     problems.one_of(t, line, "strand", row["strand"], STRANDS),
                     _bare_chrom(t, line, row["chrom"], problems)])  # each reports its problem
        key = (row["gene"], row["build"])
        if key in first_line:
            problems.add(t, line, "gene", f"a second {row['build']} model of {row['gene']} "
                         f"(first on line {first_line[key]})")
        first_line.setdefault(key, line)
        cds_start = _position(t, line, "cds_start", row["cds_start"], problems)
        cds_end = _position(t, line, "cds_end", row["cds_end"], problems)
        exons = _exons(t, line, row["exon_starts"], row["exon_ends"], problems)
        if not known or cds_start is None or cds_end is None or exons is None:
            continue
        if not any(s <= cds_start <= e for s, e in exons) or \
                not any(s <= cds_end <= e for s, e in exons) or cds_start > cds_end:
            problems.add(t, line, "cds_start", f"the CDS {cds_start}-{cds_end} does not start "
                         "and end inside the exons")
            continue
        models[row["build"]][row["gene"]] = Transcript(
            gene=row["gene"], chrom=row["chrom"], strand=row["strand"], cds_start=cds_start,
            cds_end=cds_end, exons=exons)
    return models


def load_codons(rows: list[Row], check: Checks) -> list[Codon]:
    t = "codons.tsv"
    problems = check.problems
    codons = []
    first_line: dict[tuple[str, str], int] = {}
    for line, row in rows:
        check.gene(t, line, "gene", row["gene"])
        known = all([problems.one_of(t, line, "strand", row["strand"], STRANDS),
                     _bare_chrom(t, line, row["chrom"], problems)])
        number = _position(t, line, "codon", row["codon"], problems)
        key = (row["gene"], row["codon"])
        if key in first_line:
            problems.add(t, line, "codon", f"duplicate codon {row['gene']} {row['codon']} "
                         f"(first on line {first_line[key]})")
        first_line.setdefault(key, line)
        if len(row["ref_aa"]) != 1 or row["ref_aa"] not in _RESIDUES:
            problems.add(t, line, "ref_aa", f"'{row['ref_aa']}' is not a one-letter amino acid")
        if len(row["ref_codon"]) != 3 or not set(row["ref_codon"]) <= _BASES:
            known = False
            problems.add(t, line, "ref_codon", f"'{row['ref_codon']}' is not three bases "
                         "(A, C, G, T)")
        positions = {build: _codon_positions(t, line, build, row, problems) for build in BUILDS}
        if not known or number is None or None in positions.values():
            continue
        codons.append(Codon(gene=row["gene"], number=number, ref_codon=row["ref_codon"],
                            chrom=row["chrom"], grch37_positions=positions["GRCh37"],
                            grch38_positions=positions["GRCh38"]))
    return codons


def _bare_chrom(table: str, line: int, chrom: str, problems: Problems) -> bool:
    if chrom.lower().startswith("chr"):
        problems.add(table, line, "chrom", f"'{chrom}': write the chromosome without 'chr'")
        return False
    return True


def _position(table: str, line: int, column: str, cell: str, problems: Problems) -> int | None:
    """A positive whole number (a genomic position or a codon number)."""
    if _NUMBER.fullmatch(cell) and int(cell) > 0:
        return int(cell)
    problems.add(table, line, column, f"'{cell}' is not a position")
    return None


def _positions(cell: str) -> tuple[int, ...] | None:
    """`1,2,3` -> (1, 2, 3); None unless every item is a positive whole number."""
    if not _NUMBERS.fullmatch(cell):
        return None
    positions = tuple(map(int, cell.split(",")))
    return None if 0 in positions else positions


def _exons(table: str, line: int, starts_cell: str, ends_cell: str,
           problems: Problems) -> tuple[tuple[int, int], ...] | None:
    """The (start, end) of each exon, in genomic order and not overlapping."""
    starts, ends = _positions(starts_cell), _positions(ends_cell)
    for column, cell, value in (("exon_starts", starts_cell, starts),
                                ("exon_ends", ends_cell, ends)):
        if value is None:
            problems.add(table, line, column,
                         f"'{cell}' is not a comma-separated list of positions")
    if starts is None or ends is None:
        return None
    if len(starts) != len(ends):
        problems.add(table, line, "exon_ends", f"{len(ends)} exon ends for {len(starts)} exon "
                     "starts")
        return None
    exons = tuple(zip(starts, ends, strict=True))
    previous_end = 0
    for number, (start, end) in enumerate(exons, 1):
        if start > end or start <= previous_end:
            problems.add(table, line, "exon_starts", f"exon {number} (genomic order) "
                         f"{start}-{end} ends before it starts or overlaps the one before")
            return None
        previous_end = end
    return exons


def _codon_positions(table: str, line: int, build: str, row: dict[str, str],
                     problems: Problems) -> tuple[int, ...] | None:
    column = f"{build.lower()}_positions"
    positions = _positions(row[column])
    if positions is None or len(positions) != 3:
        problems.add(table, line, column, f"'{row[column]}' is not three positions "
                     "(comma-separated)")
        return None
    return positions
