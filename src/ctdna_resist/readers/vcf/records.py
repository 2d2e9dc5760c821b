"""VCF text: the header and records parsed lazily from their text line (access.py reaches them).

A record is split on tabs once; its INFO and a sample's FORMAT values are parsed only when asked.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from ..common import GZIP_MAGIC, SkipRecord
from .genome import bare_chrom, spellings

#: a breakend ALT's mate position: `N[chr2:321682[`, `]13:123456]N`
MATE = re.compile(r"[\[\]]([^:\[\]]+):(\d+)[\[\]]")
#: gVCF alleles that stand for "any allele other than these" (GATK `<NON_REF>`, bcftools and
#: DRAGEN `<*>`): no alteration, dropped from a record's alleles
GVCF_ALLELES = frozenset({"<NON_REF>", "<*>"})
_META = re.compile(r'^##(INFO|FORMAT)=<ID=([^,>]+),.*?Description="((?:[^"\\]|\\.)*)"')
_CONTIG = re.compile(r"^##contig=<(.*)>")


_FIXED = ("#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO")


@dataclass
class Header:
    lines: list[str]
    samples: list[str]
    contigs: dict[str, int] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)  # ID -> Description
    format: set[str] = field(default_factory=set)
    #: CHROM of the first record (None when there is none, or for a BCF)
    first_chrom: str | None = None
    #: whether the #CHROM line has a FORMAT column
    format_column: bool = False

    @property
    def widths(self) -> tuple[int, ...]:
        """How many columns a record may have: the 8 fixed ones, then FORMAT and the samples
        (a FORMAT column without samples, which some tools write, with or without it)."""
        if self.samples:
            return (9 + len(self.samples),)
        return (8, 9) if self.format_column else (8,)

    def known_contigs(self) -> set[str] | None:
        """Every spelling (`chr7`, `7`) of the contigs the header declares; None when it
        declares none (then any contig is taken as it comes)."""
        if not self.contigs:
            return None
        return {name for contig in self.contigs for name in spellings(bare_chrom(contig))} | \
            set(self.contigs)

    @classmethod
    def parse(cls, lines: list[str], path: Path) -> Header:
        if not lines or not lines[0].startswith("##fileformat=VCF"):
            raise InputError(path, "is not a VCF: the first line is not ##fileformat=VCF...",
                             line=1)
        column_line = lines[-1]
        if not column_line.startswith("#CHROM"):
            raise InputError(path, "has no #CHROM header line", line=len(lines))
        columns = column_line.rstrip("\r\n").split("\t")
        _check_columns(path, columns, len(lines))
        header = cls(lines=lines[:-1], samples=columns[9:], format_column=len(columns) > 8)
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


def _check_columns(path: Path, columns: list[str], line: int) -> None:
    """The #CHROM line: tab-separated fixed columns, then FORMAT and sample names used once."""
    if len(columns) == 1 and " " in columns[0]:
        raise InputError(path, "the #CHROM line is not tab-separated (spaces?)", line=line)
    if tuple(columns[:8]) != _FIXED or (len(columns) > 8 and columns[8] != "FORMAT"):
        raise InputError(path, f"the #CHROM line's columns are {', '.join(columns[:9])}; a "
                         f"VCF's are {', '.join(_FIXED)}, then FORMAT and the samples",
                         line=line)
    seen: set[str] = set()
    for name in columns[9:]:
        if name in seen:
            raise InputError(path, f"sample name '{name}' is used by two columns of the "
                             "#CHROM line; --sample could not tell them apart", line=line)
        seen.add(name)


class Record:
    """One VCF data line, split lazily."""

    __slots__ = ("fields", "where", "line", "_info")

    def __init__(self, text: str, where: str, line: int | None):
        self.fields = text.rstrip("\r\n").split("\t")
        self.where = where
        self.line = line
        self._info: dict[str, str] | None = None
        if len(self.fields) < 8:
            if len(self.fields) == 1 and " " in self.fields[0]:
                raise ValueError("the line is not tab-separated (spaces?)")
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
        """Every ALT allele, in order (their 1-based index is the allele's index in AD)."""
        alt = self.fields[4]
        return [] if alt == "." else alt.split(",")

    @property
    def called_alts(self) -> list[str]:
        """The ALT alleles without a gVCF's `<NON_REF>`/`<*>`."""
        return [a for a in self.alts if a not in GVCF_ALLELES]

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
        """INFO/END, else the last base of REF; a SkipRecord when END is not a position."""
        end = self.info.get("END")
        if end is None:
            return self.pos + max(len(self.ref), 1) - 1
        if not end.isdigit():
            raise SkipRecord("END invalid", f"END '{end}' is not a whole number")
        return int(end)

    @property
    def is_structural(self) -> bool:
        return any((a.startswith("<") and a not in GVCF_ALLELES) or "[" in a or "]" in a
                   for a in self.alts)


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
    first_chrom = None
    try:
        with opener(path, "rb") as fh:
            for number, raw in enumerate(fh, start=1):
                text = raw.decode("utf-8", "replace").removesuffix("\n").removesuffix("\r")
                if "\r" in text:
                    raise InputError(path, "has CR-only line ends (classic Mac OS); VCF lines "
                                     "end in LF (or CR LF): convert it, e.g. with "
                                     "tr '\\r' '\\n'", line=number)
                if not text.startswith("#"):
                    first_chrom = text.split("\t", 1)[0] if "\t" in text else None
                    break
                lines.append(text)
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot be decompressed ({exc})") from None
    header = Header.parse(lines, path)
    header.first_chrom = first_chrom
    return header, False


def _bcf_header(path: Path) -> Header:
    from .hts import bcf_header_text

    return Header.parse(bcf_header_text(path).rstrip("\n").split("\n"), path)


def where(record: Record, path: Path) -> str:
    """How outputs name the record: `file:line`, or `file:chrom:pos` when read through an index
    or from a BCF (no line number)."""
    return record.where if record.line is None else f"{path.name}:{record.line}"
