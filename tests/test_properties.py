"""Property-based tests for the parsers that take free text."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctdna_resist.normalize.drugs import name_key
from ctdna_resist.normalize.protein import (
    ONE_TO_THREE,
    ProteinChange,
    parse_protein_change,
)
from ctdna_resist.readers.common import parse_fraction, parse_number

AMINO = st.sampled_from("ACDEFGHIKLMNPQRSTVWY")
POSITION = st.integers(min_value=1, max_value=5000)


@st.composite
def protein_changes(draw) -> ProteinChange:
    kind = draw(st.sampled_from(["sub", "del", "dup", "ins", "delins", "fs"]))
    start = draw(POSITION)
    ref = draw(AMINO)
    if kind == "sub":
        alt = draw(AMINO.filter(lambda a: a != ref) | st.just("*"))
        return ProteinChange("sub", ref, start, alt=alt)
    if kind == "fs":
        return ProteinChange("fs", ref, start)
    length = draw(st.integers(min_value=1 if kind != "ins" else 1, max_value=12))
    end = start + length if kind == "ins" else (start + length - 1 if length > 1 else None)
    end_ref = draw(AMINO) if end is not None else None
    inserted = draw(st.text(alphabet="ACDEFGHIKLMNPQRSTVWY", min_size=1, max_size=8)) \
        if kind in ("ins", "delins") else ""
    if kind == "ins":
        end = start + 1
    return ProteinChange(kind, ref, start, end_ref, end, inserted)


@given(protein_changes())
def test_one_and_three_letter_forms_round_trip(change):
    assert parse_protein_change(change.short()) == change
    assert parse_protein_change(change.hgvs()) == change
    assert parse_protein_change("p." + change.short()) == change
    assert parse_protein_change(f"p.({change.hgvs()[2:]})") == change


@given(protein_changes())
def test_three_letter_form_uses_only_known_codes(change):
    body = change.hgvs()[2:]
    for three in ONE_TO_THREE.values():
        body = body.replace(three, "")
    assert not any(c.isalpha() and c.islower() for c in body.replace("del", "")
                   .replace("dup", "").replace("ins", "").replace("fs", ""))


@given(st.text(max_size=30))
def test_parser_never_raises_on_arbitrary_text(text):
    parse_protein_change(text)


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_fraction_and_percent_spellings_agree(vaf):
    assert math.isclose(parse_fraction(repr(vaf)), vaf, abs_tol=1e-12)
    percent = f"{vaf * 100:.6f}%"
    assert math.isclose(parse_fraction(percent), vaf, abs_tol=1e-8)
    assert math.isclose(parse_fraction(percent.replace("%", " %")), vaf, abs_tol=1e-8)


@given(st.floats(min_value=1.0001, max_value=1e6, allow_nan=False))
def test_bare_values_above_one_are_rejected(value):
    with pytest.raises(ValueError, match="above 1"):
        parse_fraction(repr(value))


@given(st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False))
def test_negative_values_are_rejected(value):
    with pytest.raises(ValueError, match="negative"):
        parse_fraction(repr(value))
    with pytest.raises(ValueError, match="negative"):
        parse_number(repr(value), "copy number")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_numbers_either_parse_or_say_why(text):
    try:
        value = parse_number(text, "copy number")
    except ValueError as exc:
        assert "copy number" in str(exc)
    else:
        assert value is None or (value >= 0 and math.isfinite(value))


@settings(max_examples=200)
@given(st.sampled_from(["osimertinib", "Tagrisso", "AZD9291", "sotorasib", "AMG 510",
                        "trastuzumab emtansine", "T-DM1"]),
       st.sampled_from([str.lower, str.upper, str.title, lambda s: s]),
       st.sampled_from(["", " ", "-"]))
def test_drug_names_survive_case_and_separators(kb, name, case, separator):
    written = case(name).replace(" ", separator or " ")
    assert kb.drugs.resolve(written) == kb.drugs.resolve(name) is not None
    assert name_key(written) == name_key(name)


@settings(max_examples=100)
@given(st.sampled_from(["EGFR", "ERBB2", "HER2", "MET", "c-MET", "KRAS", "ALK", "HER3"]),
       st.sampled_from([str.lower, str.upper, lambda s: f"  {s} "]))
def test_gene_names_survive_case_and_white_space(kb, name, case):
    assert kb.genes.resolve(case(name)) == kb.genes.resolve(name) is not None


# -- every reader, fed random bytes and mutated fixtures --------------------------------------
# Whatever a file holds, `annotate` exits 0 or 2: never an internal error, never a traceback,
# never Infinity or NaN in the JSON, and on exit 0 the accounting adds up (DESIGN.md).

def _input_fixtures() -> list[tuple[str, bytes]]:
    """(name, decompressed bytes) of every input fixture the corpus check reads or refuses
    (fixtures_table); BGZF files (BCF, bgzipped VCF) are written back bgzipped, beside a copy
    of their index when they have one, so a mutated file meets an index that no longer fits."""
    import gzip

    from fixtures_table import FIXTURES, Reads, Refused
    from helpers import ROOT

    out = []
    for name, cases in sorted(FIXTURES.items()):
        if not any(isinstance(case, Reads | Refused) for case in cases):
            continue
        raw = (ROOT / name).read_bytes()
        try:
            out.append((name, gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw))
        except (OSError, EOFError):  # a fixture that is a broken gzip: kept as it is
            out.append((name, raw))
    return out


FIXTURE_BYTES = _input_fixtures()
#: what a hostile or careless edit puts into a file
NASTY = [b"inf", b"-inf", b"nan", b"1e309", b"-1", b"0", b"", b"\t", b" ", b",", b";", b'"',
         b"\r", b"\r\n", b"\n", b"\x00", b"\x01", b"\xff\xfe", b"<NON_REF>", b"<DEL>", b"chr7",
         b"7", b"END=1", b"SVTYPE=DUP", b"CN=inf", b"LOG2=2000", b"|", b"T790M/C797S", b"%",
         b"99999999999999999999", b"\xe2\x80\xae", b"#", b"##", b"p.", b"NA"]


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """A fixture with a few random edits: bytes deleted, replaced or inserted (random or from
    NASTY), a line repeated or cut short."""
    name, data = draw(st.sampled_from(FIXTURE_BYTES))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        edit = draw(st.sampled_from(["delete", "replace", "insert", "repeat", "truncate"]))
        piece = draw(st.sampled_from(NASTY) | st.binary(min_size=1, max_size=8))
        if edit == "delete":
            data = data[:at] + data[at + draw(st.integers(min_value=1, max_value=40)):]
        elif edit == "replace":
            data = data[:at] + piece + data[at + len(piece):]
        elif edit == "insert":
            data = data[:at] + piece + data[at:]
        elif edit == "repeat":
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            line = data[start:end + 1 if end >= 0 else len(data)]
            data = data[:start] + line + line + data[start + len(line):]
        else:
            data = data[:at]
    return name, data


def _annotate_bytes(data: bytes, name: str, *options: str):
    import tempfile
    from pathlib import Path

    import pysam

    from helpers import ROOT, Cli

    cli = Cli()
    source = ROOT / name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / source.name
        bgzf = source.exists() and source.read_bytes()[12:14] == b"BC"
        if bgzf:
            with pysam.BGZFile(str(path), "wb") as out:
                out.write(data)
            for suffix in (".tbi", ".csi"):
                index = source.with_name(source.name + suffix)
                if index.exists():
                    Path(f"{path}{suffix}").write_bytes(index.read_bytes())
        else:
            path = path.with_name(path.name.removesuffix(".gz"))
            path.write_bytes(data)
        return cli("annotate", path, *options, "--therapy", "osimertinib", "-o", "-")


def _exits_cleanly(result) -> None:
    import json

    from helpers import check_parts

    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        return

    def refuse(constant):
        raise AssertionError(f"{constant} in the JSON")

    data = json.loads(result.stdout, parse_constant=refuse)
    check_parts(data)
    a = data["accounting"]
    assert a["findings"] + a["other"] + a["skipped"] + a["outside_kb_genes"] == \
        a["alterations"], a


def _reader_names() -> list[str]:
    from ctdna_resist.readers import READERS

    return ["auto", *READERS]


@pytest.mark.parametrize("reader", _reader_names())
@settings(max_examples=10, deadline=None)
@given(data=st.binary(max_size=600))
def test_random_bytes_are_read_or_refused(reader, data):
    _exits_cleanly(_annotate_bytes(data, "random.txt", "--input-format", reader))


@settings(max_examples=150, deadline=None)
@given(case=mutated(), lenient=st.booleans(),
       reader=st.sampled_from(["auto"] * len(_reader_names()) + _reader_names()))
def test_mutated_fixtures_are_read_or_refused(case, lenient, reader):
    """Mostly detected as they come; as often read by a reader picked at random."""
    name, data = case
    _exits_cleanly(_annotate_bytes(data, name, "--input-format", reader,
                                   *(["--lenient"] if lenient else [])))
