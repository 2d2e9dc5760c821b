#!/usr/bin/env python3
"""How fast `ctdna-resist annotate` reads VCFs of panel, exome and genome size.

Generates (once, deterministic) synthetic VEP-annotated GRCh38 VCFs into benchmarks/data/
(git-ignored): panel (5,000 records, 85% in knowledge-base genes), exome (200,000) and genome
(5,000,000, uniform over the genome); each bgzipped + tabix-indexed, plus an unindexed copy.
Then times, per file, whole processes (start-up included; median of --runs runs after one
warm-up) and their peak resident memory (os.wait4):
  annotate          ctdna-resist annotate FILE -o /dev/null
  bcftools -R       bcftools view -H -R <knowledge-base gene regions> FILE   (indexed files)
  cyvcf2 regions    a minimal cyvcf2 loop over the same regions                (indexed files)
  bcftools view -H  bcftools view -H FILE                                      (every record)
and checks the targets: indexed genome within 2x the cyvcf2 region loop; unindexed within 1.5x
`bcftools view -H`; panel under 0.25 s; peak memory under 300 MB everywhere.
Needs bcftools for its columns (apt-get install bcftools tabix); they are skipped if absent.

usage: python benchmarks/vcf_speed.py [--sizes panel,exome,genome] [--runs 3] [--regenerate]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
BIN = Path(sys.executable).parent
SEED = 20261122
MARGIN = 1000
SIZES = {"panel": 5_000, "exome": 200_000, "genome": 5_000_000}
CONTIGS = [
    ("chr1", 248956422), ("chr2", 242193529), ("chr3", 198295559), ("chr4", 190214555),
    ("chr5", 181538259), ("chr6", 170805979), ("chr7", 159345973), ("chr8", 145138636),
    ("chr9", 138394717), ("chr10", 133797422), ("chr11", 135086622), ("chr12", 133275309),
    ("chr13", 114364328), ("chr14", 107043718), ("chr15", 101991189), ("chr16", 90338345),
    ("chr17", 83257441), ("chr18", 80373285), ("chr19", 58617616), ("chr20", 64444167),
    ("chr21", 46709983), ("chr22", 50818468), ("chrX", 156040895), ("chrY", 57227415),
]
CSQ_FIELDS = ("Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|EXON|INTRON|"
              "HGVSc|HGVSp|cDNA_position|CDS_position|Protein_position|Amino_acids|Codons|"
              "Existing_variation|DISTANCE|STRAND|FLAGS|SYMBOL_SOURCE|HGNC_ID|CANONICAL|"
              "MANE_SELECT|gnomADe_AF")
#: real GRCh38 hotspots with their MANE CSQ (chrom, pos, ref, alt, gene, transcript, c., p.)
HOTSPOTS = [
    ("chr7", 55181378, "C", "T", "EGFR", "ENST00000275493.7", "c.2369C>T", "p.Thr790Met"),
    ("chr7", 55191822, "T", "G", "EGFR", "ENST00000275493.7", "c.2573T>G", "p.Leu858Arg"),
    ("chr12", 25245351, "C", "A", "KRAS", "ENST00000311936.8", "c.34G>T", "p.Gly12Cys"),
    ("chr7", 140753336, "A", "T", "BRAF", "ENST00000646891.2", "c.1799T>A", "p.Val600Glu"),
    ("chr3", 179218303, "G", "A", "PIK3CA", "ENST00000263967.4", "c.1633G>A", "p.Glu545Lys"),
]
EFFECTS = ("missense_variant", "synonymous_variant", "intron_variant", "3_prime_UTR_variant",
           "splice_region_variant&intron_variant", "stop_gained")
AA = "ACDEFGHIKLMNPQRSTVWY"
AA3 = ("Ala Cys Asp Glu Phe Gly His Ile Lys Leu Met Asn Pro Gln Arg Ser Thr Val Trp Tyr").split()


def kb_genes() -> list[tuple[str, int, int, str]]:
    """(contig, start, end, symbol) of the knowledge-base genes with GRCh38 spans."""
    out = []
    with open(ROOT / "annotations" / "genes.tsv") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            if row.get("grch38_start"):
                out.append((f"chr{row['chrom']}", int(row["grch38_start"]),
                            int(row["grch38_end"]), row["symbol"]))
    return out


def write_regions(path: Path) -> list[str]:
    order = {c: i for i, (c, _) in enumerate(CONTIGS)}
    spans = sorted(((c, max(1, s - MARGIN), e + MARGIN) for c, s, e, _ in kb_genes()),
                   key=lambda r: (order[r[0]], r[1]))
    merged: list[list] = []
    for c, s, e in spans:
        if merged and merged[-1][0] == c and s <= merged[-1][2] + 1:
            merged[-1][2] = max(e, merged[-1][2])
        else:
            merged.append([c, s, e])
    path.write_text("".join(f"{c}\t{s - 1}\t{e}\n" for c, s, e in merged))
    return [f"{c}:{s}-{e}" for c, s, e in merged]


#: consequence mix inside genes: a panel and an exome are mostly coding; a genome's in-gene
#: records are mostly intronic (about 1.5% of a genome's records are exonic)
EFFECT_WEIGHTS = {"panel": (30, 15, 35, 10, 5, 5), "exome": (35, 25, 15, 15, 8, 2),
                  "genome": (1, 1, 93, 3, 1, 1)}


def csq(rng: random.Random, allele: str, symbol: str, gene_id: str, n_tx: int,
        size: str) -> str:
    entries = []
    effect = rng.choices(EFFECTS, EFFECT_WEIGHTS[size])[0]
    codon = rng.randrange(1, 1200)
    a, b = rng.randrange(20), rng.randrange(20)
    for k in range(n_tx):
        tx = f"ENST{gene_id[4:]}{k}.1"
        coding = effect in ("missense_variant", "synonymous_variant", "stop_gained")
        hgvsp = f"ENSP{gene_id[4:]}{k}.1:p.{AA3[a]}{codon}{AA3[b]}" if coding else ""
        entries.append("|".join((
            allele, effect, "MODERATE", symbol, gene_id, "Transcript", tx, "protein_coding",
            f"{rng.randrange(1, 20)}/20" if coding else "", "" if coding else "3/19",
            f"{tx}:c.{codon * 3}G>A", hgvsp, str(codon * 3 + 100), str(codon * 3) if coding else "",
            str(codon) if coding else "", f"{AA[a]}/{AA[b]}" if coding else "",
            "Gcc/Acc" if coding else "", "", "", "1", "", "HGNC", "", "YES" if k == 0 else "",
            "", "")))
    return ",".join(entries)


def generate(name: str, n: int) -> Path:
    import pysam

    rng = random.Random(f"{SEED}-{name}")
    genes = kb_genes()
    positions: dict[str, set[int]] = {c: set() for c, _ in CONTIGS}
    hot = {(c, p): h for h in HOTSPOTS for c, p in [(h[0], h[1])]}
    weights = [length for _, length in CONTIGS]
    names = [c for c, _ in CONTIGS]
    count = 0
    while count < n - len(HOTSPOTS):
        if name == "panel" and rng.random() < 0.85:
            c, s, e, _ = rng.choice(genes)
            p = rng.randint(s, e)
        elif name == "exome":  # clustered like exons: 150-bp windows at random
            c = rng.choices(names, weights)[0]
            p = rng.randrange(1, dict(CONTIGS)[c] // 150) * 150 + rng.randrange(150)
        else:
            c = rng.choices(names, weights)[0]
            p = rng.randint(1, dict(CONTIGS)[c] - 20)
        if (c, p) not in hot and p not in positions[c]:
            positions[c].add(p)
            count += 1
    for c, p, *_ in HOTSPOTS:
        positions[c].add(p)
    gene_at: dict[str, list[tuple[int, int, str]]] = {}
    for c, s, e, g in genes:
        gene_at.setdefault(c, []).append((s, e, g))
    path = DATA / f"{name}.vcf.gz"
    out = pysam.BGZFile(str(path), "wb")
    lines = ["##fileformat=VCFv4.2", "##source=benchmarks/vcf_speed.py (synthetic)",
             "##reference=GRCh38"]
    lines += [f"##contig=<ID={c},length={n_},assembly=GRCh38>" for c, n_ in CONTIGS]
    lines += ['##FILTER=<ID=PASS,Description="All filters passed">',
              '##FILTER=<ID=LowVAF,Description="VAF below the limit of detection">',
              '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">',
              '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from '
              f'Ensembl VEP. Format: {CSQ_FIELDS}">',
              '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
              '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
              '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
              '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">',
              "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tPLASMA"]
    out.write(("\n".join(lines) + "\n").encode())
    depth = {"panel": 3000, "exome": 120, "genome": 40}[name]
    buf = []
    for c, _ in CONTIGS:
        spans = sorted(gene_at.get(c, []))
        for p in sorted(positions[c]):
            h = hot.get((c, p))
            if h:
                alt_n = max(3, depth // 40)
                buf.append(f"{c}\t{p}\t.\t{h[2]}\t{h[3]}\t200\tPASS\tDP={depth};CSQ={h[3]}|"
                           f"missense_variant|MODERATE|{h[4]}|ENSG0|Transcript|{h[5]}|"
                           f"protein_coding|||{h[5]}:{h[6]}|ENSP0:{h[7]}|||||||||||YES||"
                           f"\tGT:AD:DP:AF\t0/1:{depth - alt_n},{alt_n}:{depth}:"
                           f"{alt_n / depth:.4f}")
                continue
            ref = rng.choice("ACGT")
            alt = rng.choice([b for b in "ACGT" if b != ref])
            if rng.random() < 0.1:
                ref += "".join(rng.choice("ACGT") for _ in range(rng.choice((1, 2, 3, 6))))
                alt = ref[0]
            dp = max(8, int(rng.gauss(depth, depth / 4)))
            vaf = rng.choice((0.004, 0.01, 0.03, 0.5, 1.0)) * rng.uniform(0.7, 1.0)
            alt_n = max(1, min(dp, round(dp * vaf)))
            gene = next((g for s, e, g in spans if s <= p <= e), None)
            if gene is not None or rng.random() < 0.3:
                symbol = gene or f"SG{p % 19000:05d}"
                info = f"DP={dp};CSQ=" + csq(rng, alt if len(ref) == 1 else "-", symbol,
                                             f"ENSG{p % 10 ** 9:011d}", rng.randint(1, 3), name)
            else:
                info = f"DP={dp};CSQ={alt if len(ref) == 1 else '-'}|intergenic_variant|" \
                    "MODIFIER" + "|" * 23
            flt = "PASS" if rng.random() < 0.85 else "LowVAF"
            buf.append(f"{c}\t{p}\t.\t{ref}\t{alt}\t{rng.uniform(5, 900):.1f}\t{flt}\t{info}\t"
                       f"GT:AD:DP:AF\t0/1:{dp - alt_n},{alt_n}:{dp}:{alt_n / dp:.4f}")
            if len(buf) >= 20000:
                out.write(("\n".join(buf) + "\n").encode())
                buf = []
    if buf:
        out.write(("\n".join(buf) + "\n").encode())
    out.close()
    pysam.tabix_index(str(path), preset="vcf", force=True)
    shutil.copyfile(path, DATA / f"{name}.noindex.vcf.gz")
    return path


CYVCF2_LOOP = """
import sys
from cyvcf2 import VCF
vcf = VCF(sys.argv[1])
n = 0
for region in sys.argv[2].split(","):
    for v in vcf(region):
        chrom, pos, ref, alt, csq = v.CHROM, v.POS, v.REF, v.ALT, v.INFO.get("CSQ")
        n += 1
