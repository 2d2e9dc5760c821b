"""Format detection, --input-format, and merging several inputs for one sample."""

import pytest

from helpers import EXAMPLE_PANEL, EXAMPLE_THERAPIES, EXAMPLE_VCF, TEST_DATA
from test_cli import _summary

FIXTURES = {
    "vcf": EXAMPLE_VCF,
    "panel": EXAMPLE_PANEL,
    "maf": TEST_DATA / "maf/example_patient.no_trailing_newline.maf",
    "cnvkit": TEST_DATA / "cnvkit/several_genes_per_segment.call.cns",
    "cna": TEST_DATA / "cna/duplicated_gene_row.data_cna.txt",
    "cna_long": TEST_DATA / "cna/words_and_codes.data_cna_long.txt",
    "segments": TEST_DATA / "segments/ascat_two_samples.segments.txt",
    "fusion": TEST_DATA / "fusion/reversed_partner_order.fusions.tsv",
    "star_fusion":
        TEST_DATA / "star_fusion/gene_with_ensembl_id.star-fusion.fusion_predictions.tsv",
    "arriba": TEST_DATA / "arriba/comma_separated_genes.fusions.tsv",
    "tso500_fusions": TEST_DATA / "tso500/preamble_before_header.Fusions.csv",
    "cbioportal_sv": TEST_DATA / "cbioportal_sv/partnerless_row.data_sv.txt",
    "fusioncatcher":
        TEST_DATA / "real_world/fusioncatcher/final-list_candidate-fusion-genes.txt",
    "foundation_xml": TEST_DATA / "foundation/liquid_cdx.example_patient.xml",
    "tso500_combined": TEST_DATA / "real_world/tso500/LB-0501-P3_CombinedVariantOutput.tsv",
    "cats": TEST_DATA / "real_world/c-cat/LB-1401-P2.tumor_only_cfdna.cats",
    "purecn": TEST_DATA / "real_world/purecn/LB-1201-P1_genes.csv",
}
CNVKIT_MET = TEST_DATA / "cnvkit/example_patient.met_amplified.cns"
NO_FUSIONS = TEST_DATA / "fusion/example_patient.no_fusions.tsv"
SMALL_PANEL = TEST_DATA / "panel/example_patient.small_variants.tsv"
MAF = FIXTURES["maf"]


def test_every_registered_format_has_a_fixture_it_alone_recognises():
    from ctdna_resist.readers import READERS, detect_format

    assert set(FIXTURES) == set(READERS)
    for name, path in FIXTURES.items():
        assert detect_format(path) == name, path


def test_the_readme_lists_every_format_with_what_it_was_checked_against():
    from ctdna_resist.readers import READERS
    from helpers import ROOT

    readme = (ROOT / "README.md").read_text()
    inputs = readme[readme.index("Inputs for one sample"):readme.index("## In a notebook")]
    assert [name for name in READERS if f"`{name}`" not in inputs] == []
    assert "test_data/real_world/" in inputs and "SOURCES.md" in inputs


