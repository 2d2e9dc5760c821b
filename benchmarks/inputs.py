"""The benchmark inputs, generated deterministically and cached in `benchmarks/data/`
(git-ignored). Each file's name carries a digest of what it is generated from, so it is rebuilt
when the generator or the knowledge-base tables it reads change, and reused otherwise.

- `panel_vcf(n)`, `genome_vcf(n)`: VEP-annotated GRCh38 VCFs (vcfgen.py), bgzipped and
  tabix-indexed; `unindexed(path)` is the same file under a name without an index.
- `small_panel()`: a 20-row panel export, the bundled example patient's rows plus calls that
  ctDNA panels report (CHIP genes, TP53, low-VAF missense).
- `alteration_panel(n)`: a panel export of n alterations, all in knowledge-base genes: every
  specific alteration the resistance table names, then random missense changes in the genes
  the resistance table covers (so patterns and conditions are evaluated for each of them).
- `cohort(n)`: n panel exports of the example patient (VAFs varied, MET amplification absent in
  a third, therapy lines varied) and their sample sheet, for `batch`.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from genemodel import ROOT, digest, kb_genes, resistance_alterations

DATA = ROOT / "benchmarks" / "data"
HERE = Path(__file__).resolve().parent
EXAMPLE = ROOT / "test_data" / "example_patient.panel.tsv"
PANEL_HEADER = "sample\tgene\talteration\ttype\tvaf\tcopy_number\tdepth\talt_depth\n"
THERAPY_LINES = ["erlotinib;osimertinib", "erlotinib", "gefitinib;osimertinib", "osimertinib",
                 "Tarceva;Tagrisso", "afatinib"]
AA = "ACDEFGHIKLMNPQRSTVWY"


def _note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def _drop_stale(pattern: str, current: str) -> None:
    """Remove earlier generations of an input (another digest) from benchmarks/data."""
    for old in DATA.glob(pattern):
        if current not in old.name:
            if old.is_dir():
                shutil.rmtree(old)
            else:
                old.unlink()


def _vcf(kind: str, n: int) -> Path:
    key = digest("vcfgen.py")
    path = DATA / f"{kind}-{n}-{key}.vcf.gz"
    if not (path.exists() and Path(f"{path}.tbi").exists()):
        DATA.mkdir(parents=True, exist_ok=True)
        _drop_stale(f"{kind}-{n}-*", key)
        _note(f"generating {path.name} ({n:,} records)...")
        started = time.perf_counter()
        partial = path.with_name(f"partial-{path.name}")
        # its own process: the generator's memory is not the harness's
        subprocess.run([sys.executable, str(HERE / "vcfgen.py"), kind, str(n), str(partial)],
                       check=True, cwd=HERE)
        os.replace(f"{partial}.tbi", f"{path}.tbi")
        os.replace(partial, path)
        _note(f"generated {path.name} in {time.perf_counter() - started:.0f} s")
    return path


def panel_vcf(n: int = 5_000) -> Path:
    return _vcf("panel", n)


def genome_vcf(n: int = 5_000_000) -> Path:
    return _vcf("genome", n)


def unindexed(path: Path) -> Path:
    """The same bytes under a name with no index beside it (a hard link where possible)."""
    other = path.with_name(path.name.replace(".vcf.gz", ".noindex.vcf.gz"))
    if not other.exists():
        try:
            os.link(path, other)
        except OSError:
            other.write_bytes(path.read_bytes())
    return other


def _cached(stem: str, suffix: str, write) -> Path:
    key = digest("inputs.py")
    path = DATA / f"{stem}-{key}{suffix}"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        _drop_stale(f"{stem}-*{suffix}", key)
        partial = path.with_name(f"partial-{path.name}")
        write(partial)
        os.replace(partial, path)
    return path


def _missense_rows(rng: random.Random, n: int, genes, taken: set, sample: str) -> list[str]:
    rows = []
    while len(rows) < n:
        gene = rng.choice(genes)
        codon, a = rng.randint(2, gene.protein_length), rng.choice(AA)
        b = rng.choice(AA.replace(a, ""))
        if (gene.symbol, codon, b) in taken:
            continue
        taken.add((gene.symbol, codon, b))
        depth = rng.randint(800, 4000)
        alt = max(2, round(depth * rng.choice((0.002, 0.005, 0.01, 0.03, 0.1))))
        rows.append(f"{sample}\t{gene.symbol}\tp.{a}{codon}{b}\tsnv\t{alt / depth:.4f}\t\t"
                    f"{depth}\t{alt}\n")
    return rows


def small_panel() -> Path:
    """20 rows: the example patient's 7 and 13 more (CHIP genes, TP53, low-VAF missense)."""
    def write(path: Path) -> None:
        rng = random.Random("small-panel")
        lines = EXAMPLE.read_text().splitlines(keepends=True)
        genes = [g for g in kb_genes() if g.symbol in
                 {"TP53", "TET2", "DNMT3A", "ASXL1", "PPM1D", "KRAS", "STK11", "KEAP1", "NF1"}]
        columns = lines[0].rstrip("\n").split("\t")
        extra = _missense_rows(rng, 20 - (len(lines) - 1), genes, set(), "PT001_plasma")
        for row in extra:  # into the example's columns
            cells = dict(zip(PANEL_HEADER.rstrip("\n").split("\t"), row.rstrip("\n").split("\t"),
                             strict=True))
            cells["vaf"] = f"{float(cells['vaf']) * 100:.2f}%"
            lines.append("\t".join(cells.get(c, "") for c in columns) + "\n")
        path.write_text("".join(lines))
    return _cached("small-panel-20", ".tsv", write)


