"""Fusion files: gene = the knowledge-base kinase, partner = the other gene, whatever the order."""

import pytest

from helpers import TEST_DATA
from readers_helpers import by_gene, read

REVERSED = TEST_DATA / "fusion/reversed_partner_order.fusions.tsv"
PARTNERLESS = TEST_DATA / "fusion/partnerless_row.5p_3p_columns.tsv"
STAR = TEST_DATA / "star_fusion/gene_with_ensembl_id.star-fusion.fusion_predictions.tsv"
ARRIBA = TEST_DATA / "arriba/comma_separated_genes.fusions.tsv"
TSO500 = TEST_DATA / "tso500/preamble_before_header.Fusions.csv"
SV = TEST_DATA / "cbioportal_sv/partnerless_row.data_sv.txt"


def test_reversed_partner_order_gives_the_kinase_as_gene(cli):
    data = cli.annotate(REVERSED, "--therapy", "alectinib")
    assert data["sample"]["driver"] == {"gene": "ALK", "alteration": "fusion"}
    fusion = read(REVERSED).alterations[0]
    assert (fusion.gene, fusion.alteration, fusion.partner) == ("ALK", "fusion", "EML4")
    assert fusion.alt_depth == 42 and fusion.vaf == 0.006
    assert fusion.label == "EML4-ALK fusion"


@pytest.mark.parametrize("written", ["EML4-ALK", "EML4--ALK", "EML4::ALK", "ALK-EML4",
                                     "EML4-ALK fusion", "EML4-ALK (E13;A20)"])
def test_fusion_spellings(tmp_path, written):
    path = tmp_path / "fusions.tsv"
    path.write_text(f"fusion\n{written}\n")
    assert read(path).alterations[0].key == ("ALK", "fusion", "EML4")


def test_partnerless_row_is_kept_as_a_fusion_of_the_named_gene():
    result = read(PARTNERLESS)
    assert by_gene(result, "ROS1").key == ("ROS1", "fusion", None)
    assert by_gene(result, "RET").key == ("RET", "fusion", "KIF5B")
    assert result.outside_kb_genes == 1  # TMPRSS2-ERG


def test_one_gene_in_the_fusion_column_is_partnerless(tmp_path):
    path = tmp_path / "fusions.csv"
    path.write_text("Sample,Fusion,Reads\nS1,ROS1 fusion,10\nS1,RET,7\n")
    assert {a.key for a in read(path).alterations} == {("ROS1", "fusion", None),
                                                      ("RET", "fusion", None)}


def test_star_fusion_genes_with_ensembl_ids():
    result = read(STAR)
    fusion = by_gene(result, "ALK")
    assert fusion.key == ("ALK", "fusion", "EML4") and fusion.alt_depth == 31 + 14
    assert result.outside_kb_genes == 1  # THRA--AC090627.1


def test_arriba_comma_separated_and_intergenic_cells():
    result = read(ARRIBA)
    assert by_gene(result, "ROS1").partner == "CD74"
    # the 5' breakpoint is intergenic (neighbours with distances): no partner gene
    ret = by_gene(result, "RET")
    assert ret.partner is None and ret.alt_depth == 3 + 5 + 7
    # overlapping genes `EGFR,EGFR-AS1`: the knowledge-base gene is the gene, not SEPTIN14
    assert by_gene(result, "EGFR").key == ("EGFR", "fusion", "SEPTIN14")


def test_tso500_fusions_csv_after_its_preamble(cli):
    result = read(TSO500)
    assert result.sample == "PT006_cfDNA"
    alk = by_gene(result, "ALK")
    assert (alk.partner, alk.vaf, alk.alt_depth, alk.depth) == ("EML4", 0.0256, 18, 702)
    assert result.skipped == {"FILTER not PASS": 1}  # CCDC6--RET LowSupport
    assert result.outside_kb_genes == 1  # TMPRSS2--ERG
    data = cli.annotate(TSO500)
    assert data["accounting"]["input_records"] == 3


def test_cbioportal_structural_variants_with_a_partnerless_row():
    result = read(SV)
    assert by_gene(result, "ALK").partner == "EML4"
    assert by_gene(result, "ALK").alt_depth == 12 + 7
    assert by_gene(result, "ROS1").partner is None
    assert result.outside_kb_genes == 1


def test_fusion_file_with_no_fusions_is_valid(cli):
    data = cli.annotate(TEST_DATA / "fusion/example_patient.no_fusions.tsv")
    assert data["accounting"]["input_records"] == 0 and data["findings"] == []


def test_unreadable_fusion_names_the_line(cli, tmp_path):
    path = tmp_path / "fusions.tsv"
    path.write_text("fusion\tsample\nEML4-ALK\tS1\nsee report p.3\tS1\n")
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2
    assert f"{path}:3: cannot read fusion 'see report p.3'" in result.stderr


@pytest.mark.parametrize("content,alteration", [
    ("Tumor_Sample_Barcode\tFusion\nS1\tEGFR-intragenic\n", "intragenic"),
    ("Tumor_Sample_Barcode\tGeneA\tGeneB\tSv_Type\nS1\tALK\tALK\tDELETION\n",
     "deletion (intragenic)"),
])
def test_a_rearrangement_within_one_gene_is_not_a_fusion(tmp_path, content, alteration):
    """An intragenic event is listed, never read as a fusion without partner (an ALK
    intragenic deletion is not an ALK fusion)."""
    path = tmp_path / "fusions.txt"
    path.write_text(content)
    (found,) = read(path).alterations
    assert (found.alteration, found.kind, found.partner) == (alteration, "other", None)


def test_fusioncatcher_final_list(tmp_path):
    path = tmp_path / "final-list_candidate-fusion-genes.txt"
    path.write_text("Gene_1_symbol(5end_fusion_partner)\tGene_2_symbol(3end_fusion_partner)\t"
                    "Fusion_description\tCounts_of_common_mapping_reads\tSpanning_pairs\t"
                    "Spanning_unique_reads\nEML4\tALK\tknown,oncogene\t0\t14\t23\n")
    (fusion,) = read(path).alterations
    assert (fusion.key, fusion.alt_depth) == (("ALK", "fusion", "EML4"), 37)
