"""Deterministic synthetic VEP-annotated GRCh38 VCFs: a ctDNA panel call set and a genome.

    python benchmarks/vcfgen.py KIND RECORDS OUT.vcf.gz     # KIND: panel or genome

Writes OUT.vcf.gz (bgzipped) and its tabix index. The same arguments give byte-identical files.

- panel: deep (DP ~3000), mostly low VAF, 85% of records in knowledge-base genes (70% of those
  in a MANE exon +-30 bp), the rest anywhere in the genome; 15% fail FILTER.
- genome: positions uniform over GRCh38 (by contig length), DP ~40; records inside
  knowledge-base genes are mostly intronic, exonic ones get coding consequences; outside them
  30% are intronic in a synthetic gene, the rest intergenic.
Every file carries the verified GRCh38 hotspots of `annotations/hotspots.tsv` (EGFR T790M,
L858R, C797S, KRAS G12C, BRAF V600E, PIK3CA E545K, ...) at their real positions and alleles,
with the MANE transcript, HGVSc and HGVSp VEP gives them.

What is not real: REF bases away from the hotspots are random, protein changes of the other
records are random codons of the gene's MANE protein, and transcript/protein ids other than
the MANE transcripts are synthetic. Synthetic data: not patient data.
"""

from __future__ import annotations

import bisect
import random
import sys
import zlib
from pathlib import Path

from genemodel import AA3, CONTIGS, Gene, Hotspot, hotspots, kb_genes

SEED = 20261207
CSQ_FIELDS = ("Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|"
              "HGVSc|HGVSp|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|"
              "Existing_variation|DISTANCE|STRAND|FLAGS|SYMBOL_SOURCE|HGNC_ID|CANONICAL|"
              "MANE_SELECT|gnomADe_AF")
N_FIELDS = CSQ_FIELDS.count("|") + 1
AA = "ACDEFGHIKLMNPQRSTVWY"
#: consequence -> impact; the weights per kind of file and per place (exon, rest of gene)
IMPACT = {"missense_variant": "MODERATE", "synonymous_variant": "LOW",
          "stop_gained": "HIGH", "intron_variant": "MODIFIER",
          "splice_region_variant&intron_variant": "LOW", "3_prime_UTR_variant": "MODIFIER"}
EXONIC = (("missense_variant", 55), ("synonymous_variant", 35), ("stop_gained", 4),
          ("3_prime_UTR_variant", 6))
IN_GENE = (("intron_variant", 92), ("splice_region_variant&intron_variant", 3),
           ("3_prime_UTR_variant", 5))
SETTINGS = {  # depth, VAF choices, fraction in KB genes (panel), fraction exonic there (panel)
    "panel": (3000, (0.002, 0.004, 0.01, 0.03, 0.1, 0.45), 0.85, 0.70),
    "genome": (40, (0.05, 0.2, 0.5, 0.5, 1.0), None, None),
}


