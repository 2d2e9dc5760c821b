"""htslib (through pysam) with its messages kept: htslib writes warnings and errors straight to
file descriptor 2 (`[E::bcf_read1_core] ...`), where they would print around our one-line error
or after a clean run. Every pysam call of the reader runs inside `Htslib`, which points
descriptor 2 at a temporary file for the call and restores it after; what htslib said is folded
into the error message, or dropped when the call succeeded (the reader itself checks what
htslib would warn about: a stale index, undeclared contigs).

Records are collected inside the redirection and handed on outside it: code of ours never runs
while descriptor 2 is redirected, so our own message can never be swallowed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ...errors import InputError

#: records collected per redirection when a whole BCF is decoded
BATCH = 20000


class Htslib:
    """`with Htslib() as hts:` around pysam calls; `hts.said` is what htslib wrote, as text to
    append to a message (empty when it wrote nothing)."""

    def __init__(self) -> None:
        self.said = ""
        self._saved: int | None = None
        self._file = None

    def __enter__(self) -> Htslib:
        sys.stderr.flush()
        try:
            self._file = tempfile.TemporaryFile()
            self._saved = os.dup(2)
            os.dup2(self._file.fileno(), 2)
        except OSError:  # no descriptor 2 to redirect (a closed stderr): let htslib write
            self._restore()
        return self

    def __exit__(self, *exc_info) -> None:
        self._restore()

    def _restore(self) -> None:
        if self._saved is not None:
            os.dup2(self._saved, 2)
            os.close(self._saved)
            self._saved = None
        if self._file is not None:
            self._file.seek(0)
            lines = self._file.read(4096).decode("utf-8", "replace").splitlines()
            self._file.close()
            self._file = None
            said = "; ".join(line.strip() for line in lines if line.strip())
            self.said = f"; htslib: {said}" if said else ""


def failure(path: Path, what: str, exc: BaseException, hts: Htslib,
            line: int | None = None) -> InputError:
    """The one-line error for a failed htslib call: ours, then htslib's own words."""
    reason = str(exc).strip() or type(exc).__name__
    return InputError(path, f"{what} ({reason}{hts.said})", line=line)


def bcf_header_text(path: Path) -> str:
    import pysam

    hts = Htslib()
    try:
        with hts, pysam.VariantFile(str(path)) as vf:
            return str(vf.header)
    except (OSError, ValueError) as exc:
        raise failure(path, "is not a readable BCF", exc, hts) from None


def bcf_lines(path: Path) -> Iterator[tuple[int, str, str, int]]:
    """(record number, CHROM, text, POS) of every record of a BCF, decoded in batches."""
    import pysam

    number = 0
    hts = Htslib()
    try:
        with hts:
            vf = pysam.VariantFile(str(path))
            records = iter(vf)
    except (OSError, ValueError) as exc:
        raise failure(path, "is not a readable BCF", exc, hts) from None
    try:
        while True:
            batch = []
            hts = Htslib()
            try:
                with hts:
                    for rec in records:
                        number += 1
                        batch.append((number, rec.chrom, str(rec), rec.pos))
                        if len(batch) == BATCH:
                            break
            except (OSError, ValueError) as exc:
                raise failure(path, f"cannot be read after record {number}", exc, hts) \
                    from None
            yield from batch
            if len(batch) < BATCH:
                return
    finally:
        vf.close()


def region_texts(path: Path, index: Path, regions: list[str], is_bcf: bool
                 ) -> list[tuple[str, str]]:
    """(region asked for, record text) of each record `index` gives for each region (1-based
    `chrom:start-end`); the regions are knowledge-base genes, so the records are few."""
    import pysam

    out: list[tuple[str, str]] = []
    hts = Htslib()
    try:
        with hts:
            handle = pysam.VariantFile(str(path), index_filename=str(index)) if is_bcf else \
                pysam.TabixFile(str(path), index=str(index))
            with handle:
                for region in regions:
                    contig, span = region.rsplit(":", 1)
                    start, end = (int(x) for x in span.split("-"))
                    try:
                        rows = handle.fetch(contig, start - 1, end)
                    except ValueError:  # contig absent from the index: nothing there
                        continue
                    out.extend((region, str(row)) for row in rows)
    except (OSError, ValueError) as exc:
        raise failure(path, "cannot be read through its index", exc, hts) from None
    return out


def open_bgzf(path: Path):
    """A BGZF file for reading, opened with htslib (about a third faster than zlib)."""
    import pysam

    hts = Htslib()
    try:
        with hts:
            return pysam.BGZFile(str(path), "rb")
    except (OSError, ValueError) as exc:
        raise failure(path, "cannot be decompressed", exc, hts) from None
