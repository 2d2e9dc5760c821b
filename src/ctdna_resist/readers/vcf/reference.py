"""The reference FASTA (`--reference`): REF checked against it, its contigs found under either
spelling (`chr7` or `7`), its sequence handed to the translator."""

from __future__ import annotations

from pathlib import Path

from ...errors import InputError
from ..common import SkipRecord, check_readable
from .genome import bare_chrom
from .records import Record


class Reference:
    def __init__(self, *, given, fasta):
        self.given = given  # the --reference value, as error messages name it
        self.fasta = fasta  # pysam.FastaFile
        self.contigs = {bare_chrom(name): name for name in fasta.references}

    @classmethod
    def open(cls, given) -> Reference:
        import pysam

        path = Path(given)
        check_readable(path)
        try:
            fasta = pysam.FastaFile(str(path))
        except (OSError, ValueError) as exc:
            raise InputError(path, f"is not a readable FASTA ({exc})") from None
        return cls(given=given, fasta=fasta)

    def contig(self, chrom: str) -> str:
        """The FASTA's name for the contig the VCF calls `chrom`."""
        name = self.contigs.get(bare_chrom(chrom))
        if name is None:
            raise InputError(self.given, f"has no contig '{chrom}' (or its "
                             "chr-less/chr-prefixed spelling)")
        return name

    def check_ref(self, record: Record) -> None:
        """A SkipRecord when the record's REF is not the reference's bases there (N matches
        anything)."""
        ref = record.ref
        if not ref or ref == "N":
            return
        contig = self.contig(record.chrom)
        try:
            seq = self.fasta.fetch(contig, record.pos - 1, record.pos - 1 + len(ref)).upper()
        except (ValueError, IndexError) as exc:
            raise SkipRecord("REF does not match the reference FASTA",
                             f"position outside the reference FASTA contig {contig} ({exc})") \
                from None
        if len(seq) != len(ref) or any(a != b and "N" not in (a, b)
                                       for a, b in zip(seq, ref, strict=False)):
            raise SkipRecord("REF does not match the reference FASTA",
                             f"REF {ref} does not match the reference FASTA "
                             f"({Path(self.given).name}: {seq or 'nothing'} at "
                             f"{contig}:{record.pos}); is it the same genome build?")