def header(kind: str) -> str:
    lines = ["##fileformat=VCFv4.2", f"##source=benchmarks/vcfgen.py {kind} (synthetic)",
             "##reference=GRCh38"]
    lines += [f"##contig=<ID={c},length={n},assembly=GRCh38>" for c, n in CONTIGS]
    lines += ['##FILTER=<ID=PASS,Description="All filters passed">',
              '##FILTER=<ID=LowVAF,Description="VAF below the limit of detection">',
              '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth">',
              '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from '
              f'Ensembl VEP. Format: {CSQ_FIELDS}">',
              '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
              '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
              '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
              '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">',
              '##VEP="v110" cache="homo_sapiens/110_GRCh38"',
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tPLASMA"]
    return "\n".join(lines) + "\n"


def entry(fields: dict[str, str]) -> str:
    names = CSQ_FIELDS.split("|")
    return "|".join(fields.get(n, "") for n in names)


def hotspot_line(h: Hotspot, gene: Gene, depth: int) -> str:
    allele = h.alt[1:] if len(h.ref) < len(h.alt) else "-" if len(h.ref) > 1 else h.alt
    inframe = "inframe_deletion" if len(h.ref) > 1 else "inframe_insertion"
    consequence = "missense_variant" if len(h.ref) == len(h.alt) else inframe
    aa = h.protein_change
    csq = entry({"Allele": allele, "Consequence": consequence, "IMPACT": "MODERATE",
                 "SYMBOL": h.gene, "Feature_type": "Transcript", "Feature": gene.mane_ensembl,
                 "BIOTYPE": "protein_coding", "HGVSc": f"{gene.mane_ensembl}:{h.hgvs_c}",
                 "HGVSp": f"{gene.mane_ensembl.replace('ENST', 'ENSP')}:{h.hgvs_p}",
                 "Protein_position": h.protein_position,
                 "Amino_acids": f"{aa[0]}/{aa[-1]}" if consequence == "missense_variant" else "",
                 "STRAND": "1" if gene.strand == "+" else "-1", "SYMBOL_SOURCE": "HGNC",
                 "CANONICAL": "YES", "MANE_SELECT": gene.mane_refseq})
    alt_n = max(5, depth // 50)
    return (f"{h.contig}\t{h.pos}\t.\t{h.ref}\t{h.alt}\t200\tPASS\tDP={depth};CSQ={csq}\t"
            f"GT:AD:DP:AF\t0/1:{depth - alt_n},{alt_n}:{depth}:{alt_n / depth:.4f}")


def gene_csq(rng: random.Random, gene: Gene, allele: str, pos: int) -> str:
    """One CSQ entry per transcript (the MANE one first, then 0-2 synthetic ones)."""
    in_exon = any(s <= pos <= e for s, e in gene.exons)
    table = EXONIC if in_exon else IN_GENE
    consequence = rng.choices([c for c, _ in table], [w for _, w in table])[0]
    coding = consequence in ("missense_variant", "synonymous_variant", "stop_gained")
    codon = rng.randint(2, gene.protein_length)
    a = rng.choice(AA)
    b = {"missense_variant": rng.choice(AA.replace(a, "")), "synonymous_variant": a,
         "stop_gained": "*"}.get(consequence, a)
    change = f"p.{AA3[a]}{codon}{'=' if a == b else AA3[b]}"
    offset = rng.randint(3, 8) if consequence.startswith("splice") else rng.randint(9, 900)
    c_dot = f"c.{codon * 3 - 1}G>A" if coding else \
        f"c.*{rng.randint(1, 900)}G>A" if consequence.startswith("3_prime") else \
        f"c.{codon * 3}+{offset}G>A"
    entries = []
    for k in range(1 + rng.choice((0, 0, 1, 2))):
        tx = gene.mane_ensembl if k == 0 else f"ENST9{zlib.crc32(gene.symbol.encode()):010d}{k}.1"
        entries.append(entry({
            "Allele": allele, "Consequence": consequence, "IMPACT": IMPACT[consequence],
            "SYMBOL": gene.symbol, "Feature_type": "Transcript", "Feature": tx,
            "BIOTYPE": "protein_coding", "HGVSc": f"{tx}:{c_dot}",
            "HGVSp": f"{tx.replace('ENST', 'ENSP')}:{change}" if coding else "",
            "CDS_position": str(codon * 3 - 1) if coding else "",
            "Protein_position": str(codon) if coding else "",
            "Amino_acids": (a if a == b else f"{a}/{b}") if coding else "",
            "STRAND": "1" if gene.strand == "+" else "-1", "SYMBOL_SOURCE": "HGNC",
            "CANONICAL": "YES" if k == 0 else "", "MANE_SELECT": gene.mane_refseq if k == 0 else "",
            "gnomADe_AF": f"{rng.random() / 1000:.6f}" if rng.random() < 0.2 else ""}))
    return ",".join(entries)


def other_csq(rng: random.Random, allele: str, pos: int) -> str:
    if rng.random() < 0.3:
        symbol = f"SG{pos % 19000:05d}"
        return entry({"Allele": allele, "Consequence": "intron_variant", "IMPACT": "MODIFIER",
                      "SYMBOL": symbol, "Gene": f"ENSG9{pos % 19000:010d}",
                      "Feature_type": "Transcript", "Feature": f"ENST9{pos % 19000:010d}.1",
                      "BIOTYPE": "protein_coding", "INTRON": f"{rng.randint(1, 9)}/10",
                      "STRAND": "1", "SYMBOL_SOURCE": "HGNC"})
    return entry({"Allele": allele, "Consequence": "intergenic_variant", "IMPACT": "MODIFIER"})


def positions(rng: random.Random, kind: str, n: int, genes: list[Gene],
              taken: set[tuple[str, int]]) -> dict[str, list[int]]:
    """n distinct positions per contig, sorted, avoiding `taken` (the hotspots)."""
    chosen: dict[str, set[int]] = {c: set() for c, _ in CONTIGS}
    lengths = dict(CONTIGS)
    total = sum(lengths.values())
    if kind == "genome":  # contig by contig: a share of n proportional to its length
        left = n
        for i, (contig, length) in enumerate(CONTIGS):
            share = left if i == len(CONTIGS) - 1 else round(n * length / total)
            chosen[contig].update(rng.sample(range(1, length - 20), share))
            left -= share
    fraction, exonic = SETTINGS[kind][2], SETTINGS[kind][3]
    count = sum(len(v) for v in chosen.values())
    for contig, pos in taken:
        count -= pos in chosen[contig]
        chosen[contig].discard(pos)
    names, weights = [c for c, _ in CONTIGS], [n_ for _, n_ in CONTIGS]
    while count < n:  # the panel, and refilling the genome where a hotspot was drawn
        if fraction is not None and rng.random() < fraction:
            gene = rng.choice(genes)
            if gene.exons and rng.random() < exonic:
                s, e = rng.choice(gene.exons)
                contig, pos = gene.contig, rng.randint(s - 30, e + 30)
            else:
                contig, pos = gene.contig, rng.randint(gene.start, gene.end)
        else:
            contig = rng.choices(names, weights)[0]
            pos = rng.randint(1, lengths[contig] - 20)
        if (contig, pos) not in taken and pos not in chosen[contig]:
            chosen[contig].add(pos)
            count += 1
    return {c: sorted(v) for c, v in chosen.items()}


def record_lines(rng: random.Random, kind: str, contig: str, spots: list[int],
                 genes: list[Gene], hot: dict[int, str]) -> list[str]:
    """The lines at `spots` (sorted); `hot` holds the hotspot lines by position."""
    depth, vafs = SETTINGS[kind][0], SETTINGS[kind][1]
    starts = [g.start for g in genes]
    lines = []
    for pos in spots:
        if pos in hot:
            lines.append(hot[pos])
            continue
        ref = rng.choice("ACGT")
        alt = rng.choice("ACGT".replace(ref, ""))
        if rng.random() < 0.1:  # a short deletion
            ref += "".join(rng.choice("ACGT") for _ in range(rng.choice((1, 2, 3, 6))))
            alt = ref[0]
        allele = alt if len(ref) == 1 else "-"
        i = bisect.bisect_right(starts, pos) - 1
        gene = genes[i] if i >= 0 and genes[i].start <= pos <= genes[i].end else None
        csq = gene_csq(rng, gene, allele, pos) if gene else other_csq(rng, allele, pos)
        dp = max(8, int(rng.gauss(depth, depth / 4)))
        alt_n = max(1, min(dp, round(dp * rng.choice(vafs) * rng.uniform(0.7, 1.0))))
        flt = "PASS" if rng.random() < 0.85 else "LowVAF"
        lines.append(f"{contig}\t{pos}\t.\t{ref}\t{alt}\t{rng.uniform(5, 900):.1f}\t{flt}\t"
                     f"DP={dp};CSQ={csq}\tGT:AD:DP:AF\t0/1:{dp - alt_n},{alt_n}:{dp}:"
                     f"{alt_n / dp:.4f}")
    return lines


def generate(kind: str, n: int, path: Path) -> None:
    import pysam

    rng = random.Random(f"{SEED}-{kind}-{n}")
    genes = kb_genes()
    by_symbol = {g.symbol: g for g in genes}
    spots = [h for h in hotspots() if h.gene in by_symbol]
    hot = {(h.contig, h.pos): h for h in spots}
    chosen = positions(rng, kind, n - len(hot), genes, set(hot))
    out = pysam.BGZFile(str(path), "wb")
    out.write(header(kind).encode())
    depth = SETTINGS[kind][0]
    for contig, _ in CONTIGS:
        genes_here = [g for g in genes if g.contig == contig]
        hot_here = {p: hotspot_line(h, by_symbol[h.gene], depth)
                    for (c, p), h in hot.items() if c == contig}
        spots_here = sorted(chosen[contig] + list(hot_here))
        for start in range(0, len(spots_here), 50_000):
            lines = record_lines(rng, kind, contig, spots_here[start:start + 50_000],
                                 genes_here, hot_here)
            out.write(("\n".join(lines) + "\n").encode())
    out.close()
    pysam.tabix_index(str(path), preset="vcf", force=True)


if __name__ == "__main__":
    generate(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