print(n)
"""


def run(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one process."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(command, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}\n"
                         f"{proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def measure(command: list[str], runs: int) -> tuple[float, float, float, float]:
    run(command)  # warm-up: file in the page cache
    results = [run(command) for _ in range(runs)]
    walls = [w for w, _ in results]
    return statistics.median(walls), min(walls), max(walls), max(m for _, m in results)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="panel,exome,genome")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--generate", metavar="SIZE", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.generate:  # in its own process, so the timing parent stays small (peak memory)
        generate(args.generate, SIZES[args.generate])
        return 0
    DATA.mkdir(parents=True, exist_ok=True)
    bed = DATA / "kb_regions_grch38.bed"
    regions = write_regions(bed)
    bcftools = shutil.which("bcftools")
    annotate = str(BIN / "ctdna-resist")
    print(f"# {len(regions)} knowledge-base gene regions (GRCh38, +-{MARGIN} bp); median of "
          f"{args.runs} runs after a warm-up; peak = max resident set of the process")
    if not bcftools:
        print("# bcftools not found: its columns are skipped (apt-get install bcftools tabix)")
    print("size\tfile\tmethod\tmedian_s\tmin_s\tmax_s\tpeak_MB")
    figures: dict[tuple[str, str, str], tuple] = {}
    for size in args.sizes.split(","):
        path = DATA / f"{size}.vcf.gz"
        if args.regenerate or not path.exists() or not (DATA / f"{size}.noindex.vcf.gz").exists():
            t = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--generate", size], check=True)
            print(f"# generated {path.name} ({SIZES[size]:,} records) in "
                  f"{time.perf_counter() - t:.0f} s", file=sys.stderr)
        for label, file in (("indexed", path), ("unindexed", DATA / f"{size}.noindex.vcf.gz")):
            methods = {"annotate": [annotate, "annotate", str(file), "-o", os.devnull]}
            if label == "indexed":
                if bcftools:
                    methods["bcftools -R"] = [bcftools, "view", "-H", "-R", str(bed), str(file)]
                methods["cyvcf2 regions"] = [sys.executable, "-c", CYVCF2_LOOP, str(file),
                                             ",".join(regions)]
            elif bcftools:
                methods["bcftools view -H"] = [bcftools, "view", "-H", str(file)]
            for method, command in methods.items():
                median, low, high, peak = measure(command, args.runs)
                figures[(size, label, method)] = (median, peak)
                print(f"{size}\t{label}\t{method}\t{median:.3f}\t{low:.3f}\t{high:.3f}\t"
                      f"{peak:.0f}", flush=True)
    print("\n# targets")
    ok = True

    def check(what: str, passed: bool, detail: str) -> None:
        nonlocal ok
        ok &= passed
        print(f"{'PASS' if passed else 'FAIL'}\t{what}\t{detail}")

    for size in args.sizes.split(","):
        a = figures.get((size, "indexed", "annotate"))
        c = figures.get((size, "indexed", "cyvcf2 regions"))
        u = figures.get((size, "unindexed", "annotate"))
        b = figures.get((size, "unindexed", "bcftools view -H"))
        if size == "genome" and a and c:
            check("indexed genome <= 2x cyvcf2 region loop", a[0] <= 2 * c[0],
                  f"{a[0]:.3f} s / {c[0]:.3f} s = {a[0] / c[0]:.2f}x")
        if size == "genome" and u and b:
            check("unindexed genome <= 1.5x bcftools view -H", u[0] <= 1.5 * b[0],
                  f"{u[0]:.2f} s / {b[0]:.2f} s = {u[0] / b[0]:.2f}x")
        if size == "panel" and a:
            check("panel < 0.25 s", a[0] < 0.25, f"{a[0]:.3f} s indexed, "
                  f"{u[0]:.3f} s unindexed" if u else f"{a[0]:.3f} s")
        peaks = [f[1] for (s, _, m), f in figures.items() if s == size and m == "annotate"]
        if peaks:
            check(f"{size} peak memory < 300 MB", max(peaks) < 300, f"{max(peaks):.0f} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
