"""VCF/BCF reader: `read_vcf(path, options)` (read.py) and `sniff` for the registry.

read.py walks the file; each step lives in its own module:
- records.py     the header and lazily parsed records
- access.py      reaching the records in knowledge-base gene regions (index, or one scan:
                 scan.py), and the structure every record read must have
- index.py       whether the .tbi/.csi beside the file can be trusted
- hts.py         pysam calls, with what htslib writes to stderr folded into our messages
- header.py      genome build, tumour column, contig naming (genome.py: builds and regions)
- annotated.py   small variants from consequence annotations (consequences.py: CSQ/ANN/BCSQ)
- coordinates.py small variants of unannotated records (translate.py; reference.py: the FASTA)
- fractions.py   allele fractions and depths (alleles.py: an allele's alteration fields)
- structural.py  copy-number records, structural-variant and breakend fusions

`sniff` is here and read.py is imported on the first `read_vcf`, so that detecting the format of
another kind of input does not load the VCF reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...model import ReadResult
    from ..common import ReadOptions

__all__ = ["read_vcf", "sniff"]


def sniff(head: bytes, path: Path) -> bool:
    return head.startswith(b"##fileformat=VCF") or head.startswith(b"BCF\x02") or \
        head.startswith(b"BCF\x04")


def read_vcf(path: Path, options: ReadOptions) -> ReadResult:
    from .read import read_vcf as read

    return read(path, options)
