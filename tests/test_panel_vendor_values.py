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


def test_quoted_cells_with_commas_inside(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('"Gene","Alteration","% cfDNA","Comment"\n'
                    '"EGFR","T790M","3.1%","Sensitising, exon 20"\n')
    (t790m,) = read(path).alterations
    assert (t790m.alteration, t790m.vaf, t790m.vaf_source) == ("T790M", 0.031, "% cfDNA")


def test_semicolon_file_with_decimal_commas(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Gene;Alteration;VAF;Copy number\nEGFR;C797S;0,012;\n"
                    "ERBB2;amplification;;3,4\n")
    calls = {a.gene: a for a in read(path).alterations}
    assert calls["EGFR"].vaf == 0.012 and calls["ERBB2"].copy_number == 3.4


def test_a_callers_clonal_haematopoiesis_column_flags_possible_chip(cli, tmp_path):
    path = tmp_path / "calls.tsv"
    path.write_text("gene\talteration\tvaf\tCH\nEGFR\tL858R\t0.08\tFALSE\n"
                    "KRAS\tG12C\t0.02\tTRUE\n")
    data = cli.annotate(path, *EXAMPLE_THERAPIES)
    flags = {a["gene"]: a["flags"] for a in data["findings"] + data["other_alterations"]}
    assert "possible_chip" in flags["KRAS"] and "possible_chip" not in flags["EGFR"]
    path.write_text("gene\talteration\tvaf\tCH\nKRAS\tG12C\t0.02\tmaybe\n")
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2 and "CH 'maybe' is not TRUE or FALSE" in result.stderr


def test_a_row_genotyped_at_vaf_0_is_not_detected_never_a_finding(cli, tmp_path):
    path = tmp_path / "calls.tsv"
    path.write_text("gene\talteration\tvaf\tdepth\talt_depth\nEGFR\tL858R\t0.08\t3000\t240\n"
                    "EGFR\tT790M\t0\t3120\t0\nEGFR\tC797S\t\t2987\t0\n")
    data = cli.annotate(path, *EXAMPLE_THERAPIES)
    assert data["findings"] == []
    reasons = {o["alteration"]: o["reason"] for o in data["other_alterations"]}
    assert reasons["T790M"].startswith("not detected") and \
        reasons["C797S"].startswith("not detected")
    assert data["accounting"]["alterations"] == 3 and data["accounting"]["other"] == 3
