"""Reaching the records in knowledge-base gene regions, and counting the others.

- Indexed (`.tbi`/`.csi` beside a bgzipped VCF or a BCF, one that matches the file: index.py):
  one region query per merged gene region (pysam); the records outside are counted from the
  index's own per-contig record counts, never read. Every record the index gives must lie on the
  contig and before the end of the region asked for; when one does not, the index does not
  match the file, and the file is scanned instead.
- Not indexed (plain, gzipped or bgzipped text): one streaming pass over the decompressed text
  (scan.py); a record's CHROM and POS are looked at before anything else, and only lines in a
  region (or structural-variant lines reaching into one) are parsed. Memory stays bounded by
  the records in the regions.
BCF without an index is decoded record by record (pysam) and filtered the same way.

Structure comes before meaning: every record read has the #CHROM line's number of
tab-separated columns and a contig the header declares (when it declares any; `chr7` and `7`
are one contig, genome.py). A line without a tab, or on a contig the header does not declare,
is never counted as outside the regions: it is parsed, and so refused (skipped under --lenient,
with the reason).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...errors import InputError
from ...model import ReadResult
from ..common import GZIP_MAGIC, SkipRecord
from .genome import Regions
from .hts import region_texts
from .index import Index, usable_index
from .records import MATE, Header, Record
from .scan import Scan


class Mismatch(Exception):
    """The index gave a record where it was not asked for: it does not match the file."""


def records_in_regions(path: Path, is_bcf: bool, header: Header, regions: Regions | None, *,
                       lenient: bool, result: ReadResult) -> Iterator[Record]:
    """Records in the regions (every record when the build, and so the regions, is unknown);
    the others are counted into result.outside_kb_genes, and every record into
    result.input_records, once the records are all read."""
    check = Checker(path=path, header=header, lenient=lenient, result=result)
    if regions is not None and (is_bcf or _bgzipped(path)):
        index, note = usable_index(path, header.first_chrom)
        if index is not None:
            skipped = result.skipped.copy()
            try:
                records = _indexed(path, is_bcf, regions, index, header, check)
            except Mismatch as exc:
                result.skipped = skipped  # the scan counts them again
                note = f"{index.path.name} not used: {exc}; the file was read in full without it"
            else:
                yield from records
                return
        if note:
            result.metadata["index"] = note
    yield from _scanned(path, is_bcf, regions, check)


class Checker:
    """The structure every record read must have; a record without it is an InputError
    naming it, or under --lenient a skip counted with the reason."""

    def __init__(self, *, path: Path, header: Header, lenient: bool, result: ReadResult):
        self.path, self.lenient, self.result = path, lenient, result
        self.widths = header.widths
        self.known = header.known_contigs()
        self.declared = ", ".join(list(header.contigs)[:5]) + \
            (", ..." if len(header.contigs) > 5 else "")

    def record(self, text: str, where: str, line: int | None) -> Record | None:
        try:
            record = Record(text, where, line)
            if len(record.fields) not in self.widths:
                raise SkipRecord("wrong number of columns", f"{len(record.fields)} columns "
                                 f"where the #CHROM line has {self.widths[-1]}")
            if self.known is not None and record.chrom not in self.known:
                raise SkipRecord("contig not declared in the header",
                                 f"contig '{record.chrom}' is not declared in the header "
                                 f"(##contig lines: {self.declared})")
        except ValueError as exc:
            return self._invalid(SkipRecord("invalid VCF record", str(exc)), where, line)
        except SkipRecord as skip:
            return self._invalid(skip, where, line)
        return record

    def _invalid(self, skip: SkipRecord, where: str, line: int | None) -> None:
        if not self.lenient:
            raise InputError(self.path, skip.detail, line=line,
                             record=None if line is not None else where)
        self.result.skipped[skip.reason] += 1
        return None


def _bgzipped(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(18)
    # BGZF: gzip with the 'BC' extra subfield
    return head.startswith(GZIP_MAGIC) and len(head) >= 14 and head[3] & 4 and \
        head[12:14] == b"BC"


def _indexed(path: Path, is_bcf: bool, regions: Regions, index: Index, header: Header,
             check: Checker) -> list[Record]:
    """The records of the regions, through the index; Mismatch when the index gives a record
    it was not asked for."""
    names = list(index.contigs) or list(header.contigs)
    seen: set[tuple] = set()
    records: list[Record] = []
    pending_mates: list[str] = []
    name = path.name
    asked_spans: dict[str, tuple[str, int]] = {}  # region -> (contig, end)

    def take(asked: str, text: str, mate_at: int | None = None) -> None:
        span = asked_spans.get(asked)
        if span is None:
            contig, _, bounds = asked.rpartition(":")
            span = asked_spans[asked] = (contig, int(bounds.split("-")[1]))
        contig, end = span
        chrom, _, rest = text.partition("\t")
        pos_text = rest.split("\t", 1)[0]
        if chrom != contig or not pos_text.isdigit() or int(pos_text) > end:
            raise Mismatch(f"it gave a record at {chrom}:{pos_text} for {asked}")
        record = check.record(text, f"{name}:{chrom}:{pos_text}", None)
        if record is None:
            return
        key = tuple(record.fields[:5])
        if key in seen:
            return
        alt = record.fields[4]
        if mate_at is None:
            if not regions.contains(record.chrom, record.pos) and not record.is_structural:
                return  # overlaps the region but starts before it: outside
            mate = MATE.search(alt) if "[" in alt or "]" in alt else None
            if mate and not regions.contains(mate.group(1), int(mate.group(2))):
                pending_mates.append(f"{mate.group(1)}:{mate.group(2)}-{mate.group(2)}")
        elif record.pos != mate_at or not MATE.search(alt):
            return
        seen.add(key)
        records.append(record)

    for asked, text in _texts(path, index.path, regions.region_strings(names), is_bcf):
        take(asked, text)
    # a breakend whose mate lies outside every region: fetch the mate too
    for asked, text in _texts(path, index.path, pending_mates, is_bcf):
        take(asked, text, mate_at=int(asked.rsplit("-", 1)[1]))
    read = len(records) + sum(check.result.skipped.values())
    if index.records < read:
        raise Mismatch(f"it counts {index.records} records, fewer than it gave")
    check.result.input_records = index.records
    check.result.outside_kb_genes += index.records - read
    return records


def _texts(path: Path, index: Path, regions: list[str], is_bcf: bool
           ) -> list[tuple[str, str]]:
    try:
        return region_texts(path, index, regions, is_bcf)
    except InputError as exc:
        raise Mismatch(f"reading through it failed ({exc.message})") from None


def _scanned(path: Path, is_bcf: bool, regions: Regions | None, check: Checker):
    """One pass; lines in the regions are parsed, the others counted (a structural variant
    starting outside but reaching into a region, or a breakend whose mate lies in one, is
    kept)."""
    spans = None if regions is None else \
        {c: ([s for s, _ in v], [e for _, e in v]) for c, v in regions.by_spelling().items()}
    scan = Scan(path, is_bcf, spans,
                None if regions is None else lambda text: _reaches_region(regions, text),
                check.known)
    read = 0
    name = path.name
    for number, text in scan:
        line = None if is_bcf else number
        chrom, _, rest = text.partition("\t")
        record = check.record(text, f"{name}:{chrom}:{rest.split(chr(9), 1)[0]}", line)
        read += 1
        if record is not None:
            yield record
    check.result.input_records = scan.records
    check.result.outside_kb_genes += scan.records - read


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
    except (ValueError, SkipRecord):
        return False
