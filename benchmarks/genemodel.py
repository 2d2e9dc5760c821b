"""What the benchmark inputs are built from, read from the shipped tables in `annotations/`.

- knowledge-base genes with GRCh38 spans, strand and MANE transcripts (`genes.tsv`);
- their MANE coding exons and CDS length (`transcripts.tsv`, GRCh38 rows);
- hotspots at their real GRCh38 positions and alleles (`hotspots.tsv`, verified rows whose
  protein change is a substitution, deletion or duplication), with HGVSp as VEP writes it;
- the specific alterations the resistance table names (`resistance.tsv`), for panel inputs that
  exercise the matcher's patterns and conditions.

Only the benchmark scripts read this module; the product never imports it.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "annotations"

#: GRCh38 primary contigs and lengths (the `##contig` lines of the generated VCFs)
CONTIGS = [
    ("chr1", 248956422), ("chr2", 242193529), ("chr3", 198295559), ("chr4", 190214555),
    ("chr5", 181538259), ("chr6", 170805979), ("chr7", 159345973), ("chr8", 145138636),
    ("chr9", 138394717), ("chr10", 133797422), ("chr11", 135086622), ("chr12", 133275309),
    ("chr13", 114364328), ("chr14", 107043718), ("chr15", 101991189), ("chr16", 90338345),
    ("chr17", 83257441), ("chr18", 80373285), ("chr19", 58617616), ("chr20", 64444167),
    ("chr21", 46709983), ("chr22", 50818468), ("chrX", 156040895), ("chrY", 57227415),
]
AA3 = {"A": "Ala", "C": "Cys", "D": "Asp", "E": "Glu", "F": "Phe", "G": "Gly", "H": "His",
       "I": "Ile", "K": "Lys", "L": "Leu", "M": "Met", "N": "Asn", "P": "Pro", "Q": "Gln",
       "R": "Arg", "S": "Ser", "T": "Thr", "V": "Val", "W": "Trp", "Y": "Tyr", "*": "Ter"}
_SUBSTITUTION = re.compile(r"^([A-Z])(\d+)([A-Z])$")
_RANGE = re.compile(r"^([A-Z])(\d+)_([A-Z])(\d+)(del|dup)$")


@dataclass
class Gene:
    symbol: str
    contig: str  # "chr7"
    start: int
    end: int
    strand: str
    mane_refseq: str
    mane_ensembl: str
    exons: list[tuple[int, int]] = field(default_factory=list)  # MANE exons, 1-based
    protein_length: int = 400


@dataclass
class Hotspot:
    gene: str
    protein_change: str  # T790M
    contig: str
    pos: int
    ref: str
    alt: str
    hgvs_c: str
    hgvs_p: str  # p.Thr790Met
    protein_position: str


def _rows(name: str) -> list[dict[str, str]]:
    with open(ANNOTATIONS / name, newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def kb_genes() -> list[Gene]:
    """Knowledge-base genes with GRCh38 spans, sorted by contig order and start."""
    genes = {}
    for row in _rows("genes.tsv"):
        if row.get("chrom") and row.get("grch38_start") and row.get("grch38_end"):
            genes[row["symbol"]] = Gene(
                symbol=row["symbol"], contig=f"chr{row['chrom']}",
                start=int(row["grch38_start"]), end=int(row["grch38_end"]),
                strand=row.get("strand") or "+", mane_refseq=row.get("mane_refseq", ""),
                mane_ensembl=row.get("mane_ensembl", ""))
    for row in _rows("transcripts.tsv"):
        gene = genes.get(row["gene"])
        if gene is None or row["build"] != "GRCh38":
            continue
        starts = [int(x) for x in row["exon_starts"].split(",") if x]
        ends = [int(x) for x in row["exon_ends"].split(",") if x]
        gene.exons = sorted(zip(starts, ends, strict=True))
        cds_start, cds_end = int(row["cds_start"]), int(row["cds_end"])
        coding = sum(max(0, min(e, cds_end) - max(s, cds_start) + 1) for s, e in gene.exons)
        gene.protein_length = max(50, coding // 3 - 1)
    order = {c: i for i, (c, _) in enumerate(CONTIGS)}
    return sorted(genes.values(), key=lambda g: (order[g.contig], g.start))


def hgvs_p(change: str) -> str | None:
    """`T790M` -> `p.Thr790Met`, `E746_A750del` -> `p.Glu746_Ala750del`; None otherwise."""
    m = _SUBSTITUTION.match(change)
    if m:
        return f"p.{AA3[m.group(1)]}{m.group(2)}{AA3[m.group(3)]}"
    m = _RANGE.match(change)
    if m:
        return f"p.{AA3[m.group(1)]}{m.group(2)}_{AA3[m.group(3)]}{m.group(4)}{m.group(5)}"
    return None


def hotspots() -> list[Hotspot]:
    """Verified GRCh38 hotspots whose protein change VEP would write as HGVSp."""
    out, seen = [], set()
    for row in _rows("hotspots.tsv"):
        p = hgvs_p(row["protein_change"])
        key = (row["chrom"], row["pos"])
        if row["build"] != "GRCh38" or row["verified"] != "yes" or p is None or key in seen:
            continue
        seen.add(key)
        position = re.findall(r"\d+", row["protein_change"])
        out.append(Hotspot(
            gene=row["gene"], protein_change=row["protein_change"], contig=f"chr{row['chrom']}",
            pos=int(row["pos"]), ref=row["ref"], alt=row["alt"], hgvs_c=row["hgvs_c"],
            hgvs_p=p, protein_position="-".join(position)))
    return out


def resistance_alterations() -> list[tuple[str, str]]:
    """(gene, alteration) pairs the resistance table names specifically (`C797S`,
    `amplification`, `exon 19 deletion`...), without the catch-all `mutation`."""
    pairs = set()
    for row in _rows("resistance.tsv"):
        if row.get("partner"):
            continue
        for alteration in row["alteration"].split(","):
            alteration = alteration.strip()
            if alteration and not alteration.startswith("mutation"):
                pairs.add((row["gene"], alteration))
    return sorted(pairs)


def kb_size() -> dict[str, int]:
    """Resistance entries, rescue options, and the condition terms they carry."""
    resistance, rescue = _rows("resistance.tsv"), _rows("rescue.tsv")
    terms = sum(len([t for t in row.get(column, "").split(";") if t.strip()])
                for rows, column in ((resistance, "requires"), (rescue, "condition"))
                for row in rows)
    return {"resistance_entries": len(resistance), "rescue_options": len(rescue),
            "condition_terms": terms}


def kb_regions(margin: int = 1000) -> list[tuple[str, int, int]]:
    """Knowledge-base gene spans +- margin, merged: (contig, start, end), 1-based inclusive.
    The same regions `annotate` reads (readers/genome.py, MARGIN = 1000)."""
    order = {c: i for i, (c, _) in enumerate(CONTIGS)}
    spans = sorted(((g.contig, max(1, g.start - margin), g.end + margin) for g in kb_genes()),
                   key=lambda r: (order[r[0]], r[1]))
    merged: list[tuple[str, int, int]] = []
    for contig, start, end in spans:
        if merged and merged[-1][0] == contig and start <= merged[-1][2] + 1:
            merged[-1] = (contig, merged[-1][1], max(end, merged[-1][2]))
        else:
            merged.append((contig, start, end))
    return merged


def digest(*sources: str) -> str:
    """Eight hex digits naming what an input is generated from: what this module reads from
    the tables, and the named generator sources; a cached input is rebuilt when either
    changes."""
    h = hashlib.sha256()
    h.update(repr((CONTIGS, kb_genes(), hotspots(), resistance_alterations())).encode())
    for name in sources:
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:8]
