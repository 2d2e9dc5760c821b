"""Floor for reading an indexed VCF's knowledge-base gene regions in Python: one cyvcf2 region
query per region, reading CHROM, POS, REF, ALT and INFO/CSQ of every record returned.

    python benchmarks/floor_regions.py REGIONS.bed FILE.vcf.gz      # prints the record count
"""

import sys

from cyvcf2 import VCF


def main(bed: str, path: str) -> None:
    vcf = VCF(path)
    records = 0
    with open(bed) as fh:
        for line in fh:
            contig, start0, end = line.split("\t")[:3]
            for variant in vcf(f"{contig}:{int(start0) + 1}-{int(end)}"):
                _ = (variant.CHROM, variant.POS, variant.REF, variant.ALT, variant.INFO.get("CSQ"))
                records += 1
    vcf.close()
    print(records)


if __name__ == "__main__":
    main(*sys.argv[1:3])
