"""VCF/BCF reader (read.py is the entry point)."""

from .read import read_vcf, sniff

__all__ = ["read_vcf", "sniff"]
