"""The streaming pass over a VCF without an index (readers/vcf/scan.py): it looks at whole blocks
of lines at once, so it is checked against reading the same text line by line, on blocks cut
anywhere (a line split between two reads, a block of one line)."""

from __future__ import annotations

import gzip
from bisect import bisect_right
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import TEST_DATA
from test_vcf import VCF

SPANS = {"chr7": [(55018017, 55212628), (116671000, 116799000)], "chr12": [(25203000, 25252000)],
         "9": [(1, 1200)]}
HEADER = ["##fileformat=VCFv4.2", "##contig=<ID=chr7,length=159345973>",
          "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO"]


def regions():
    """SPANS as Regions hold them: by bare contig name (`chr7` and `7` are one contig)."""
    from ctdna_resist.readers.vcf.genome import Regions, bare_chrom

    bare = {bare_chrom(c): v for c, v in SPANS.items()}
    return Regions(genome="GRCh38", spans=bare,
                   _starts={c: [s for s, _ in v] for c, v in bare.items()})


#: the contigs a header declares, for the scans that check them
KNOWN = {"chr7", "chr12", "9", "chr1"}


def by_lines(data: bytes, reaches, known: set[str] | None = None
             ) -> tuple[list[tuple[int, str]], int]:
    """What the pass must give: each line on its own, as the reader read them before it looked
    at blocks (POS read by int(); a line whose POS is no number, that holds no tab, or whose
    CHROM is not `known` (when given), handed on for the record parser to name; `reaches` asked
    about any line outside the spans holding `<`, `[` or `]`)."""
    spans = {c.encode(): ([s for s, _ in v], [e for _, e in v]) for c, v in SPANS.items()}
    wanted, records = [], 0
    lines = data.split(b"\n")
    if not lines[-1].strip():
        lines.pop()
    for number, line in enumerate(lines, 1):
        if not line or line[0] == 35:
            continue
        records += 1
        tab = line.find(b"\t")
        if tab < 0 or known is not None and line[:tab].decode("utf-8", "replace") not in known:
            wanted.append((number, line.decode("utf-8", "replace")))
            continue
        found = spans.get(line[:tab])
        if found is not None:
            tab2 = line.find(b"\t", tab + 1)
            try:
                pos = int(line[tab + 1:tab2])
            except ValueError:
                wanted.append((number, line.decode("utf-8", "replace")))
                continue
            i = bisect_right(found[0], pos) - 1
            if i >= 0 and pos <= found[1][i]:
                wanted.append((number, line.decode("utf-8", "replace")))
                continue
        if (b"<" in line or b"[" in line or b"]" in line) and \
                reaches(line.decode("utf-8", "replace")):
            wanted.append((number, line.decode("utf-8", "replace")))
    return wanted, records


def scanned(path: Path, reaches, chunk: int, monkeypatch, known: set[str] | None = None
            ) -> tuple[list[tuple[int, str]], int]:
    from ctdna_resist.readers.vcf import scan

    monkeypatch.setattr(scan, "CHUNK", chunk)
    spans = {c: ([s for s, _ in v], [e for _, e in v]) for c, v in SPANS.items()}
    run = scan.Scan(path, False, spans, reaches, known)
    return list(run), run.records


def _position(draw) -> str:
    span = draw(st.sampled_from([s for v in SPANS.values() for s in v]))
    exact = draw(st.sampled_from([span[0] - 1, span[0], span[1], span[1] + 1,
                                  (span[0] + span[1]) // 2, span[0] * 10, span[1] // 10]))
    return draw(st.sampled_from([str(exact), str(max(exact, 0))] * 6 +
                                [f"0{exact}", f"+{exact}", f" {exact}", f"{exact}x", "",
                                 "1_000", str(draw(st.integers(1, 10 ** 10)))]))


@st.composite
def vcf_line(draw) -> str:
    kind = draw(st.sampled_from(["record"] * 8 + ["empty", "comment", "no tab", "few columns"]))
    chrom = draw(st.sampled_from(["chr7", "chr12", "9", "chr1", "chr77", "7", "chr7 "]))
    if kind == "empty":
        return draw(st.sampled_from(["", "\r", " "]))
    if kind == "comment":
        return "##late comment\twith a tab"
    if kind == "no tab":
        return draw(st.sampled_from([chrom, chrom + "x", "chr7\r"]))
    pos = _position(draw)
    if kind == "few columns":
        return f"{chrom}\t{pos}"
    alt = draw(st.sampled_from(["T", "T,G", "<DEL>", "<DUP:TANDEM>", "A<B", "N[chr7:55019100[",
                                "]chr1:5000]N", "N[chr12:25245000["]))
    info = draw(st.sampled_from([".", "SVTYPE=DEL;END=55019000", "END=116671500",
                                 "CSQ=c.1_2ins[3]", "NOTE=<x>"]))
    end = draw(st.sampled_from(["", "\r"]))
    return f"{chrom}\t{pos}\t.\tA\t{alt}\t.\tPASS\t{info}{end}"


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(vcf_line(), max_size=40), chunk=st.integers(1, 300),
       last_newline=st.booleans(), compress=st.booleans(), declared=st.booleans())
def test_scan_reads_what_line_by_line_reading_reads(lines, chunk, last_newline, compress,
                                                    declared, tmp_path, monkeypatch):
    from ctdna_resist.readers.vcf.access import _reaches_region

    text = "\n".join(HEADER + lines) + ("\n" if last_newline else "")
    path = tmp_path / ("calls.vcf.gz" if compress else "calls.vcf")
    path.write_bytes(gzip.compress(text.encode()) if compress else text.encode())
    where = regions()

    def reaches(line: str) -> bool:
        return _reaches_region(where, line)

    known = KNOWN if declared else None
    assert scanned(path, reaches, chunk, monkeypatch, known) == \
        by_lines(text.encode(), reaches, known)


def test_scan_finds_every_position_of_a_span_and_none_outside(tmp_path, monkeypatch):
    """POS of every length around the spans' edges: in exactly when start <= POS <= end."""
    positions = sorted({p for s, e in SPANS["chr7"] for edge in (s, e)
                        for p in range(edge - 12, edge + 12)} | {9, 10, 99, 100, 1000000})
    body = [f"chr7\t{p}\t.\tA\tT\t.\tPASS\t." for p in positions]
    path = tmp_path / "edges.vcf"
    path.write_text("\n".join(HEADER + body) + "\n")
    wanted, records = scanned(path, None, 1 << 16, monkeypatch)
    starts = [s for s, _ in SPANS["chr7"]]
    inside = [p for p in positions
              if bisect_right(starts, p) and p <= SPANS["chr7"][bisect_right(starts, p) - 1][1]]
    assert [int(text.split("\t")[1]) for _, text in wanted] == inside
    assert records == len(positions) and 0 < len(inside) < len(positions)


@pytest.mark.parametrize("fixture", sorted(p.name for p in VCF.glob("*.vcf")) +
                         ["example_patient.unannotated.vcf"])
def test_annotation_does_not_depend_on_how_the_file_is_cut(fixture, cli, monkeypatch):
    """Structural variants, breakends and small variants read in blocks of 50 bytes give the
    report read in one block."""
    from ctdna_resist.readers.vcf import scan

    path = VCF / fixture if (VCF / fixture).exists() else TEST_DATA / fixture
    args = (path, "--lenient", "--therapy", "osimertinib")
    whole = cli.annotate(*args)
    monkeypatch.setattr(scan, "CHUNK", 50)
    assert cli.annotate(*args) == whole
