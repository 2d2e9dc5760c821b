"""Write annotations/exons.tsv: the codons each coding exon of a MANE transcript spans.

Derived from the transcript models in the shared reference folder (GRCh38; exon numbering in
transcript orientation). Used to classify protein changes as exon-level class events
("exon 19 deletion", "exon 20 insertion"). Run: python scripts/exon_codons.py ../shared/reference
"""
import csv
import sys
from pathlib import Path


def coding_exons(row):
    starts = [int(x) for x in row["exon_starts"].split(",")]
    ends = [int(x) for x in row["exon_ends"].split(",")]
    cds_start, cds_end = int(row["cds_start"]), int(row["cds_end"])
    exons = list(zip(starts, ends, strict=True))
    if row["strand"] == "-":
        exons = exons[::-1]
    done = 0  # coding nucleotides before this exon
    for number, (start, end) in enumerate(exons, 1):
        lo, hi = max(start, cds_start), min(end, cds_end)
        if lo > hi:
            continue
        length = hi - lo + 1
        first_codon = done // 3 + 1
        last_codon = (done + length - 1) // 3 + 1
        done += length
        yield number, first_codon, last_codon


def main(reference: Path, out: Path) -> None:
    rows = [r for r in csv.DictReader(open(reference / "transcripts.tsv"), delimiter="\t")
            if r["build"] == "GRCh38"]
    with open(out, "w", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["gene", "exon", "first_codon", "last_codon", "transcript", "reference"])
        for row in sorted(rows, key=lambda r: r["gene"]):
            note = "MANE Select model, GRCh38 (shared reference transcripts.tsv)"
            if row["notes"]:
                note += "; " + row["notes"].replace("\t", " ")
            for number, first, last in coding_exons(row):
                writer.writerow([row["gene"], number, first, last, row["refseq"], note])


if __name__ == "__main__":
    ref = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference")
    main(ref, Path(__file__).resolve().parents[1] / "annotations" / "exons.tsv")
