"""VCF text: the header and records parsed lazily from their text line (access.py reaches them).

A record is split on tabs once; its INFO and a sample's FORMAT values are parsed only when asked.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from ..common import GZIP_MAGIC

#: a breakend ALT's mate position: `N[chr2:321682[`, `]13:123456]N`
MATE = re.compile(r"[\[\]]([^:\[\]]+):(\d+)[\[\]]")
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


def where(record: Record, path: Path) -> str:
    """How outputs name the record: `file:line`, or `file:chrom:pos` when read through an index
    or from a BCF (no line number)."""
    return record.where if record.line is None else f"{path.name}:{record.line}"
