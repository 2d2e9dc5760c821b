"""FoundationOne (Liquid) CDx XML results reports, parsed without expanding entities."""

from helpers import EXAMPLE_THERAPIES, TEST_DATA
from readers_helpers import read

REPORT = TEST_DATA / "foundation/liquid_cdx.example_patient.xml"
BOMB = TEST_DATA / "foundation/billion_laughs.xml"


def test_liquid_report_of_the_example_patient(cli):
    data = cli.annotate(REPORT, *EXAMPLE_THERAPIES)
    findings = {(f["gene"], f["alteration"]): f for f in data["findings"]}
    # the partnerless RET rearrangement is a documented bypass after EGFR TKIs (RET-FUSION-EGFR)
    assert set(findings) == {("EGFR", "T790M"), ("EGFR", "C797S"), ("PIK3CA", "E545K"),
                             ("MET", "amplification"), ("RET", "fusion")}
    assert findings[("EGFR", "C797S")]["vaf"] == 0.023
    assert findings[("EGFR", "C797S")]["depth"] == 2187
    assert findings[("MET", "amplification")]["plasma_copy_number"] == 8.0  # a liquid test
    assert data["sample"]["id"] == "PT001_plasma"
    assert data["sample"]["driver"] == {"gene": "EGFR", "alteration": "L858R"}
    assert data["sample"]["input_metadata"]["disease"] == "Lung adenocarcinoma"
    assert data["sample"]["input_metadata"]["pipeline_version"] == "v3.11.0"
    assert data["accounting"]["input_records"] == 9


def test_report_splice_variant_and_partnerless_rearrangement():
    result = read(REPORT)
    splice = next(a for a in result.alterations if a.hgvs_c == "c.1390-2A>G")
    assert (splice.gene, splice.alteration, splice.kind.value) == ("TP53", "c.1390-2A>G",
                                                                    "splice")
    ret = next(a for a in result.alterations if a.gene == "RET")
    assert ret.key == ("RET", "fusion", None) and ret.alt_depth == 9  # other-gene="N/A"
    l858r = next(a for a in result.alterations if a.alteration == "L858R")
    assert (l858r.hgvs_c, l858r.transcript) == ("c.2573T>G", "NM_005228")


def test_tissue_report_copy_number_is_the_tumour_estimate(tmp_path):
    path = tmp_path / "f1cdx.xml"
    path.write_text(REPORT.read_text().replace('test-type="FoundationOneLiquidCDx"',
                                               'test-type="FoundationOneDx1"'))
    met = next(a for a in read(path).alterations if a.gene == "MET")
    assert (met.copy_number, met.tumor_copy_number) == (None, 8.0)


def test_older_reports_give_percent_reads(tmp_path):
    path = tmp_path / "old.xml"
    path.write_text(REPORT.read_text().replace('allele-fraction="0.082"', 'percent-reads="8.2"'))
    l858r = next(a for a in read(path).alterations if a.alteration == "L858R")
    assert l858r.vaf == 0.082


def test_entity_expansion_is_refused(cli):
    result = cli("annotate", BOMB, "-o", "-")
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(BOMB) in lines[0] and "declares entities" in lines[0]


def test_external_entity_is_refused(cli, tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    '\n<variant-report disease="&x;"><short-variants/></variant-report>\n')
    result = cli("annotate", path, "--input-format", "foundation_xml", "-o", "-")
    assert result.exit_code == 2 and "refused" in result.stderr
    assert "root:" not in result.stderr


def test_malformed_report_names_the_line(cli, tmp_path):
    path = tmp_path / "cut.xml"
    path.write_text("\n".join(REPORT.read_text().splitlines()[:30]))
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2
    assert f"{path}:30: is not well-formed XML" in result.stderr  # cut after line 30
