"""Copy number: CNVkit, cBioPortal discrete CNA (wide and long), allele-specific segments."""

import pytest

from helpers import TEST_DATA
from readers_helpers import by_gene, read

CALL_CNS = TEST_DATA / "cnvkit/several_genes_per_segment.call.cns"
CNS = TEST_DATA / "cnvkit/example_patient.met_amplified.cns"
WIDE = TEST_DATA / "cna/duplicated_gene_row.data_cna.txt"
LONG = TEST_DATA / "cna/words_and_codes.data_cna_long.txt"
ASCAT = TEST_DATA / "segments/ascat_two_samples.segments.txt"


# -- CNVkit -------------------------------------------------------------------------------------

def test_cnvkit_gene_column_with_several_genes_and_suffixes():
    result = read(CALL_CNS)
    assert result.input_records == 6
    calls = {a.key: a for a in result.alterations}
    assert {("FGFR1", "amplification", None), ("CDKN2A", "deletion", None),
            ("CDK4", "amplification", None)} <= set(calls)
    assert calls[("FGFR1", "amplification", None)].copy_number == 5.0  # from `cn`, suffix gone
    assert calls[("CDKN2A", "deletion", None)].copy_number == 0.0
    assert not any(a.gene == "ERBB2" for a in result.alterations)  # 2 copies: no call
    # every gene of a called segment is one alteration, listed (KB genes) or counted: FGFR1,
    # ADAM32, CDKN2A, CDKN2B, MTAP, CDK4, TSPAN31, MDM2, + one antitarget segment naming none
    assert len(result.alterations) + result.outside_kb_genes == 9


@pytest.mark.parametrize("cell,names", [
    ("TPO_CGH,LINC00299_CGH,MYCN", ["TPO", "LINC00299", "MYCN"]),
    ("ALK,ALK;ALK;ALKintron18ENST0000038,ALK;ALKintron17ENST00000389048", ["ALK"]),
    ("MET;MET_intron_1_ENST000003977,MET,MET;METintron13ENST0000039", ["MET"]),
    ("BRAF;BRAFintron 7ENST000002886,TMEM178B_CGH", ["BRAF", "TMEM178B"]),
    ("-", []), ("Antitarget", []), ("Background", []), ("CGH", []),
    ("FGFR1_ex1-18,ADAM32", ["FGFR1", "ADAM32"]), ("MET|NM_000245", ["MET"]),
    ("SOX2,SOX2-OT", ["SOX2", "SOX2-OT"]),
])
def test_cnvkit_gene_cells_as_panels_name_their_targets(cell, names):
    """CNVkit's gene column as CNVkit's own test files write it (test/formats/nv3.cns)."""
    from ctdna_resist.readers.cnvkit import gene_names

    assert gene_names(cell) == names


def test_cnvkit_very_negative_log2_is_a_deep_deletion(tmp_path):
    path = tmp_path / "s.cns"
    path.write_text("chromosome\tstart\tend\tgene\tlog2\tprobes\n"
                    "chr9\t21968164\t21968303\tCDKN2A,RP11-145E5.5\t-30.7923\t1\n")
    cdkn2a = by_gene(read(path), "CDKN2A")
    assert (cdkn2a.alteration, cdkn2a.copy_number) == ("deletion", 0.0)


def test_cnvkit_bins_are_refused_asking_for_segments(cli, tmp_path):
    path = tmp_path / "s.cnr"
    path.write_text("chromosome\tstart\tend\tgene\tlog2\tdepth\tweight\n"
                    "chr7\t55086912\t55087091\tEGFR\t-0.58348\t74.24\t0.46\n")
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2 and "give the .cns or .call.cns" in result.stderr


def test_cnvkit_log2_becomes_copy_number_with_the_stated_ploidy():
    met = by_gene(read(CNS), "MET")
    assert met.copy_number == 8.2  # 2 x 2^2.0356
    assert met.alteration == "amplification" and met.input == "example_patient.met_amplified.cns:4"
    triploid = by_gene(read(CNS, thresholds={"ploidy": 3}), "MET")
    assert triploid.copy_number == 12.3


def test_cnvkit_threshold_decides_the_call():
    assert read(CNS, thresholds={"amplification_copy_number": 9}).alterations == []


def test_cnvkit_bad_log2_names_the_line(cli, tmp_path):
    path = tmp_path / "bad.cns"
    path.write_text("chromosome\tstart\tend\tgene\tlog2\nchr7\t1\t2\tMET\tNaN?\n")
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2 and f"{path}:2: log2 'NaN?' is not a number" in result.stderr
    data = cli.annotate(path, "--lenient")
    assert data["accounting"]["skipped_reasons"] == {"log2 invalid": 1}


