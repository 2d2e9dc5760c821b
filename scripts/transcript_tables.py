"""Write annotations/transcripts.tsv and annotations/codons.tsv from the MANE Select models.

transcripts.tsv: the coding models (exons, CDS span, strand) of every gene of the shared reference
transcripts.tsv, both builds, so an unannotated SNV or small indel can be translated given a FASTA.

codons.tsv: the reference codons of the knowledge base's codon-level patterns and hotspots, with the
genomic positions of their three bases in both builds, so an SNV in one of those codons can be
translated without a FASTA. The bases come from the CDS fragments below (transcript orientation;
the same sequence appears in several public copies of the RefSeq mRNAs). Every codon is checked
before it is written:
  1. its translation equals the residue the knowledge base (or hotspots.tsv) names at that codon;
  2. every hotspots.tsv row (two-source verified or not) at that codon has a REF base equal to the
     fragment's base at the hotspot's genomic position (complemented on the minus strand), in both
     builds: the fragment and the model agree with the curated coordinates;
  3. a fragment that reaches the stop codon ends exactly at the model's CDS end.
A failed check stops the script. Run: python scripts/transcript_tables.py ../shared/reference
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "annotations"
BUILDS = ("GRCh37", "GRCh38")
COMPLEMENT = str.maketrans("ACGT", "TGCA")
CODE = dict(zip(
    [a + b + c for a in "TCAG" for b in "TCAG" for c in "TCAG"],
    "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG", strict=True))

#: gene -> [(codon number of the first base, CDS fragment in transcript orientation)]
FRAGMENTS: dict[str, list[tuple[int, str]]] = {
    # NM_005228.5 exons 18-21: E709 ... L718 G719 ... E746-A750 ... T790 ... C797 ... L858 L861
    "EGFR": [(708,
              "AAGGAAACTGAATTCAAAAAGATCAAAGTGCTGGGCTCCGGTGCGTTCGGCACGGTGTATAAGGGACTCTGGATCCCAGAA"
              "GGTGAGAAAGTTAAAATTCCCGTCGCTATCAAGGAATTAAGAGAAGCAACATCTCCGAAAGCCAACAAGGAAATCCTCGAT"
              "GAAGCCTACGTGATGGCCAGCGTGGACAACCCCCACGTGTGCCGCCTGCTGGGCATCTGCCTCACCTCCACCGTGCAGCTC"
              "ATCACGCAGCTCATGCCCTTCGGCTGCCTCCTGGACTATGTCCGGGAACACAAAGACAATATTGGCTCCCAGTACCTGCTC"
              "AACTGGTGTGTGCAGATCGCAAAGGGCATGAACTACTTGGAGGACCGTCGCTTGGTGCACCGCGACCTGGCAGCCAGGAAC"
              "GTACTGGTGAAAACACCGCAGCATGTCAAGATCACAGATTTTGGGCTGGCCAAACTGCTGGGTGCGGAAGAGAAAGAATAC")],
    # NM_004985.5 codons 1-88 (G12, G13, Q61) and 89-105 (Y96)
    "KRAS": [(1,
              "ATGACTGAATATAAACTTGTGGTAGTTGGAGCTGGTGGCGTAGGCAAGAGTGCCTTGACGATACAGCTAATTCAGAATCAT"
              "TTTGTGGACGAATATGATCCAACAATAGAGGATTCCTACAGGAAGCAAGTAGTAATTGATGGAGAAACCTGTCTCTTGGAT"
              "ATTCTCGACACAGCAGGTCAAGAGGAGTACAGTGCAATGAGGGACCAGTACATGAGGACTGGGGAGGGCTTTCTTTGTGTA"
              "TTTGCCATAAATAATACTAAA"),
             (89, "TCATTTGAAGATATTCACCATTATAGAGAACAAATTAAAAGAGTTAAGGAC")],
    # NM_002524.5 codons 1-66 (G12, G13, Q61, E63)
    "NRAS": [(1,
              "ATGACTGAGTACAAACTGGTGGTGGTTGGAGCAGGTGGTGTTGGGAAAAGCGCACTGACAATCCAGCTAATCCAGAACCAC"
              "TTTGTAGATGAATATGATCCCACCATAGAGGATTCTTACAGAAAGCAGGTTGTTATTGATGGAGAAACCTGTCTCTTGGATATT"
              "CTCGACACAGCAGGTCAAGAAGAGTACAGTGCC")],
    # NM_004333.6 exon 15: D594 ... V600
    "BRAF": [(592, "ATAGGTGATTTTGGTCTAGCTACAGTGAAATCTCGATGGAGTGGGTCC")],
    # NM_006218.4 exon 10 (E542, E545) and the last exon (H1047, to the stop codon)
    "PIK3CA": [(539, "CCTCTCTCTGAAATCACTGAGCAGGAGAAAGATTTTCTATGGAGTCAC"),
               (1043, "ATGAATGATGCACATCATGGTGGCTGGACAACAAAAATGGATTGGATCTTCCACACAATTAAACAGCAT"
                      "GCATTGAACTGA")],
    # NM_000546.6 exons 7-8: R248, R249, R273
    "TP53": [(246, "ATGAACCGGAGGCCCATCCTCACCATCATCACACTGGAAGACTCCAGTGGTAATCTACTGGGACGGAACAGC"
                   "TTTGAGGTGCGTGTTTGTGCCTGTCCTGGGAGAGACCGGCGCACAGAGGAAGAGAATCTCCGCAAG")],
    # NM_022552.5 last exon: R882, to the stop codon
    "DNMT3A": [(868, "TTCGGCTTCCCAGTCCACTATACTGACGTCTCCAACATGAGCCGCTTGGCGAGGCAGAGACTGCTGGGC"
                     "CGGTCATGGAGCGTGCCAGTCATCCGCCACCTCTTCGCTCCGCTGAAGGAGTATTTTGCGTGTGTGTAA")],
}
#: codons named by the knowledge base's patterns and hotspots, plus CHIP hotspots a plasma
#: panel reports (DNMT3A R882, TP53 R248/R273); all must be derivable.
EXTRA_CODONS = ("EGFR E709", "EGFR L718", "EGFR G719", "EGFR G724", "EGFR S768", "EGFR L792",
                "EGFR G796", "EGFR C797", "EGFR L858", "EGFR L861", "KRAS G12", "KRAS G13",
                "KRAS Q61", "NRAS G12", "NRAS G13", "NRAS Q61", "BRAF V600", "PIK3CA E542",
                "PIK3CA E545", "PIK3CA H1047", "TP53 R248", "TP53 R273", "DNMT3A R882")
_RESIDUE = re.compile(r"\b([ACDEFGHIKLMNPQRSTVWY])(\d+)(?:[ACDEFGHIKLMNPQRSTVWYX*]|_|del|dup|ins)")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def cds_positions(model: dict[str, str]) -> list[int]:
    """Genomic positions of every CDS base in transcript order (stop codon included)."""
    starts = [int(x) for x in model["exon_starts"].split(",")]
    ends = [int(x) for x in model["exon_ends"].split(",")]
    lo, hi = int(model["cds_start"]), int(model["cds_end"])
    positions = [p for s, e in zip(starts, ends, strict=True)
                 for p in range(max(s, lo), min(e, hi) + 1)]
    return positions[::-1] if model["strand"] == "-" else positions


def wanted_codons() -> dict[tuple[str, int], tuple[str, str]]:
    """(gene, codon) -> (residue, where it was named)."""
    wanted: dict[tuple[str, int], tuple[str, str]] = {}
    for table, column in (("resistance.tsv", "alteration"), ("drivers.tsv", "alteration"),
                          ("hotspots.tsv", "protein_change")):
        for row in read_tsv(ANNOTATIONS / table):
            for residue, number in _RESIDUE.findall(row[column]):
                wanted.setdefault((row["gene"], int(number)), (residue, table))
    for item in EXTRA_CODONS:
        gene, change = item.split()
        wanted.setdefault((gene, int(change[1:])), (change[0], "codon list"))
    return wanted


def main(reference: Path) -> int:
    models = {(r["gene"], r["build"]): r for r in read_tsv(reference / "transcripts.tsv")}
    hotspots = read_tsv(ANNOTATIONS / "hotspots.tsv")
    problems: list[str] = []

    with open(ANNOTATIONS / "transcripts.tsv", "w", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["gene", "build", "chrom", "strand", "transcript", "cds_start", "cds_end",
                      "exon_starts", "exon_ends", "reference"])
        for (gene, build), m in sorted(models.items()):
            out.writerow([gene, build, m["chrom"], m["strand"], m["refseq"], m["cds_start"],
                          m["cds_end"], m["exon_starts"], m["exon_ends"],
                          "MANE Select v1.0 model (shared reference transcripts.tsv; CDS includes "
                          "the stop codon)" + (f"; {m['notes']}" if m["notes"] else "")])

    rows = []
    for (gene, codon), (residue, named_in) in sorted(wanted_codons().items()):
        fragment = next(((first, seq) for first, seq in FRAGMENTS.get(gene, ())
                         if first <= codon < first + len(seq) // 3), None)
        if fragment is None:
            print(f"not derivable (no CDS fragment): {gene} {residue}{codon} ({named_in})",
                  file=sys.stderr)
            continue
        first, seq = fragment
        bases = seq[(codon - first) * 3:(codon - first) * 3 + 3]
        if CODE[bases] != residue:
            problems.append(f"{gene} codon {codon}: {bases} = {CODE[bases]}, {named_in} says "
                            f"{residue}")
        positions = {}
        for build in BUILDS:
            model = models[(gene, build)]
            cds = cds_positions(model)
            if (first - 1) * 3 + len(seq) == len(cds) and CODE[seq[-3:]] != "*":
                problems.append(f"{gene}: fragment reaches the CDS end but ends without a stop")
            if CODE[seq[-3:]] == "*" and (first - 1) * 3 + len(seq) != len(cds):
                problems.append(f"{gene} {build}: fragment stop codon is not at the CDS end")
            positions[build] = cds[(codon - 1) * 3:(codon - 1) * 3 + 3]
            for hot in hotspots:
                if hot["gene"] != gene or hot["build"] != build or len(hot["ref"]) != 1:
                    continue
                pos = int(hot["pos"])
                if pos in positions[build]:
                    base = bases[positions[build].index(pos)]
                    if model["strand"] == "-":
                        base = base.translate(COMPLEMENT)
                    if base != hot["ref"]:
                        problems.append(f"{gene} {hot['protein_change']} {build}:{pos}: "
                                        f"hotspots.tsv REF {hot['ref']}, fragment gives {base}")
        rows.append([gene, models[(gene, "GRCh38")]["refseq"], codon, residue, bases,
                     models[(gene, "GRCh38")]["chrom"], models[(gene, "GRCh38")]["strand"],
                     ",".join(map(str, positions["GRCh37"])),
                     ",".join(map(str, positions["GRCh38"])),
                     f"RefSeq CDS fragment c.{(first - 1) * 3 + 1}-{(first - 1) * 3 + len(seq)}; "
                     f"positions from the MANE model; residue checked against {named_in}"])
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with open(ANNOTATIONS / "codons.tsv", "w", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["gene", "transcript", "codon", "ref_aa", "ref_codon", "chrom", "strand",
                      "grch37_positions", "grch38_positions", "reference"])
        out.writerows(rows)
    print(f"wrote {len(models)} transcript models and {len(rows)} codons", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference")))