def alteration_panel(n: int) -> Path:
    def write(path: Path) -> None:
        rng = random.Random(f"alterations-{n}")
        covered = {gene for gene, _ in resistance_alterations()}
        genes = [g for g in kb_genes() if g.symbol in covered]
        rows = ["S1\tEGFR\tL858R\tsnv\t0.0820\t\t2412\t198\n"]  # the driver
        taken = set()
        for gene, alteration in resistance_alterations():
            if "X" in alteration or alteration in ("fusion", "kinase domain duplication"):
                continue  # a pattern, or needs a partner
            kind = {"amplification": "amplification", "deletion": "deletion"}.get(alteration,
                                                                                  "snv")
            copies = {"amplification": "7.5", "deletion": "0.5"}.get(alteration, "")
            vaf = "" if copies else f"{rng.uniform(0.002, 0.05):.4f}"
            rows.append(f"S1\t{gene}\t{alteration}\t{kind}\t{vaf}\t{copies}\t\t\n")
            taken.add((gene, alteration))
        rows += _missense_rows(rng, n - len(rows), genes, taken, "S1")
        path.write_text(PANEL_HEADER + "".join(rows[:n]))
    return _cached(f"alterations-{n}", ".tsv", write)


def write_cohort(folder: Path, n: int) -> Path:
    """n panel exports of the example patient and their sample sheet; returns the sheet."""
    header, *rows = EXAMPLE.read_text().splitlines()
    columns = header.split("\t")
    vaf_at, gene_at = columns.index("vaf"), columns.index("gene")
    (folder / "panels").mkdir(parents=True, exist_ok=True)
    sheet = ["sample\tinputs\ttherapies"]
    for i in range(n):
        name = f"S{i + 1:04d}"
        scale = 0.3 + (i % 11) * 0.15
        lines = [header]
        for row in rows:
            cells = row.split("\t")
            if cells[gene_at] == "MET" and i % 3 == 0:
                continue
            if cells[vaf_at].endswith("%"):
                cells[vaf_at] = f"{float(cells[vaf_at][:-1]) * scale:.2f}%"
            lines.append("\t".join(cells))
        (folder / "panels" / f"{name}.tsv").write_text("\n".join(lines) + "\n")
        sheet.append(f"{name}\tpanels/{name}.tsv\t{THERAPY_LINES[i % len(THERAPY_LINES)]}")
    path = folder / "cohort.tsv"
    path.write_text("\n".join(sheet) + "\n")
    return path


def cohort(n: int) -> Path:
    key = digest("inputs.py")
    folder = DATA / f"cohort-{n}-{key}"
    if not (folder / "cohort.tsv").exists():
        _drop_stale(f"cohort-{n}-*", key)
        shutil.rmtree(folder, ignore_errors=True)  # an interrupted earlier write
        write_cohort(folder, n)
    return folder / "cohort.tsv"