# -- cBioPortal discrete CNA --------------------------------------------------------------------

def test_cna_matrix_duplicated_gene_row_that_agrees_is_read_once(cli):
    data = cli.annotate(WIDE, "--sample", "PT003_T2", "--therapy", "osimertinib")
    assert data["sample"]["id"] == "PT003_T2"
    # MET once although its row is duplicated; CDKN2A loss is documented after EGFR TKIs
    assert [(f["gene"], f["alteration"]) for f in data["findings"]] == \
        [("MET", "amplification"), ("CDKN2A", "deletion")]
    assert data["findings"][0]["plasma_copy_number"] is None  # a discrete call has no number
    others = {(o["gene"], o["alteration"]) for o in data["other_alterations"]}
    assert others == {("ERBB2", "low-level gain"), ("PTEN", "shallow deletion")}
    assert data["accounting"]["input_records"] == 8
    assert data["accounting"]["duplicates"] == 1


def test_cna_matrix_needs_sample_when_it_has_several_columns(cli):
    result = cli("annotate", WIDE, "-o", "-")
    assert result.exit_code == 2
    assert "holds 2 samples (PT003_T1, PT003_T2); choose one with --sample" in result.stderr


def test_cna_matrix_duplicated_gene_rows_that_disagree(cli, tmp_path):
    path = tmp_path / "data_cna.txt"
    path.write_text("Hugo_Symbol\tEntrez_Gene_Id\tS1\nMET\t4233\t2\nEGFR\t1956\t0\n"
                    "MET\t100131801\t0\n")
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2
    assert f"{path}:4: MET is on line 2 with 2 and again with 0" in result.stderr
    data = cli.annotate(path, "--lenient")
    assert data["accounting"]["skipped_reasons"] == {"conflicting duplicate gene rows": 1}
    assert data["findings"] == [] and data["accounting"]["alterations"] == 1


def test_cna_continuous_values_are_refused(cli, tmp_path):
    path = tmp_path / "data_log2_cna.txt"
    path.write_text("Hugo_Symbol\tS1\nMET\t1.73\n")
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2 and "is this a continuous (log2) matrix?" in result.stderr


GISTIC_HEADER = "Gene Symbol\tLocus ID\tCytoband\tS1\tS2\n"


def test_gistic_thresholded_table_reads_codes(tmp_path):
    path = tmp_path / "all_thresholded.by_genes.txt"
    path.write_text(GISTIC_HEADER + "MET\t4233\t7q31.2\t2\t0\nCDKN2A\t1029\t9p21.3\t-2\t0\n"
                    "ERBB2\t2064\t17q12\t1.0\tNA\n")  # a code written as a decimal
    result = read(path, sample="S1")
    assert {a.key for a in result.alterations} == {
        ("MET", "amplification", None), ("CDKN2A", "deletion", None),
        ("ERBB2", "low-level gain", None)}
    assert by_gene(result, "MET").copy_number is None  # a code carries no copy number


def test_gistic_continuous_table_reads_log2_ratios(tmp_path):
    """One value that is not a code -2..2 makes the whole table continuous: 1 is then a log2
    ratio of 4 copies (an amplification), not a low-level gain."""
    path = tmp_path / "all_data_by_genes.txt"
    path.write_text(GISTIC_HEADER + "MET\t4233\t7q31.2\t1\t0\nCDKN2A\t1029\t9p21.3\t-1.352\t0\n"
                    "ERBB2\t2064\t17q12\t0.298\t0\n")
    result = read(path, sample="S1")
    assert by_gene(result, "MET").copy_number == 4.0
    assert (by_gene(result, "CDKN2A").alteration, by_gene(result, "CDKN2A").copy_number) == \
        ("deletion", 0.78)
    assert not any(a.gene == "ERBB2" for a in result.alterations)  # 2.46 copies: no call


def test_a_matrix_with_entrez_ids_only_asks_for_symbols(cli, tmp_path):
    path = tmp_path / "data_cna.txt"
    path.write_text("Entrez_Gene_Id\tS1\n4233\t2\n")
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2
    assert "has Entrez_Gene_Id but no Hugo_Symbol column" in result.stderr


def test_cna_long_with_words_and_codes():
    result = read(LONG)
    calls = {a.key: a for a in result.alterations}
    assert ("MET", "amplification", None) in calls  # Amplification
    assert ("CDKN2A", "deletion", None) in calls  # Deep Deletion
    assert ("MYC", "amplification", None) in calls  # 2
    assert ("ERBB2", "low-level gain", None) in calls and ("RB1", "shallow deletion", None) \
        in calls
    assert not any(a.gene == "EGFR" for a in result.alterations)  # Diploid
    assert result.outside_kb_genes == 1  # SOX2 AMP
    assert result.sample == "PT004_plasma"


