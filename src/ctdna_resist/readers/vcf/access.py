"""Reaching the records in knowledge-base gene regions, and counting the others.

- Indexed (`.tbi`/`.csi` beside a bgzipped VCF or a BCF): one region query per merged gene
  region (pysam); the records outside are counted from the index's own per-contig record counts,
  never read.
- Not indexed (plain, gzipped or bgzipped text): one streaming pass over the decompressed text
  (scan.py); a record's CHROM and POS are looked at before anything else, and only lines in a
  region (or structural-variant lines reaching into one) are parsed. Memory stays bounded by
  the records in the regions.
BCF without an index is decoded record by record (pysam) and filtered the same way.
"""

from __future__ import annotations

import gzip
import struct
from collections.abc import Iterator
from pathlib import Path

from ...errors import InputError
from ...model import ReadResult
from ..common import GZIP_MAGIC
from .genome import Regions
from .records import MATE, Record
from .scan import Scan


def records_in_regions(path: Path, is_bcf: bool, regions: Regions | None, *, lenient: bool,
                       result: ReadResult) -> Iterator[Record]:
    """Records in the regions (every record when the build, and so the regions, is unknown);
    the others are counted into result.outside_kb_genes, and every record into
    result.input_records, once the records are all read."""
    index = index_path(path)
    compressed = is_bcf or _bgzipped(path)
    if regions is not None and index is not None and compressed:
        total = index_record_count(index)
        if total is not None:
            yield from _indexed(path, is_bcf, regions, total, result)
            return
    yield from _scanned(path, is_bcf, regions, lenient, result)


def first_chrom(path: Path) -> str | None:
    """CHROM of the first record of a text VCF."""
    for _, text in Scan(path, False):
        return text.split("\t", 1)[0]
    return None


def _bgzipped(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(18)
    # BGZF: gzip with the 'BC' extra subfield
    return head.startswith(GZIP_MAGIC) and len(head) >= 14 and head[3] & 4 and \
        head[12:14] == b"BC"


def _indexed(path: Path, is_bcf: bool, regions: Regions, total: int, result: ReadResult):
    seen: set[tuple] = set()
    read = 0
    pending_mates: list[tuple[str, int]] = []
    name = path.name
    try:
        for record in region_records(path, regions.region_strings(), is_bcf):
            chrom, pos, _, _, alt = key = tuple(record.fields[:5])
            record.where = f"{name}:{chrom}:{pos}"
            if key in seen:
                continue
            if not regions.contains(chrom, int(pos)) and not record.is_structural:
                continue  # overlaps the region but starts before it: outside
            seen.add(key)
            read += 1
            mate = MATE.search(alt) if "[" in alt or "]" in alt else None
            if mate and not regions.contains(mate.group(1), int(mate.group(2))):
                pending_mates.append((mate.group(1), int(mate.group(2))))
            yield record
        # a breakend whose mate lies outside every region: fetch the mate too
        for contig, pos in pending_mates:
            for record in region_records(path, [f"{contig}:{pos}-{pos}"], is_bcf):
                key = (record.chrom, record.fields[1], record.id, record.fields[3],
                       record.fields[4])
                if key in seen or record.pos != pos or not MATE.search(record.fields[4]):
                    continue
                seen.add(key)
                read += 1
                record.where = f"{path.name}:{record.chrom}:{record.fields[1]}"
                yield record
    except ValueError as exc:
        raise InputError(path, f"cannot be read through its index ({exc})") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc})") from None
    result.input_records = total
    result.outside_kb_genes += total - read


def _scanned(path: Path, is_bcf: bool, regions: Regions | None, lenient: bool,
             result: ReadResult):
    """One pass; lines in the regions are parsed, the others counted (a structural variant
    starting outside but reaching into a region, or a breakend whose mate lies in one, is
    kept)."""
    spans = None if regions is None else \
        {c: ([s for s, _ in v], [e for _, e in v]) for c, v in regions.spans.items()}
    scan = Scan(path, is_bcf, spans,
                None if regions is None else lambda text: _reaches_region(regions, text))
    read = 0
    for number, text in scan:
        read += 1
        line = None if is_bcf else number
        chrom, _, rest = text.partition("\t")
        where = f"{path.name}:{chrom}:{rest.split(chr(9), 1)[0]}"
        try:
            record = Record(text, where, line)
        except ValueError as exc:
            if not lenient:
                raise InputError(path, str(exc), line=line) from None
            result.skipped["invalid VCF record"] += 1
            continue
        yield record
    result.input_records = scan.records
    result.outside_kb_genes += scan.records - read


def _reaches_region(regions: Regions, text: str) -> bool:
    """A structural-variant line starting outside the regions: its END or mate inside?"""
    try:
        record = Record(text, "", None)
        if not record.is_structural:
            return False
        mate = MATE.search(record.fields[4])
        if mate:
            return regions.contains(mate.group(1), int(mate.group(2)))
        return regions.overlaps(record.chrom, record.pos, record.end)
    except ValueError:
        return False


def index_path(path: Path) -> Path | None:
    for suffix in (".tbi", ".csi"):
        candidate = path.with_name(path.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def index_record_count(index: Path) -> int | None:
    """Records in the file, summed from the index's per-contig counts (htslib writes them as
    a pseudo-bin in every .tbi and .csi); None when the index holds no counts."""
    try:
        with gzip.open(index, "rb") as fh:
            data = fh.read()
    except (OSError, EOFError):
        return None
    if data[:4] == b"TBI\x01":
        n_ref = struct.unpack_from("<i", data, 4)[0]
        pseudo, gap = 37450, 0
    elif data[:4] == b"CSI\x01":
        _, depth, l_aux = struct.unpack_from("<iii", data, 4)
        n_ref = struct.unpack_from("<i", data, 16 + l_aux)[0]
        pseudo, gap = ((1 << ((depth + 1) * 3)) - 1) // 7 + 1, 8  # CSI bins carry a loffset
    else:
        return None
    # the pseudo-bin: bin number, [loffset], n_chunk = 2, then (unmapped begin, end) and
    # (mapped, unmapped) as uint64; found by its bytes rather than by walking every bin
    marker = struct.pack("<I", pseudo)
    total, found, at = 0, 0, data.find(marker)
    while at >= 0:
        n_chunk = struct.unpack_from("<i", data, at + 4 + gap)[0]
        if n_chunk == 2 and at + 8 + gap + 32 <= len(data):
            begin, end, mapped, unmapped = struct.unpack_from("<QQQQ", data, at + 8 + gap)
            if begin <= end:
                total += mapped + unmapped
                found += 1
        at = data.find(marker, at + 1)
    if found == 0 or found > n_ref:
        return None
    return total


def region_records(path: Path, regions: list[str], is_bcf: bool) -> Iterator[Record]:
    """Records of each region (1-based `chrom:start-end`) from an indexed file."""
    import pysam

    handle = pysam.VariantFile(str(path)) if is_bcf else pysam.TabixFile(str(path))
    with handle:
        for region in regions:
            contig, span = region.rsplit(":", 1)
            start, end = (int(x) for x in span.split("-"))
            try:
                rows = handle.fetch(contig, start - 1, end)
            except ValueError:  # contig absent from the index: nothing there
                continue
            for row in rows:
                text = str(row)
                yield Record(text, "", None)