def test_unrecognised_file_says_which_formats_were_tried(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("patient doing well\nno new findings\n")
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert "format not recognised" in message
    for name in ("vcf", "maf", "cnvkit", "arriba", "foundation_xml", "panel"):
        assert name in message


def test_a_file_two_formats_claim_is_an_error_and_input_format_decides(cli, tmp_path):
    path = tmp_path / "fusions.tsv"  # the required columns of STAR-Fusion and of Arriba
    path.write_text("#FusionName\tLeftGene\tRightGene\tgene1\tgene2\tbreakpoint1\t"
                    "breakpoint2\tsplit_reads1\nEML4--ALK\tEML4\tALK\tEML4\tALK\t"
                    "2:42522656\t2:29446394\t12\n")
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2
    assert "matches several formats (star_fusion, arriba)" in result.stderr
    assert "--input-format" in result.stderr
    data = cli.annotate(path, "--input-format", "star_fusion", "--therapy", "alectinib")
    read = data["findings"] + data["other_alterations"]
    assert [(a["gene"], a["partner"]) for a in read] == [("ALK", "EML4")]


def test_a_long_copy_number_table_is_not_a_maf(cli, tmp_path):
    """Tumor_Sample_Barcode and Hugo_Symbol are not MAF's own columns: cBioPortal's long
    copy-number file has them too."""
    from ctdna_resist.readers import detect_format

    path = tmp_path / "calls.txt"
    path.write_text("Tumor_Sample_Barcode\tHugo_Symbol\tCopy_Number_Alteration\n"
                    "PT010\tMET\t2\n")
    assert detect_format(path) == "cna_long"
    data = cli.annotate(path, "--therapy", "osimertinib")
    assert [(f["gene"], f["alteration"]) for f in data["findings"]] == [("MET", "amplification")]
    path.write_text("Tumor_Sample_Barcode\tHugo_Symbol\tHGVSp_Short\nPT010\tEGFR\tp.T790M\n")
    assert detect_format(path) == "maf"


def test_unknown_input_format_is_a_usage_error(cli):
    result = cli("annotate", EXAMPLE_PANEL, "--input-format", "xlsx", "-o", "-")
    assert result.exit_code == 2
    assert "--input-format xlsx: unknown format" in result.stderr and "cnvkit" in result.stderr


def test_example_patient_as_panel_cnvkit_and_fusion_files_equals_the_vcf(cli):
    from_vcf = cli.annotate(EXAMPLE_VCF, *EXAMPLE_THERAPIES)
    merged = cli.annotate(SMALL_PANEL, CNVKIT_MET, NO_FUSIONS, *EXAMPLE_THERAPIES)
    assert _summary(merged) == _summary(from_vcf)
    assert merged["sample"]["driver"] == from_vcf["sample"]["driver"]
    vcf_others = {(o["gene"], o["alteration"]) for o in from_vcf["other_alterations"]}
    merged_others = {(o["gene"], o["alteration"]): o for o in merged["other_alterations"]}
    assert vcf_others <= set(merged_others)
    # beyond those, only MET's neighbours on the amplified CNVkit segment (CAPZA2, ST7), when
    # the knowledge base lists them
    for key in set(merged_others) - vcf_others:
        assert key[0] in ("CAPZA2", "ST7") and key[1] == "amplification"
    met = next(f for f in merged["findings"] if f["gene"] == "MET")
    assert met["input"] == "example_patient.met_amplified.cns:4"


def test_example_patient_as_maf_and_cnvkit_equals_the_vcf(cli):
    """The MAF gives read counts, not the caller's AF: VAFs agree to the count's precision."""
    from_vcf = cli.annotate(EXAMPLE_VCF, *EXAMPLE_THERAPIES)
    from_maf = cli.annotate(MAF, CNVKIT_MET, *EXAMPLE_THERAPIES)

    def without_vaf(data):
        return [row[:5] + row[6:] for row in _summary(data)]

    assert without_vaf(from_maf) == without_vaf(from_vcf)
    for a, b in zip(_summary(from_maf), _summary(from_vcf), strict=True):
        assert a[5] == pytest.approx(b[5], abs=5e-4)
    assert from_maf["sample"]["genome"] == "GRCh38"
    assert from_maf["sample"]["driver"] == {"gene": "EGFR", "alteration": "L858R"}


def test_same_alteration_from_two_files_is_counted_once(cli):
    data = cli.annotate(EXAMPLE_PANEL, CNVKIT_MET, *EXAMPLE_THERAPIES)
    accounting = data["accounting"]
    assert accounting["duplicates"] == 1  # MET amplification from the panel and from CNVkit
    assert accounting["input_records"] == 7 + 5
    assert accounting["alterations"] == 7 + 2  # + CAPZA2 and ST7, outside the knowledge base
    assert [f["gene"] for f in data["findings"]].count("MET") == 1
    met = next(f for f in data["findings"] if f["gene"] == "MET")
    assert met["input"].startswith("example_patient.panel.tsv")  # the first read is kept


def test_a_merged_alteration_takes_missing_values_from_the_later_file(cli, tmp_path):
    panel = tmp_path / "panel.tsv"
    panel.write_text("gene\talteration\tvaf\nEGFR\tL858R\t0.082\nMET\tamplification\t\n")
    data = cli.annotate(panel, CNVKIT_MET, *EXAMPLE_THERAPIES)
    met = next(f for f in data["findings"] if f["gene"] == "MET")
    assert met["plasma_copy_number"] == 8.2 and met["input"] == "panel.tsv:3"


def test_inputs_naming_different_builds_are_an_error(cli, tmp_path):
    maf = tmp_path / "grch37.maf"
    maf.write_text("Hugo_Symbol\tNCBI_Build\tTumor_Sample_Barcode\tHGVSp_Short\n"
                   "EGFR\tGRCh37\tPT001_plasma\tp.T790M\n")
    result = cli("annotate", EXAMPLE_VCF, maf, "-o", "-")
    assert result.exit_code == 2
    assert "grch37.maf: is GRCh37, but" in result.stderr and "is GRCh38" in result.stderr


def test_segments_take_the_build_another_input_names(cli, tmp_path):
    segments = tmp_path / "PT001.ascat.segments.txt"
    segments.write_text("sample\tchr\tstartpos\tendpos\tnMajor\tnMinor\n"
                        "PT001_plasma\t7\t116600000\t116900000\t6\t1\n")
    # given first, read last: the VCF's GRCh38 maps the segment to MET
    data = cli.annotate(segments, EXAMPLE_VCF, *EXAMPLE_THERAPIES)
    met = next(f for f in data["findings"] if f["gene"] == "MET")
    assert met["plasma_copy_number"] == 8.2 and met["tumor_copy_number"] == 7.0
    assert data["accounting"]["duplicates"] == 1