@pytest.mark.parametrize("text,code", [
    ("Amplification", 2), ("AMP", 2), ("Gain", 1), ("Diploid", 0), ("Shallow Deletion", -1),
    ("HETLOSS", -1), ("Deep_Deletion", -2), ("HOMDEL", -2), ("-1.5", -1.5), ("NA", None),
])
def test_cna_words(text, code):
    from ctdna_resist.readers.cna import parse_code

    assert parse_code(text) == code


# -- allele-specific segments -------------------------------------------------------------------

def test_ascat_segments_map_to_genes_by_coordinates():
    result = read(ASCAT, sample="PT008_T", genome="GRCh38")
    met = by_gene(result, "MET")
    # MET overlaps two segments; the one covering most of it (5+2 copies) decides
    assert (met.alteration, met.tumor_copy_number, met.copy_number) == ("amplification", 7.0,
                                                                        None)
    assert by_gene(result, "CDKN2A").alteration == "deletion"  # 0 + 0
    assert {a.gene for a in result.alterations} == {"MET", "CDKN2A"}  # EGFR 1+1, TP53 1+0
    assert result.outside_kb_genes == 1  # the 8-copy chr12 segment (MDM2) holds no KB gene
    assert result.input_records == 6  # the PT008_N rows are another sample


def test_segments_need_a_genome_build(cli):
    result = cli("annotate", ASCAT, "--sample", "PT008_T", "-o", "-")
    assert result.exit_code == 2 and "give --genome GRCh37 or GRCh38" in result.stderr


def test_segment_coordinates_are_read_in_the_build_given():
    grch37 = read(ASCAT, sample="PT008_T", genome="GRCh37")
    assert not any(a.gene == "MET" for a in grch37.alterations)  # MET lies at 116.3 Mb there


@pytest.mark.parametrize("content", [
    # Battenberg subclones.txt: the first (major) clonal state
    "chr\tstartpos\tendpos\tBAF\tpval\tLogR\tntot\tnMaj1_A\tnMin1_A\tfrac1_A\tnMaj2_A\tnMin2_A"
    "\tfrac2_A\n7\t116600000\t116900000\t0.21\t1e-8\t1.12\t6.4\t6\t1\t0.8\t5\t1\t0.2\n",
    # FACETS cncf: total copy number tcn.em, chromosome as a number
    "chrom\tseg\tnum.mark\tnhet\tcnlr.median\tmafR\tsegclust\tcnlr.median.clust\tmafR.clust\t"
    "start\tend\tcf.em\ttcn.em\tlcn.em\n7\t41\t310\t22\t1.4\t0.9\t12\t1.38\t0.88\t116600000\t"
    "116900000\t0.91\t7\t1\n",
    # Sequenza segments.txt
    "chromosome\tstart.pos\tend.pos\tBf\tN.BAF\tsd.BAF\tdepth.ratio\tN.ratio\tsd.ratio\tCNt\tA"
    "\tB\tLPP\nchr7\t116600000\t116900000\t0.12\t80\t0.05\t3.1\t400\t0.2\t7\t6\t1\t-12.1\n",
])
def test_other_allele_specific_layouts(tmp_path, content):
    path = tmp_path / "segments.txt"
    path.write_text(content)
    met = by_gene(read(path, genome="GRCh38"), "MET")
    assert met.alteration == "amplification" and met.tumor_copy_number == 7.0


def test_purecn_gene_calls_read_the_tumour_copy_number(tmp_path):
    path = tmp_path / "S1_genes.csv"
    path.write_text('"Sampleid","gene.symbol","chr","start","end","C","seg.mean","type"\n'
                    '"S1","MET","chr7",116672196,116798377,11,1.24,"AMPLIFICATION"\n'
                    '"S1","CDKN2A","chr9",21967752,21974857,0,-1.6,"HOMOZYGOUS DELETION"\n'
                    '"S1","TP53","chr17",7668421,7687490,1,-0.44,NA\n'
                    '"S1","EGFR","chr7",55019017,55211628,NA,0.01,NA\n')
    result = read(path)
    assert {a.key: a.tumor_copy_number for a in result.alterations} == {
        ("MET", "amplification", None): 11.0, ("CDKN2A", "deletion", None): 0.0}
    assert result.input_records == 4 and by_gene(result, "MET").copy_number is None
