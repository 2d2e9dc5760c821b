"""Reading speed of the table formats on genome-size inputs generated here; prints figures.

    .venv/bin/python benchmarks/readers_formats.py

A 100,000-row MAF, a 20,000-gene x 10-sample cBioPortal CNA matrix and a 5,000-segment CNVkit
file naming 20,000 genes, read through the same path as the CLI (detection included).
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from ctdna_resist.api import load_kb
from ctdna_resist.readers import read_inputs
from ctdna_resist.readers.common import ReadOptions


def write_inputs(folder: Path) -> dict[str, tuple[Path, str | None]]:
    rng = random.Random(5)
    genes = [f"GENE{i}" for i in range(20000)] + ["EGFR", "MET", "KRAS", "TP53"]
    maf = folder / "big.maf"
    with open(maf, "w") as out:
        out.write("#version 2.4\nHugo_Symbol\tTumor_Sample_Barcode\tVariant_Classification\t"
                  "HGVSp_Short\tt_depth\tt_alt_count\n")
        for _ in range(100000):
            out.write(f"{rng.choice(genes)}\tS1\tMissense_Mutation\tp.A{rng.randint(1, 900)}T"
                      f"\t{rng.randint(500, 3000)}\t{rng.randint(5, 400)}\n")
    cna = folder / "data_cna.txt"
    with open(cna, "w") as out:
        out.write("Hugo_Symbol\t" + "\t".join(f"S{i}" for i in range(10)) + "\n")
        for gene in genes:
            out.write(gene + "\t" + "\t".join(str(rng.choice((-2, -1, 0, 0, 0, 1, 2)))
                                              for _ in range(10)) + "\n")
    cns = folder / "big.cns"
    with open(cns, "w") as out:
        out.write("chromosome\tstart\tend\tgene\tlog2\n")
        for i in range(5000):
            names = ",".join(genes[i * 4:(i + 1) * 4])
            out.write(f"chr1\t{i * 1000}\t{i * 1000 + 999}\t{names}\t"
                      f"{rng.choice((-1.5, 0.0, 0.0, 1.8))}\n")
    return {"MAF 100,000 rows": (maf, None), "CNA 20,004 genes x 10": (cna, "S3"),
            "CNVkit 5,000 segments": (cns, None)}


def main() -> None:
    kb = load_kb(None)
    with tempfile.TemporaryDirectory() as tmp:
        for label, (path, sample) in write_inputs(Path(tmp)).items():
            options = ReadOptions(kb=kb, builder=kb.alteration_builder(), sample=sample,
                                  thresholds=dict(kb.thresholds))
            start = time.perf_counter()
            result = read_inputs([path], options)
            seconds = time.perf_counter() - start
            print(f"{label:>24}: {seconds:6.2f} s  ({result.input_records} records, "
                  f"{len(result.alterations)} listed, {result.outside_kb_genes} outside the KB)")


if __name__ == "__main__":
    main()
