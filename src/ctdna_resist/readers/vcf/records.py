"""VCF text: the header, records parsed from their text line, and the two ways of reaching the
records in knowledge-base gene regions.

- Indexed (`.tbi`/`.csi` beside a bgzipped VCF or a BCF): one region query per merged gene
  region (pysam); the records outside are counted from the index's own per-contig record counts,
  never read.
- Not indexed (plain, gzipped or bgzipped text): one streaming pass over the decompressed text;
  a record's CHROM and POS are looked at before anything else, and only lines in a region (or
  structural-variant lines reaching into one) are parsed. Memory stays bounded by the records
  in the regions.
BCF without an index is decoded record by record (pysam) and filtered the same way.
"""

from __future__ import annotations

import gzip
import re
import struct
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from ..common import GZIP_MAGIC

_CHUNK = 1 << 22
_META = re.compile(r'^##(INFO|FORMAT)=<ID=([^,>]+),.*?Description="((?:[^"\\]|\\.)*)"')
_CONTIG = re.compile(r"^##contig=<(.*)>")


@dataclass
class Header:
    lines: list[str]
    samples: list[str]
    contigs: dict[str, int] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)  # ID -> Description
    format: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, lines: list[str], path: Path) -> Header:
        if not lines or not lines[0].startswith("##fileformat=VCF"):
            raise InputError(path, "is not a VCF: the first line is not ##fileformat=VCF...",
                             line=1)
        column_line = lines[-1]
        if not column_line.startswith("#CHROM"):
            raise InputError(path, "has no #CHROM header line", line=len(lines))
        columns = column_line.rstrip("\r\n").split("\t")
        header = cls(lines=lines[:-1], samples=columns[9:])
        for line in lines[:-1]:
            m = _META.match(line)
            if m:
                if m.group(1) == "INFO":
                    header.info[m.group(2)] = m.group(3)
                else:
                    header.format.add(m.group(2))
                continue
            m = _CONTIG.match(line)
            if m:
                fields = dict(kv.split("=", 1) for kv in re.findall(r"(\w+=[^,]+)", m.group(1)))
                if "ID" in fields:
                    length = fields.get("length", "")
                    header.contigs[fields["ID"]] = int(length) if length.isdigit() else 0
        return header


class Record:
    """One VCF data line, split lazily."""

    __slots__ = ("fields", "where", "line", "_info")

    def __init__(self, text: str, where: str, line: int | None):
        self.fields = text.rstrip("\r\n").split("\t")
        self.where = where
        self.line = line
        self._info: dict[str, str] | None = None
        if len(self.fields) < 8:
            raise ValueError(f"{len(self.fields)} columns where a VCF record has at least 8")
        if not self.fields[1].isdigit():
            raise ValueError(f"POS '{self.fields[1]}' is not a whole number")

    @property
    def chrom(self) -> str:
        return self.fields[0]

    @property
    def pos(self) -> int:
        return int(self.fields[1])

    @property
    def id(self) -> str:
        return self.fields[2]

    @property
    def ref(self) -> str:
        return self.fields[3].upper()

    @property
    def alts(self) -> list[str]:
        alt = self.fields[4]
        return [] if alt == "." else alt.split(",")

    @property
    def filter(self) -> str:
        return self.fields[6]

    @property
    def passed(self) -> bool:
        return self.fields[6] in ("PASS", ".", "")

    @property
    def info(self) -> dict[str, str]:
        if self._info is None:
            info: dict[str, str] = {}
            if self.fields[7] != ".":
                for item in self.fields[7].split(";"):
                    key, _, value = item.partition("=")
                    info[key] = value if _ else "1"
            self._info = info
        return self._info

    def sample(self, index: int) -> dict[str, str]:
        if len(self.fields) <= 9 + index:
            return {}
        keys = self.fields[8].split(":")
        values = self.fields[9 + index].split(":")
        return {k: v for k, v in zip(keys, values, strict=False)}

    @property
    def end(self) -> int:
        end = self.info.get("END", "")
        return int(end) if end.isdigit() else self.pos + max(len(self.ref), 1) - 1

    @property
    def is_structural(self) -> bool:
        return any(a.startswith("<") or "[" in a or "]" in a for a in self.alts)


