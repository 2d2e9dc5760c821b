"""MAF as vcf2maf and cBioPortal write it."""

from helpers import TEST_DATA
from readers_helpers import read

EXAMPLE = TEST_DATA / "maf/example_patient.no_trailing_newline.maf"
MINIMAL = TEST_DATA / "maf/minimal_columns.two_samples.maf"


def test_vcf2maf_file_without_trailing_newline_reads_every_record():
    assert not EXAMPLE.read_bytes().endswith(b"\n")
    result = read(EXAMPLE)
    assert result.input_records == 6
    assert result.genome == "GRCh38" and result.sample == "PT001_plasma"
    l858r = next(a for a in result.alterations if a.alteration == "L858R")  # the last line
    assert (l858r.gene, l858r.hgvs_p, l858r.depth, l858r.alt_depth) == \
        ("EGFR", "p.Leu858Arg", 2412, 198)
    assert l858r.vaf == round(198 / 2412, 6)
    assert (l858r.chrom, l858r.pos, l858r.ref, l858r.alt) == ("7", 55191822, "T", "G")
    assert l858r.hgvs_c == "c.2573T>G" and l858r.transcript == "ENST00000275493"


def test_several_samples_need_sample(cli):
    result = cli("annotate", MINIMAL, "-o", "-")
    assert result.exit_code == 2
    assert "holds 2 samples (PT002_plasma_T1, PT002_plasma_T2); choose one with --sample" \
        in result.stderr
    missing = cli("annotate", MINIMAL, "--sample", "PT002_T3", "-o", "-")
    assert missing.exit_code == 2 and "sample 'PT002_T3' not found" in missing.stderr


def test_minimal_maf_with_only_some_columns():
    result = read(MINIMAL, sample="PT002_plasma_T2")
    assert result.input_records == 6
    keys = {a.key for a in result.alterations}
    assert ("EGFR", "exon 19 deletion", None) in keys  # p.E746_A750del, canonical class
    c797s = next(a for a in result.alterations if a.alteration == "C797S")
    assert c797s.depth == 1985 + 40 and c797s.vaf == round(40 / 2025, 6)  # no t_depth column
    assert ("KRAS", "G12D", None) in keys
    # a splice site without HGVSc and an intronic call are listed, not interpreted
    assert ("TP53", "Splice_Site", None) in keys and ("EGFR", "Intron", None) in keys
    assert result.outside_kb_genes == 1  # ZNF217


def test_filtered_records_are_skipped_with_a_reason(cli, tmp_path):
    path = tmp_path / "filtered.maf"
    path.write_text("#version 2.4\nHugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\tFILTER\n"
                    "EGFR\tS1\tp.T790M\tPASS\nEGFR\tS1\tp.C797S\tweak_evidence\n")
    data = cli.annotate(path, "--therapy", "osimertinib")
    assert data["accounting"]["skipped_reasons"] == {"FILTER not PASS": 1}
    assert [f["alteration"] for f in data["findings"]] == ["T790M"]


def test_bad_count_names_the_line_and_lenient_skips_it(cli, tmp_path):
    path = tmp_path / "bad.maf"
    path.write_text("Hugo_Symbol\tHGVSp_Short\tt_alt_count\tt_depth\n"
                    "EGFR\tp.T790M\t91\t2230\nEGFR\tp.C797S\tfifty\t2187\n")
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2
    assert f"{path}:3: t_alt_count 'fifty' is not a number" in result.stderr
    data = cli.annotate(path, "--lenient")
    assert data["accounting"]["skipped_reasons"] == {"t_alt_count invalid": 1}


def test_build_named_in_the_maf_must_match_genome(cli):
    result = cli("annotate", EXAMPLE, "--genome", "GRCh37", "-o", "-")
    assert result.exit_code == 2
    assert "NCBI_Build is GRCh38, but --genome GRCh37 was given" in result.stderr


CTDNA_COLUMNS = ("Hugo_Symbol\tNCBI_Build\tChromosome\tStart_Position\tReference_Allele\t"
                 "Tumor_Seq_Allele2\tVariant_Classification\tHGVSp_Short\tHGVSc\t"
                 "Tumor_Sample_Barcode\tt_alt_count\tt_depth\tt_alt_freq\tCH\n")


def test_ctdna_columns_vaf_chip_and_rows_not_detected(cli, tmp_path):
    """A ctDNA caller's MAF: its own t_alt_freq, a clonal-haematopoiesis column, and rows
    genotyped at VAF 0 that are not detected."""
    path = tmp_path / "calls.maf"
    path.write_text(CTDNA_COLUMNS +
                    "EGFR\tGRCh38\t7\t55191822\tT\tG\tMissense_Mutation\tp.L858R\t\tS1\t212\t"
                    "3073\t0.069\tFALSE\n"
                    "EGFR\tGRCh38\t7\t55181378\tC\tT\tMissense_Mutation\tp.T790M\t\tS1\t0\t"
                    "3120\t0\tFALSE\n"
                    "KRAS\tGRCh38\t12\t25245351\tC\tA\tMissense_Mutation\tp.G12C\t\tS1\t19\t"
                    "2721\t0.007\tTRUE\n")
    data = cli.annotate(path, "--therapy", "osimertinib")
    listed = {a["alteration"]: a for a in data["findings"] + data["other_alterations"]}
    assert listed["L858R"]["vaf"] == 0.069 and listed["L858R"]["vaf_source"] == "t_alt_freq"
    assert "possible_chip" in listed["G12C"]["flags"]
    assert listed["T790M"]["reason"].startswith("not detected")
    assert "T790M" not in {f["alteration"] for f in data["findings"]}


def test_splice_site_row_reads_as_the_exon_skipping_and_silent_rows_are_skipped(cli, tmp_path):
    """cBioPortal writes MET c.3028+1G>T as p.X1010_splice: its position in the MANE model
    says it is exon 14's donor site."""
    path = tmp_path / "data_mutations.txt"
    path.write_text(CTDNA_COLUMNS.replace("\tt_alt_freq\tCH", "") +
                    "EGFR\t37\t7\t55259515\tT\tG\tMissense_Mutation\tp.L858R\tc.2573T>G\t"
                    "S1\t388\t2104\n"
                    "MET\t37\t7\t116412044\tG\tT\tSplice_Site\tp.X1010_splice\tc.3028+1G>T\t"
                    "S1\t31\t1877\n"
                    "EGFR\t37\t7\t55259514\tC\tT\tSilent\tp.L858=\tc.2572C>T\tS1\t12\t2210\n")
    data = cli.annotate(path, "--therapy", "osimertinib")
    assert [(f["gene"], f["alteration"]) for f in data["findings"]] == \
        [("MET", "exon 14 skipping")]
    assert data["accounting"]["skipped_reasons"] == \
        {"no protein change (synonymous, intronic, UTR, non-coding)": 1}
