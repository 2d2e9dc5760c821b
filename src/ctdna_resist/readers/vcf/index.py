"""The `.tbi`/`.csi` index beside a bgzipped VCF or a BCF, and whether it can be trusted.

An index is used only when it matches its file:
- it is not older than the file (htslib's own test, whose warning would otherwise scroll by):
  a file changed after it was indexed has records the index does not know;
- it reads as a tabix or CSI index holding per-contig record counts;
- it points nowhere past the end of the file;
- it names the contig of the file's first record as that record does (an index of an
  earlier version of the file, written with other contig names, does not; a BCF's index names
  contigs by the header's numbers, so there is nothing to compare).
Otherwise the file is read in one pass without it, and the output says why (the
`index` note of `sample.input_metadata`); record counts never come from an index that does not
match. `access.py` checks, too, that each record the index gives lies where it was asked for.
"""

from __future__ import annotations

import gzip
import struct
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Index:
    path: Path
    contigs: tuple[str, ...]  # the contig names the index holds, in its order
    records: int  # records in the file, from the index's per-contig counts
    last_block: int  # the largest compressed offset (a BGZF block start) it points to


def index_path(path: Path) -> Path | None:
    for suffix in (".tbi", ".csi"):
        candidate = path.with_name(path.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def usable_index(path: Path, first_chrom: str | None) -> tuple[Index | None, str | None]:
    """(the index, None) when there is one the file can be read through; (None, why it is
    not used) when there is one that does not match; (None, None) when there is none."""
    found = index_path(path)
    if found is None:
        return None, None
    if int(found.stat().st_mtime) < int(path.stat().st_mtime):
        return None, _note(found, "is older than the file (the file changed after it was "
                           "indexed)")
    index = read_index(found)
    if index is None:
        return None, _note(found, "is not a tabix or CSI index holding record counts")
    if index.last_block > path.stat().st_size:
        return None, _note(found, "points past the end of the file")
    if first_chrom is not None and index.contigs and first_chrom not in index.contigs:
        return None, _note(found, f"does not name contig {first_chrom}, where the file's "
                           "first record lies")
    return index, None


def _note(index: Path, why: str) -> str:
    return f"{index.name} not used: it {why}; the file was read in full without it"


def index_record_count(index: Path) -> int | None:
    """Records in the file, summed from the index's per-contig counts; None when it has none."""
    read = read_index(index)
    return read.records if read is not None else None


def read_index(index: Path) -> Index | None:
    """The contig names, record count and furthest offset of a .tbi or .csi; None when it is
    not one, or holds no per-contig counts (htslib writes them as a pseudo-bin)."""
    try:
        with gzip.open(index, "rb") as fh:
            data = fh.read()
    except (OSError, EOFError):
        return None
    try:
        if data[:4] == b"TBI\x01":
            n_ref = struct.unpack_from("<i", data, 4)[0]
            # magic, n_ref, format, col_seq, col_beg, col_end, meta, skip, l_nm, names
            names = _names(data, 36, struct.unpack_from("<i", data, 32)[0])
            pseudo, gap = 37450, 0
        elif data[:4] == b"CSI\x01":
            _, depth, l_aux = struct.unpack_from("<iii", data, 4)
            n_ref = struct.unpack_from("<i", data, 16 + l_aux)[0]
            # the aux block of a VCF's CSI holds the tabix header (format ... l_nm, names)
            names = _names(data, 16 + 28, struct.unpack_from("<i", data, 16 + 24)[0]) \
                if l_aux >= 28 else ()
            pseudo, gap = ((1 << ((depth + 1) * 3)) - 1) // 7 + 1, 8  # CSI bins carry a loffset
        else:
            return None
    except struct.error:
        return None
    # the pseudo-bin: bin number, [loffset], n_chunk = 2, then (unmapped begin, end) and
    # (mapped, unmapped) as uint64; found by its bytes rather than by walking every bin
    marker = struct.pack("<I", pseudo)
    total, found, last, at = 0, 0, 0, data.find(marker)
    while at >= 0:
        n_chunk = struct.unpack_from("<i", data, at + 4 + gap)[0] \
            if at + 8 + gap <= len(data) else 0
        if n_chunk == 2 and at + 8 + gap + 32 <= len(data):
            begin, end, mapped, unmapped = struct.unpack_from("<QQQQ", data, at + 8 + gap)
            if begin <= end:
                total += mapped + unmapped
                found += 1
                last = max(last, end >> 16)
        at = data.find(marker, at + 1)
    if found == 0 or found > n_ref:
        return None
    return Index(path=index, contigs=names, records=total, last_block=last)


def _names(data: bytes, at: int, length: int) -> tuple[str, ...]:
    raw = data[at:at + length]
    return tuple(n.decode("utf-8", "replace") for n in raw.split(b"\x00") if n)
