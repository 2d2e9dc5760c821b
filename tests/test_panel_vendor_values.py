"""The panel format accepts values as vendors' reports print them."""

import pytest

from helpers import EXAMPLE_THERAPIES, EXAMPLE_VCF, TEST_DATA
from readers_helpers import read
from test_cli import _summary

VENDOR = TEST_DATA / "panel/vendor_values.bom_crlf.csv"
PERCENT_HEADER = TEST_DATA / "panel/percent_cfdna_header.tsv"


def test_vendor_export_with_bom_crlf_and_percent_column_equals_the_vcf(cli):
    raw = VENDOR.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    from_vendor = cli.annotate(VENDOR, *EXAMPLE_THERAPIES)
    assert _summary(from_vendor) == _summary(cli.annotate(EXAMPLE_VCF, *EXAMPLE_THERAPIES))


@pytest.mark.parametrize("alteration,vaf", [
    ("L858R", 0.082),  # `8.2` under a `cfDNA %` header
    ("T790M", 0.041),  # `4.1 %`
    ("C797S", 0.023),  # `2.3%`
    ("R882H", 0.004),  # `0.4%`
])
def test_percent_values(alteration, vaf):
    found = next(a for a in read(VENDOR).alterations if a.alteration == alteration)
    assert found.vaf == vaf


def test_amplification_word_and_copy_number():
    met = next(a for a in read(VENDOR).alterations if a.gene == "MET")
    assert (met.alteration, met.copy_number) == ("amplification", 8.2)


def test_percent_cfdna_header_first():
    vafs = {a.alteration: a.vaf for a in read(PERCENT_HEADER).alterations}
    assert vafs == {"L858R": 0.082, "T790M": 0.012, "R882H": 0.004}


def test_crlf_without_bom_and_a_bom_without_crlf(tmp_path):
    for name, raw in (("crlf.tsv", b"gene\talteration\tvaf\r\nEGFR\tT790M\t1.2 %\r\n"),
                      ("bom.tsv", b"\xef\xbb\xbfgene\talteration\tvaf\nEGFR\tT790M\t1.2 %\n")):
        path = tmp_path / name
        path.write_bytes(raw)
        assert read(path).alterations[0].vaf == 0.012