def read_header(path: Path) -> tuple[Header, bool]:
    """The header of a text VCF (plain, gzip or bgzip) or a BCF; and whether it is BCF."""
    with open(path, "rb") as fh:
        magic = fh.read(2)
    if magic == GZIP_MAGIC:
        with gzip.open(path, "rb") as gz:
            try:
                head = gz.read(3)
            except (OSError, EOFError) as exc:
                raise InputError(path, f"cannot be decompressed ({exc})") from None
        if head == b"BCF":
            return _bcf_header(path), True
        opener = gzip.open
    else:
        opener = open
    lines = []
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as fh:
            for line in fh:
                if not line.startswith("#"):
                    break
                lines.append(line.rstrip("\r\n"))
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot be decompressed ({exc})") from None
    return Header.parse(lines, path), False


def _bcf_header(path: Path) -> Header:
    import pysam

    try:
        with pysam.VariantFile(str(path)) as vf:
            text = str(vf.header)
    except (OSError, ValueError) as exc:
        raise InputError(path, f"is not a readable BCF ({exc})") from None
    return Header.parse(text.rstrip("\n").split("\n"), path)


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


def scan_lines(path: Path, keep, is_bcf: bool,
               spans: dict[str, tuple[list[int], list[int]]] | None = None
               ) -> Iterator[tuple[int, str]]:
    """(line number, text) of the data lines in `spans` (contig -> (starts, ends), merged and
    sorted) or that `keep(chrom, pos_text, line)` accepts; one pass.

    CHROM and POS are looked at before anything else: most lines are never split further, and
    `keep` sees only the lines outside the spans (to count them, or keep structural variants
    reaching into a region).
    """
    if is_bcf:
        import pysam

        with pysam.VariantFile(str(path)) as vf:
            for number, rec in enumerate(vf, start=1):
                found = spans.get(rec.chrom) if spans is not None else None
                if found is not None:
                    i = bisect_right(found[0], rec.pos) - 1
                    if i >= 0 and rec.pos <= found[1][i]:
                        yield number, str(rec)
                        continue
                if keep(rec.chrom, str(rec.pos), None):
                    yield number, str(rec)
        return
    by_bytes = {c.encode(): v for c, v in spans.items()} if spans is not None else {}
    with open(path, "rb") as raw:
        head = raw.read(16)
    if head[:2] != GZIP_MAGIC:
        fh = open(path, "rb")
    elif head[12:14] == b"BC":  # BGZF: htslib inflates it about a third faster than zlib
        import pysam

        fh = pysam.BGZFile(str(path), "rb")
    else:
        fh = gzip.open(path, "rb")
    base = 0  # lines before this chunk
    number = 0
    rest = b""
    try:
        with fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    if not rest.strip():
                        break
                    chunk, rest = rest + b"\n", b""
                lines = (rest + chunk).split(b"\n")
                rest = lines.pop()
                for number, line in enumerate(lines, base + 1):
                    if not line or line[0] == 35:  # '#'
                        continue
                    tab = line.find(b"\t")
                    found = by_bytes.get(line[:tab])
                    if found is not None:
                        tab2 = line.find(b"\t", tab + 1)
                        try:
                            pos = int(line[tab + 1:tab2])
                        except ValueError:
                            yield number, line.decode("utf-8", "replace")  # parser names it
                            continue
                        i = bisect_right(found[0], pos) - 1
                        if i >= 0 and pos <= found[1][i]:
                            yield number, line.decode("utf-8", "replace")
                            continue
                    if keep(line[:tab], None, line):
                        yield number, line.decode("utf-8", "replace")
                base += len(lines)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(path, f"cannot be decompressed after line {number} ({exc})") from None
