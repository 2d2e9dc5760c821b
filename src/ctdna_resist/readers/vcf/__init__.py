"""VCF/BCF reader: `read_vcf(path, options)` (read.py) and `sniff` for the registry.

read.py walks the file; each step lives in its own module:
- records.py     the header and lazily parsed records
- access.py      reaching the records in knowledge-base gene regions (index or one scan), and
                 the structure every record read must have
- index.py       whether the .tbi/.csi beside the file can be trusted
- hts.py         pysam calls, with what htslib writes to stderr folded into our messages
- header.py      genome build, tumour column, contig naming (genome.py: builds and regions)
- annotated.py   small variants from consequence annotations (consequences.py: CSQ/ANN/BCSQ)
- coordinates.py small variants of unannotated records (translate.py; reference.py: the FASTA)
- fractions.py   allele fractions and depths (alleles.py: an allele's alteration fields)
- structural.py  copy-number records, structural-variant and breakend fusions
"""

from .read import read_vcf, sniff

__all__ = ["read_vcf", "sniff"]
