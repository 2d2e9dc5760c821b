"""One streaming pass over the data lines of a VCF that has no index (access.py decides when).

A line is wanted when its CHROM and POS fall in a span (knowledge-base gene regions), when its
POS is not a number, it holds no tab, or its CHROM is not a contig the header declares (`known`;
the record parser then names the error: such a line is never counted as outside the regions),
or when it starts outside but its ALT is structural (`<DEL>`, a breakend) and `reaches` says it
reaches into a region.

Most lines of a genome lie outside every span, so they are not looked at one by one in Python:
each block of lines is searched with one regular expression that finds, after a newline, every
line whose CHROM is a span's contig and whose POS has the leading digits of a span (a superset
of the wanted lines, `_span_pattern`), plus the lines holding `<`, `[` or `]`; only those are
checked exactly, and the others are counted with `bytes.count`. BGZF blocks and BCF records are
read with htslib, whose messages are folded into the error when reading fails (hts.py).
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from pathlib import Path

from ..common import GZIP_MAGIC
from .hts import Htslib, bcf_lines, failure, open_bgzf

#: bytes decompressed at a time
CHUNK = 1 << 22

#: contig name -> (starts, ends) of its merged, sorted spans (1-based, inclusive)
Spans = dict[str, tuple[list[int], list[int]]]


class Scan:
    """The wanted data lines of a text VCF or BCF as (line number, text), in file order; once
    iterated, `records` holds the number of data lines seen (wanted or not). Without spans
    every data line is wanted."""

    def __init__(self, path: Path, is_bcf: bool, spans: Spans | None = None,
                 reaches: Callable[[str], bool] | None = None, known: set[str] | None = None):
        self.path = path
        self.is_bcf = is_bcf
        self.spans = spans
        self.reaches = reaches
        self.known = known
        self.records = 0
        self._by_bytes = {c.encode(): v for c, v in spans.items()} if spans else {}
        self._known = {c.encode() for c in known} if known is not None else None
        self._pattern = _span_pattern(self._by_bytes, self._known)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        if self.is_bcf:
            yield from self._bcf()
            return
        with open(self.path, "rb") as raw:
            head = raw.read(16)
        bgzf = head[:2] == GZIP_MAGIC and head[12:14] == b"BC"
        if head[:2] != GZIP_MAGIC:
            fh = open(self.path, "rb")
        elif bgzf:  # htslib inflates it about a third faster than zlib
            fh = open_bgzf(self.path)
        else:
            fh = gzip.open(self.path, "rb")
        self._lines = 0  # lines read so far, header and empty lines included
        hts = Htslib()
        try:
            with fh:
                rest = b""
                while True:
                    if bgzf:
                        with hts:
                            chunk = fh.read(CHUNK)
                    else:
                        chunk = fh.read(CHUNK)
                    if not chunk:
                        if rest.strip():
                            buf = b"\n" + rest + b"\n"
                            yield from self._block(buf, len(buf) - 1)
                        break
                    # a leading newline: every line, the first too, follows one
                    buf = b"\n" + rest + chunk
                    end = buf.rfind(b"\n")
                    rest = buf[end + 1:]
                    if end > 0:
                        yield from self._block(buf, end)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise failure(self.path, f"cannot be decompressed after line {self._lines}", exc,
                          hts) from None

    def _block(self, buf: bytes, end: int) -> Iterator[tuple[int, str]]:
        """The wanted lines of buf[:end + 1]: whole lines, each after a newline (buf[end] is
        the last line's)."""
        base = self._lines
        if self.spans is None:
            for number, line in enumerate(buf[1:end].split(b"\n"), base + 1):
                self._lines = number
                if line and line[0] != 35:  # '#'
                    self.records += 1
                    yield number, line.decode("utf-8", "replace")
            return
        starts = {m.start() + 1 for m in self._pattern.finditer(buf, 0, end + 1)
                  if m.start() < end}
        for marker in (b"<", b"[", b"]"):
            at = buf.find(marker, 0, end)
            while at >= 0:
                starts.add(buf.rfind(b"\n", 0, at) + 1)
                at = buf.find(marker, buf.find(b"\n", at), end)
        counted, number, other = 0, base, 0  # other: header and empty lines
        for start in sorted(starts):
            number += buf.count(b"\n", counted, start)
            counted = start
            line = buf[start:buf.find(b"\n", start)]
            if not line or line[0] == 35:  # '#'
                other += 1
            elif self._wanted(line):
                yield number, line.decode("utf-8", "replace")
        self._lines = number + buf.count(b"\n", counted, end + 1) - 1
        self.records += self._lines - base - other

    def _wanted(self, line: bytes) -> bool:
        """In a span, POS not a number, no tab or an undeclared contig (the parser names
        them), or structural and reaching into a region."""
        tab = line.find(b"\t")
        if tab < 0 or self._known is not None and line[:tab] not in self._known:
            return True
        found = self._by_bytes.get(line[:tab])
        if found is not None:
            tab2 = line.find(b"\t", tab + 1)
            try:
                pos = int(line[tab + 1:tab2])
            except ValueError:
                return True  # the record parser names it
            i = bisect_right(found[0], pos) - 1
            if i >= 0 and pos <= found[1][i]:
                return True
        if self.reaches is None:
            return False
        fields = line.split(b"\t", 5)
        alt = fields[4] if len(fields) > 4 else b""
        return (b"<" in alt or b"[" in alt or b"]" in alt) and \
            self.reaches(line.decode("utf-8", "replace"))

    def _bcf(self) -> Iterator[tuple[int, str]]:
        for number, chrom, text, pos in bcf_lines(self.path):
            self.records += 1
            found = self.spans.get(chrom) if self.spans is not None else None
            if found is not None:
                i = bisect_right(found[0], pos) - 1
                if i >= 0 and pos <= found[1][i]:
                    yield number, text
                    continue
            if self.spans is None or self.known is not None and chrom not in self.known:
                yield number, text


def _span_pattern(spans: dict[bytes, tuple[list[int], list[int]]],
                  known: set[bytes] | None = None) -> re.Pattern[bytes]:
    """A newline, then the start of a line a span may want: CHROM a span's contig and POS with
    the leading digits and length of a number in one of its spans, or POS not written as a
    plain number; or a header line, an empty one or one without a tab (counted apart, or
    checked); or, given the `known` contigs, a CHROM that is none of them. Never misses a
    wanted line; may find a few more."""
    trie: dict = {}
    for contig, (starts, ends) in spans.items():
        head = contig + b"\t"
        _add(trie, head, rb"(?![1-9][0-9]*\t)")
        for start, end in zip(starts, ends, strict=True):
            for lead, more in _leading_digits(start, end):
                _add(trie, head + lead, rb"[0-9]{%d}\t" % more)
    options = [rb"(?=#|[^\t\n]*\n)"] + ([_regex(trie)] if trie else [])
    if known:
        names: dict = {}
        for contig in known:
            _add(names, contig + b"\t", b"")
        options.append(rb"(?!" + _regex(names) + rb")")
    return re.compile(rb"\n(?:" + b"|".join(options) + rb")")


def _leading_digits(start: int, end: int) -> Iterator[tuple[bytes, int]]:
    """(leading digits, count of digits after them) covering every number start..end; each
    covers at most ten times the span."""
    for digits in range(len(str(start)), len(str(end)) + 1):
        lo, hi = max(start, 10 ** (digits - 1)), min(end, 10 ** digits - 1)
        keep = min(digits, max(1, digits - len(str(hi - lo)) + 1))
        scale = 10 ** (digits - keep)
        for lead in range(lo // scale, hi // scale + 1):
            yield str(lead).encode(), digits - keep


def _add(trie: dict, literal: bytes, tail: bytes) -> None:
    node = trie
    for byte in literal:
        node = node.setdefault(byte, {})
    node.setdefault(None, set()).add(tail)


def _regex(node: dict) -> bytes:
    """The trie as one regular expression: shared prefixes are tried once."""
    options = sorted(node.get(None, ()))
    options += [re.escape(bytes([byte])) + _regex(child)
                for byte, child in sorted((k, v) for k, v in node.items() if k is not None)]
    return options[0] if len(options) == 1 else b"(?:" + b"|".join(options) + b")"
